/**
 * The running connection poolers around a moving primary, built on the admin-console client of
 * {@code tusk-pooler}: {@link io.tusk.operator.pooler.PoolerPause} pauses the master poolers around
 * a planned switchover (bounded, marked on their Deployment so that a restarted operator resumes
 * them), {@link io.tusk.operator.pooler.PoolerReconnect} sends {@code RECONNECT} after the primary
 * moved without one. {@link io.tusk.operator.pooler.MasterPoolers} finds a cluster's master pooler
 * pods and the pooler role's login; {@link io.tusk.operator.pooler.WritablePrimary} waits until a
 * connection through the master Service is writable. The pooler objects themselves are built in
 * {@code io.tusk.spec.pooler} and applied with the cluster's other objects.
 */
package io.tusk.operator.pooler;
