/**
 * Keeps the primary where it can stay, carrying out the pure decisions of {@code
 * io.tusk.day2.placement}: {@link io.tusk.operator.placement.ScaleDownGuard} switches over before a
 * scale-down would remove the primary's pod, and holds the StatefulSet's replicas until it may;
 * {@link io.tusk.operator.placement.NodeWatch} watches the nodes (only whether they are schedulable
 * and their labels) and reconciles the clusters whose primary runs on a node that starts leaving;
 * {@link io.tusk.operator.placement.DrainMover} then moves that primary by a switchover (scheduled
 * for the next maintenance window outside one). Pods are never deleted or evicted here: a drain
 * evicts them itself, subject to the PodDisruptionBudgets.
 */
package io.tusk.operator.placement;
