/**
 * Where the primary may stay, decided purely from {@link io.tusk.day2.ClusterFacts}: before a
 * scale-down removes the pod that holds it ({@link io.tusk.day2.placement.ScaleDown}, Zalando's
 * {@code preScaleDown}), and when the node it runs on is being drained or retired ({@link
 * io.tusk.day2.placement.NodeDrain}, Zalando's {@code MigrateMasterPod}). Both answer with a
 * switchover to a member that stays, or with a {@link io.tusk.day2.Action.Wait} saying why not yet;
 * neither ever removes a pod.
 */
package io.tusk.day2.placement;
