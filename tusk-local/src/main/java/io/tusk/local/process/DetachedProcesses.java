package io.tusk.local.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts processes that outlive the JVM which started them, and finds and stops them later from
 * another JVM. A process is started through {@code setsid} so that it leads its own session and
 * process group: it does not get the terminal's Ctrl-C, it survives the launching JVM, and stopping
 * it kills the whole group (any children included). Output goes to a log file, input comes from
 * {@code /dev/null}.
 */
public final class DetachedProcesses {

  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final long START_TIME_TOLERANCE_MS = 2000;

  private DetachedProcesses() {}

  /** A process just started: its identity, and the handle for its exit code while we live. */
  public record Started(ProcessRef ref, Process process) {}

  /** Starts {@code command} detached, appending its output to {@code log}. */
  public static Started start(
      List<String> command, Path log, Path workDir, Map<String, String> extraEnv)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    boolean setsid = Files.isExecutable(SETSID);
    if (setsid) {
      cmd.add(SETSID.toString());
    }
    cmd.addAll(command);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true);
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    long start =
        p.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
    return new Started(new ProcessRef(p.pid(), start, setsid), p);
  }

  /** True if the process is running (not a zombie) and is the one we started. */
  public static boolean isAlive(ProcessRef ref) {
    if (ref == null || ref.pid() <= 0) {
      return false;
    }
    Optional<ProcessHandle> h = ProcessHandle.of(ref.pid());
    if (h.isEmpty() || !h.get().isAlive() || isZombie(ref.pid())) {
      return false;
    }
    if (ref.startMillis() > 0) {
      Optional<Instant> started = h.get().info().startInstant();
      if (started.isPresent()
          && Math.abs(started.get().toEpochMilli() - ref.startMillis()) > START_TIME_TOLERANCE_MS) {
        return false; // the pid was recycled by an unrelated process
      }
    }
    return true;
  }

  private static boolean isZombie(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat, StandardCharsets.UTF_8);
      int close = s.lastIndexOf(')');
      return close > 0 && close + 2 < s.length() && s.charAt(close + 2) == 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops the process (its whole group when it leads one): SIGTERM, then SIGKILL after {@code
   * grace}. Does nothing if it is not alive or the pid now belongs to someone else.
   *
   * @return true if the process is gone afterwards
   */
  public static boolean stop(ProcessRef ref, Duration grace) {
    if (!isAlive(ref)) {
      // The leader may be gone while members of its group linger; sweep the group then. The
      // kernel does not hand out a pid that is still in use as a process-group id, so members of
      // group <pid> are ours as long as no process has the pid itself (a recycled one).
      if (ref != null
          && ref.groupLeader()
          && ref.pid() > 0
          && ProcessHandle.of(ref.pid()).isEmpty()
          && groupExists(ref.pid())) {
        signalGroup(ref.pid(), "KILL");
      }
      return true;
    }
    signal(ref, "TERM");
    if (waitForExit(ref, grace)) {
      if (ref.groupLeader()) {
        signalGroup(ref.pid(), "KILL"); // stragglers in the group
      }
      return true;
    }
    signal(ref, "KILL");
    return waitForExit(ref, Duration.ofSeconds(5));
  }

  private static void signal(ProcessRef ref, String signal) {
    if (ref.groupLeader()) {
      signalGroup(ref.pid(), signal);
    } else {
      ProcessHandle.of(ref.pid())
          .ifPresent(
              h -> {
                if ("KILL".equals(signal)) {
                  h.destroyForcibly();
                } else {
                  h.destroy();
                }
              });
    }
  }

  private static void signalGroup(long pgid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      kill.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      ProcessHandle.of(pgid).ifPresent(ProcessHandle::destroyForcibly);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Processes of this user, other than the current JVM, that have an argument naming a path inside
   * {@code dir} (or {@code dir} itself). Every component of a control plane is started with such an
   * argument, so this finds even processes whose pid never made it into the state file (a crash
   * right after starting them).
   */
  public static java.util.List<ProcessHandle> referencing(Path dir) {
    String root = dir.toAbsolutePath().normalize().toString();
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(h -> h.pid() != self)
        .filter(
            h ->
                h.info().arguments().stream()
                    .flatMap(java.util.Arrays::stream)
                    .anyMatch(a -> mentions(a, root)))
        .toList();
  }

  static boolean mentions(String arg, String root) {
    int i = arg.indexOf(root);
    while (i >= 0) {
      boolean startOk = i == 0 || arg.charAt(i - 1) == '=';
      int end = i + root.length();
      boolean endOk = end == arg.length() || arg.charAt(end) == '/';
      if (startOk && endOk) {
        return true;
      }
      i = arg.indexOf(root, i + 1);
    }
    return false;
  }

  /** True if any process still belongs to process group {@code pgid}. */
  static boolean groupExists(long pgid) {
    return ProcessHandle.allProcesses().anyMatch(h -> processGroup(h.pid()) == pgid);
  }

  private static long processGroup(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(rest[2]); // fields after comm: state ppid pgrp ...
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static boolean waitForExit(ProcessRef ref, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isAlive(ref)) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !isAlive(ref);
      }
    }
    return !isAlive(ref);
  }
}
