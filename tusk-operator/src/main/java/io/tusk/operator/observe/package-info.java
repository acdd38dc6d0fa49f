/**
 * The observe step: every read of a cluster's world for one reconcile, in one place. {@link
 * io.tusk.operator.observe.ClusterObserver} reads owned objects from the informer caches ({@link
 * io.tusk.operator.observe.ClusterCache}) and the API server only for what the caches cannot show,
 * and returns a {@link io.tusk.operator.observe.ClusterWorld}: the owned objects, the builders'
 * inputs ({@code io.tusk.spec.Observed}) and the flow (Create, Update or Sync). Nothing after this
 * step reads the cluster's objects again.
 *
 * <p>{@link io.tusk.operator.observe.LeaderWatch} watches pods that run without a Patroni leader,
 * for the status message, a Warning Event and Zalando's {@code pod_label_wait_timeout}.
 */
package io.tusk.operator.observe;
