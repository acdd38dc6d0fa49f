/**
 * Benchmark drivers, run by the scripts under {@code bench/}: the operator-scale driver ({@code
 * tusk bench-scale}: many clusters on simulated pods) and the day-2 driver ({@code tusk
 * bench-day2}: a rolling update and a restart-parameter change of a real three-instance cluster
 * under a steady write load, with an in-place restart baseline), with the writer, the operator
 * child process and the write-gap arithmetic they use.
 */
package io.tusk.cli.bench;
