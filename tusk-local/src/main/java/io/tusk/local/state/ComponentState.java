package io.tusk.local.state;

import io.tusk.local.process.ProcessRef;

/**
 * One running component as recorded in {@code state.json}.
 *
 * @param name e.g. {@code kube-apiserver}
 * @param pid process id (and process group id)
 * @param startMillis process start time, guards against recycled pids
 * @param groupLeader whether the pid leads its own process group
 * @param port main port, 0 if none
 * @param log log file
 */
public record ComponentState(
    String name, long pid, long startMillis, boolean groupLeader, int port, String log) {

  public ProcessRef process() {
    return new ProcessRef(pid, startMillis, groupLeader);
  }
}
