package io.tusk.local.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives a started process a larger share of the CPU than the other processes on the machine.
 *
 * <p>Every component is started in its own session ({@link DetachedProcesses}). On kernels with
 * autogroup scheduling ({@code /proc/sys/kernel/sched_autogroup_enabled} = 1, the default of most
 * distributions) each session is one scheduling group, and the groups share the CPU equally: a
 * process's own nice value only orders the threads inside its group. So the share is raised through
 * the group's nice value ({@code /proc/<pid>/autogroup}). Without autogroup, the command is started
 * under {@code nice} ({@link #command}), which every thread inherits.
 *
 * <p>A negative nice value needs root (CAP_SYS_NICE); without it the process keeps the default
 * share and {@link #raise} says so.
 */
public final class CpuPriority {

  private static final Path PROC = Path.of("/proc");
  private static final Path NICE = Path.of("/usr/bin/nice");

  private CpuPriority() {}

  /** What {@link #raise} did. */
  public enum Outcome {
    /** The process's scheduling group now has the requested nice value. */
    AUTOGROUP,
    /** The process was started under {@code nice} (no autogroup scheduling on this kernel). */
    STARTED_NICE,
    /** Not allowed (not root), or the process is gone: it has the default share. */
    UNCHANGED
  }

  /**
   * The command to start for a process that should run at {@code nice}: prefixed with {@code nice
   * -n} when the kernel does not schedule by autogroup and this process may lower nice values.
   */
  public static List<String> command(List<String> command, int nice) {
    return command(command, nice, PROC, isRoot());
  }

  static List<String> command(List<String> command, int nice, Path proc, boolean root) {
    if (nice == 0 || autogroupEnabled(proc) || !root || !Files.isExecutable(NICE)) {
      return command;
    }
    List<String> out = new ArrayList<>(List.of(NICE.toString(), "-n", Integer.toString(nice)));
    out.addAll(command);
    return out;
  }

  /**
   * Applies {@code nice} to the scheduling group of {@code pid}, started with {@link #command} in a
   * session of its own. Waits (up to {@link #SESSION_WAIT}) until the process leads its session:
   * until {@code setsid} has run, it is still in the caller's session, whose group must not change.
   */
  public static Outcome raise(long pid, int nice) {
    return raise(pid, nice, PROC, isRoot(), SESSION_WAIT);
  }

  static final Duration SESSION_WAIT = Duration.ofSeconds(5);

  static Outcome raise(long pid, int nice, Path proc, boolean root, Duration sessionWait) {
    if (!root) {
      return Outcome.UNCHANGED;
    }
    if (!autogroupEnabled(proc)) {
      return Files.isExecutable(NICE) ? Outcome.STARTED_NICE : Outcome.UNCHANGED;
    }
    if (!awaitOwnSession(pid, proc, sessionWait)) {
      return Outcome.UNCHANGED;
    }
    Path autogroup = proc.resolve(Long.toString(pid)).resolve("autogroup");
    try {
      Files.writeString(autogroup, Integer.toString(nice), StandardCharsets.US_ASCII);
      return Outcome.AUTOGROUP;
    } catch (IOException e) {
      return Outcome.UNCHANGED;
    }
  }

  private static boolean awaitOwnSession(long pid, Path proc, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long session = session(pid, proc);
      if (session == pid) {
        return true;
      }
      if (session < 0 || System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** The session id of {@code pid} ({@code /proc/<pid>/stat}), or -1 if it is gone. */
  static long session(long pid, Path proc) {
    try {
      String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[3]); // after comm: state ppid pgrp session
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static boolean autogroupEnabled(Path proc) {
    try {
      Path flag = proc.resolve("sys/kernel/sched_autogroup_enabled");
      return Files.readString(flag).trim().equals("1");
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
