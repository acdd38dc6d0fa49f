package io.tusk.cli.bench;

import io.tusk.cli.TuskCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tusk operator} as a child process of a benchmark driver, on the driver's own class path
 * and kubeconfig, so that the driver can stop it (a baseline measured without the operator) and so
 * that its CPU and memory are its own. Its output is appended to a log file; its pid is written to
 * a file, if one is named, so that the calling script can stop it should the driver die first.
 */
final class OperatorChild implements AutoCloseable {

  private final Process process;

  private OperatorChild(Process process) {
    this.process = process;
  }

  /**
   * Starts the operator and waits until it says it has started.
   *
   * @param javaOptions the operator JVM's options, separated by spaces
   * @param operatorArgs the arguments after {@code tusk operator}
   */
  static OperatorChild start(String javaOptions, List<String> operatorArgs, Path log, Path pidFile)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Arrays.stream(javaOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(command::add);
    String root = System.getProperty("tusk.root.dir");
    if (root != null) {
      command.add("-Dtusk.root.dir=" + root);
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), TuskCli.class.getName(), "operator"));
    command.addAll(operatorArgs);
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    OperatorChild child = new OperatorChild(pb.start());
    if (pidFile != null) {
      Files.writeString(pidFile, Long.toString(child.process.pid()));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!startedSince(log, logStart)) {
      if (!child.process.isAlive()) {
        throw new IllegalStateException("the operator exited at start; see " + log);
      }
      if (System.nanoTime() > deadline) {
        child.close();
        throw new IllegalStateException("the operator did not start within 90 s; see " + log);
      }
      Thread.sleep(200);
    }
    return child;
  }

  private static boolean startedSince(Path log, long offset) throws IOException {
    byte[] all = Files.readAllBytes(log);
    return all.length > offset
        && new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8)
            .contains("Tusk operator started");
  }

  long pid() {
    return process.pid();
  }

  /** SIGTERM (the operator's shutdown hook stops it cleanly), then SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
