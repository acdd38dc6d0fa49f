package io.tusk.local.pods;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a pod's processes the way a container runtime would place them, without one: inside the
 * pod's network namespace ({@code ip netns exec}, which also bind-mounts the pod's {@code hosts}
 * and {@code resolv.conf}), as the unprivileged pod user ({@code setpriv}, no PAM session), with
 * exactly the given environment (never on the command line, where {@code ps} would show passwords).
 * Every step {@code exec}s, so the started process's pid is the program's own.
 */
final class PodProcesses {

  /** The unprivileged user every pod process runs as; created when missing. */
  static final String POD_USER = "tusk-pod";

  private PodProcesses() {}

  static synchronized void ensureUser() throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
      if (line.startsWith(POD_USER + ":")) {
        return;
      }
    }
    HostCommand.run(
        List.of(
            "/usr/sbin/useradd",
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            POD_USER));
  }

  static List<String> wrap(String netns, List<String> command) {
    List<String> cmd = new ArrayList<>();
    cmd.add(PodNetwork.IP);
    cmd.add("netns");
    cmd.add("exec");
    cmd.add(netns);
    cmd.add("/usr/bin/setpriv");
    cmd.add("--reuid=" + POD_USER);
    cmd.add("--regid=" + POD_USER);
    cmd.add("--init-groups");
    cmd.add("--");
    cmd.addAll(command);
    return cmd;
  }

  /**
   * Starts a container's main process with its output on a pipe (read by a {@link
   * ContainerLogWriter}) and no stdin. stderr shares stdout's pipe, so that the log keeps the order
   * in which the container wrote (two pipes read by two threads would not); the log then labels all
   * of it stdout.
   */
  static Process start(String netns, List<String> command, Map<String, String> env, Path workDir)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(wrap(netns, command));
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.directory(workingDirectory(workDir));
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return pb.start();
  }

  /** The directory a container's process starts in: its own, or the root when it has none. */
  static File workingDirectory(Path workDir) {
    return workDir != null && Files.isDirectory(workDir) ? workDir.toFile() : new File("/");
  }

  /** Runs an exec probe; true when it exits 0 within the timeout. */
  static boolean probe(
      String netns, List<String> command, Map<String, String> env, int timeoutSeconds) {
    try {
      ProcessBuilder pb = new ProcessBuilder(wrap(netns, command));
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.directory(new File("/"));
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      if (!p.waitFor(Math.max(1, timeoutSeconds), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
