package io.tusk.local.kubelet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line and environment of an exec (pure but for the executable lookup): the command as
 * given, or, with a TTY, under {@code script}, which runs it on a new pseudo-terminal and returns
 * its exit code; the container's environment, with {@code TERM} for a TTY as container runtimes set
 * it.
 */
final class ExecCommand {

  static final String SCRIPT = "/usr/bin/script";

  private ExecCommand() {}

  /** The program to run for {@code command}: under {@code script} when {@code tty}. */
  static List<String> program(List<String> command, boolean tty) {
    if (!tty) {
      return command;
    }
    StringBuilder line = new StringBuilder("exec");
    for (String arg : command) {
      line.append(' ').append(shellQuote(arg));
    }
    return List.of(SCRIPT, "--quiet", "--return", "--command", line.toString(), "/dev/null");
  }

  /** The environment of the exec'd command. */
  static Map<String, String> environment(Map<String, String> container, boolean tty) {
    Map<String, String> env = new java.util.LinkedHashMap<>(container);
    if (tty) {
      env.putIfAbsent("TERM", "xterm");
    }
    return env;
  }

  /**
   * Where {@code executable} is found as {@code execve} with the container's {@code PATH} would
   * find it; empty when it is not (the runtime's "executable file not found in $PATH").
   */
  static Optional<Path> lookup(String executable, Map<String, String> env) {
    if (executable.contains("/")) {
      Path p = Path.of(executable);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path =
        env.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, executable);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The message a container runtime gives for a command it cannot start. */
  static String notFound(String executable) {
    return executable.contains("/")
        ? "exec: \"" + executable + "\": stat " + executable + ": no such file or directory"
        : "exec: \"" + executable + "\": executable file not found in $PATH";
  }

  static String shellQuote(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
