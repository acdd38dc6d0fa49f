/**
 * The commands users run by hand on a cluster, through the Kubernetes API and Patroni as the
 * operator does: {@code tusk status}, {@code tusk switchover}, {@code tusk restart} and {@code tusk
 * plan}. Each asks the same pure planner (tusk-day2) the operator asks and performs steps with the
 * operator's {@link io.tusk.operator.day2.StepExecutor}.
 */
package io.tusk.cli.cluster;
