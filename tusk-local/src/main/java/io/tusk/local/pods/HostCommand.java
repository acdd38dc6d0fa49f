package io.tusk.local.pods;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short host command ({@code ip}, {@code iptables-restore}, {@code useradd}) and returns its
 * output; a non-zero exit becomes an {@link IOException} quoting the command's output.
 */
final class HostCommand {

  private HostCommand() {}

  static String run(List<String> command) throws IOException {
    return run(command, null);
  }

  /** Runs {@code command} with {@code stdin} (may be null) and returns stdout+stderr. */
  static String run(List<String> command, String stdin) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within 60s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + " failed with exit code "
              + p.exitValue()
              + ": "
              + out.strip());
    }
    return out;
  }

  /** Like {@link #run(List)} but ignores failures (teardown of things that may be gone). */
  static void quietly(List<String> command) {
    try {
      run(command);
    } catch (IOException e) {
      // already gone
    }
  }
}
