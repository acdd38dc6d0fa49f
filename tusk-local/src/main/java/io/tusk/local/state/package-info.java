/**
 * What a control plane leaves on disk for later JVMs: {@link io.tusk.local.state.StateLayout} is
 * where its files live (one directory, removed by {@code down}), {@link
 * io.tusk.local.state.ClusterState} the contents of {@code state.json}, with a {@link
 * io.tusk.local.state.ComponentState} per started process, rewritten after every start so a crash
 * mid-way leaves a record of what to clean up.
 */
package io.tusk.local.state;
