package io.tusk.local.pods;

import io.fabric8.kubernetes.api.model.Container;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run state of one container of a real pod: its process, restarts with the kubelet's
 * exponential back-off, the last termination, and readiness from its probe. Mutated only by the
 * pod's worker thread.
 */
final class ContainerRun {

  static final Duration BACKOFF_BASE = Duration.ofSeconds(10);
  static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

  /** A container that ran this long before exiting restarts without back-off history. */
  static final Duration BACKOFF_RESET = Duration.ofMinutes(2);

  final Container spec;
  final boolean init;
  volatile Process process;
  Instant startedAt;
  volatile Map<String, String> env = new LinkedHashMap<>();
  volatile Map<String, String> execAliases = Map.of();
  volatile java.nio.file.Path serviceRestartFile;
  volatile java.nio.file.Path workingDirectory;

  /** The log of the current (or last) run, numbered by the restart count it started with. */
  volatile ContainerLogWriter log;

  volatile int logRun = -1;
  volatile int restartCount;
  int backoffLevel;
  Instant nextStart = Instant.EPOCH;
  boolean done; // init: exited 0; main: exited and will not restart
  String waitingReason = "ContainerCreating";
  String waitingMessage;
  Map<String, Object> lastTerminated;
  Map<String, Object> terminated;
  boolean ready;
  int probeSuccesses;
  int probeFailures;
  Instant nextProbe = Instant.EPOCH;

  ContainerRun(Container spec, boolean init) {
    this.spec = spec;
    this.init = init;
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process == null ? 0 : process.pid();
  }

  /** Records the exit of the process; returns its exit code. */
  int recordExit(Instant now) {
    int code = process.exitValue();
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("exitCode", code);
    if (code > 128 && code < 160) {
      t.put("signal", code - 128);
    }
    t.put("reason", code == 0 ? "Completed" : "Error");
    t.put("startedAt", startedAt.toString());
    t.put("finishedAt", now.toString());
    t.put("containerID", containerId());
    terminated = t;
    lastTerminated = t;
    if (Duration.between(startedAt, now).compareTo(BACKOFF_RESET) >= 0) {
      backoffLevel = 0;
    }
    process = null;
    ready = false;
    probeSuccesses = 0;
    probeFailures = 0;
    return code;
  }

  /** Schedules the next start after the back-off; the first restart also waits the base delay. */
  void scheduleRestart(Instant now) {
    long seconds = BACKOFF_BASE.toSeconds() << Math.min(backoffLevel, 10);
    seconds = Math.min(seconds, BACKOFF_MAX.toSeconds());
    backoffLevel++;
    restartCount++;
    nextStart = now.plusSeconds(seconds);
    waitingReason = "CrashLoopBackOff";
    waitingMessage = "back-off " + seconds + "s restarting failed container=" + spec.getName();
  }

  String containerId() {
    return "tusk://" + (process != null ? process.pid() : lastPid);
  }

  long lastPid;
}
