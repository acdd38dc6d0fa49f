package io.tusk.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived external program (pg_config, apt-get, pip, openssl ...) and collects its
 * combined output. Used for detection and installation only, never for a container's process.
 */
public final class ExternalCommand {

  /** Exit code and combined stdout/stderr of a finished program. */
  public record Result(List<String> command, int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** The last lines of the output, for error messages. */
    public String tail(int lines) {
      String[] all = output.strip().split("\n");
      int from = Math.max(0, all.length - lines);
      return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }
  }

  private ExternalCommand() {}

  public static Result run(List<String> command, Duration timeout) {
    return run(command, Map.of(), null, timeout);
  }

  /**
   * Runs a program with extra environment variables (added to this process's environment) in a
   * working directory (null = current). A program that cannot be started yields exit code 127.
   */
  public static Result run(
      List<String> command, Map<String, String> extraEnv, Path workDir, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(extraEnv);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(command, 127, String.valueOf(e.getMessage()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread pump =
        new Thread(
            () -> {
              try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // the process went away; keep what was read
              }
            },
            "external-command-output");
    pump.setDaemon(true);
    pump.start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        pump.join(1000);
        return new Result(
            command,
            124,
            out.toString(StandardCharsets.UTF_8) + "\n(timed out after " + timeout + ")");
      }
      pump.join(5000);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while running " + command));
    }
    return new Result(command, p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }
}
