package io.tusk.local.process;

/**
 * A process we started, identified by pid and start time so that a recycled pid is never taken for
 * ours (nor killed).
 *
 * @param pid process id; also the process-group id when started through {@code setsid}
 * @param startMillis start time in epoch milliseconds, or 0 if unknown
 * @param groupLeader whether the process leads its own process group (kill the group)
 */
public record ProcessRef(long pid, long startMillis, boolean groupLeader) {}
