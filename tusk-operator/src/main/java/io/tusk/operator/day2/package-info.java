/**
 * Day-2 work on running clusters, carried out: {@link io.tusk.operator.day2.PatroniObservation}
 * reads the pods and Patroni into {@link io.tusk.day2.ClusterFacts}; {@link
 * io.tusk.operator.day2.Day2Runner} asks the pure {@link io.tusk.day2.Day2Planner} for the next
 * step and performs it (a Patroni call or a pod deletion), with an Event, then asks to come back
 * soon while work remains. The decisions live in tusk-day2; this package only has side effects.
 */
package io.tusk.operator.day2;
