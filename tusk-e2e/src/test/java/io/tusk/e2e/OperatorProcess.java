package io.tusk.e2e;

import static org.awaitility.Awaitility.await;

import io.tusk.cli.TuskCli;
import io.tusk.local.junit.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The operator as a process of its own ({@code tusk operator} from the test classpath, with the
 * local cluster's admin kubeconfig), so that a test can kill it with SIGKILL in the middle of its
 * work and start another. Its log goes to {@code target/operator-<n>.log}.
 */
final class OperatorProcess implements AutoCloseable {

  private static int started;

  private final Process process;
  private final Path log;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts an operator reading the ConfigMap the {@link io.tusk.it.OperatorHarness} wrote. */
  static OperatorProcess start(LocalCluster cluster) throws IOException {
    String ns = cluster.namespace();
    Path log = Path.of("target", "operator-" + (++started) + ".log").toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // The operator's own logging (to standard output), not the tests' logback-test.xml.
                "-Dlogback.configurationFile=" + operatorLogging(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.tusk.cli.TuskCli",
                "operator",
                "--config-map",
                ns + "/" + io.tusk.it.OperatorHarness.CONFIG_MAP,
                "--namespace",
                ns,
                "--watch",
                ns,
                "--http-port",
                "0",
                "--primary-address",
                "service_ip"));
    pb.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    OperatorProcess op = new OperatorProcess(pb.start(), log);
    // Never outlive the test JVM, whatever ends it.
    Runtime.getRuntime().addShutdownHook(new Thread(op.process::destroyForcibly));
    try {
      await("the operator process to start (" + log + ")")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  !op.process.isAlive()
                      || Files.readString(op.log).contains("Tusk operator started"));
    } catch (RuntimeException e) {
      op.process.destroyForcibly();
      throw e;
    }
    if (!op.process.isAlive()) {
      throw new IllegalStateException("the operator exited at start; see " + log);
    }
    return op;
  }

  private static String operatorLogging() {
    java.net.URL url = TuskCli.class.getClassLoader().getResource("logback.xml");
    if (url == null) {
      throw new IllegalStateException("tusk-cli's logback.xml is not on the test class path");
    }
    return url.toString();
  }

  /** SIGKILL: no shutdown hook runs, nothing is finished. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }
}
