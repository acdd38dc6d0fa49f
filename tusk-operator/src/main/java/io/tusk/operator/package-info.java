/**
 * The operator process: the side effects around tusk-spec's pure builders. {@link
 * io.tusk.operator.TuskOperator} wires everything with plain constructors (configuration source,
 * reconciler, JOSDK operator, HTTP endpoints); {@link io.tusk.operator.OperatorSettings} holds the
 * environment the process was started with, read once there; {@link
 * io.tusk.operator.NamespacedName} parses {@code namespace/name} references of the configuration.
 *
 * <p>The subpackages follow one reconcile:
 *
 * <ul>
 *   <li>{@code config}: the operator configuration as stored in the cluster, watched and reloaded;
 *   <li>{@code reconciler}: the JOSDK adapter and the reconcile path, observe → validate → build →
 *       apply → database → status;
 *   <li>{@code observe}: every read of a cluster's world for one reconcile;
 *   <li>{@code sync}: the object step (server-side apply of what differs, StatefulSet replacement)
 *       and the deletion of a cluster;
 *   <li>{@code secrets}: the rules of credential Secrets;
 *   <li>{@code database}: the database step, which runs tusk-sql against the cluster's primary;
 *   <li>{@code day2}, {@code placement}, {@code volumes}, {@code streams}: the work on a running
 *       cluster (Patroni steps and pod recreation, the primary's placement, volume growth, event
 *       streams);
 *   <li>{@code pooler}: the running connection poolers around a moving primary (pause around a
 *       switchover, reconnect after a failover);
 *   <li>{@code status}: the status rule, its writer and Events;
 *   <li>{@code health}: liveness, readiness and Zalando's read-only REST endpoints;
 *   <li>{@code metrics}: the Prometheus metrics served on {@code /metrics}.
 * </ul>
 */
package io.tusk.operator;
