package io.tusk.cli.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.tusk.cli.cluster.ClusterTarget;
import io.tusk.config.Options;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands in the {@code postgres} container of a cluster's primary, as Spilo users do. */
final class PrimaryExec {

  /** Spilo's envdir of the WAL archive, and the command that runs a program with it. */
  static final List<String> ENVDIR = List.of("envdir", "/run/etc/wal-e.d/env");

  /**
   * @param output standard output (what a command answers)
   * @param errors standard error (its log lines)
   * @param timedOut the limit passed while the command still ran (it goes on in the pod)
   */
  record Result(int code, String output, String errors, boolean timedOut) {}

  private final ClusterTarget.Session session;
  private final String pod;

  private PrimaryExec(ClusterTarget.Session session, String pod) {
    this.session = session;
    this.pod = pod;
  }

  /** The cluster's primary pod; fails naming what is missing. */
  static PrimaryExec open(ClusterTarget.Session session) {
    Map<String, String> selector = new HashMap<>(session.podSelector());
    selector.put(session.config().get(Options.POD_ROLE_LABEL), "master");
    List<Pod> pods =
        session
            .client()
            .pods()
            .inNamespace(session.manifest().getMetadata().getNamespace())
            .withLabels(selector)
            .list()
            .getItems();
    if (pods.isEmpty()) {
      throw new IllegalStateException(
          "cluster " + session.manifest().getMetadata().getName() + " has no primary pod");
    }
    return new PrimaryExec(session, pods.get(0).getMetadata().getName());
  }

  String pod() {
    return pod;
  }

  Result run(List<String> command, Duration limit) throws InterruptedException {
    return run(command, limit, null);
  }

  /** Runs {@code command}; its output also goes to {@code echo} as it comes when given. */
  Result run(List<String> command, Duration limit, OutputStream echo) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    OutputStream sink = echo == null ? out : new Tee(out, echo);
    OutputStream errSink = echo == null ? err : new Tee(err, echo);
    try (ExecWatch w =
        session
            .client()
            .pods()
            .inNamespace(session.manifest().getMetadata().getNamespace())
            .withName(pod)
            .inContainer("postgres")
            .writingOutput(sink)
            .writingError(errSink)
            .exec(command.toArray(String[]::new))) {
      Integer code = w.exitCode().get(limit.toSeconds(), TimeUnit.SECONDS);
      return new Result(
          code == null ? -1 : code,
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8),
          false);
    } catch (InterruptedException e) {
      throw e;
    } catch (java.util.concurrent.TimeoutException e) {
      return new Result(
          -1, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), true);
    } catch (Exception e) {
      return new Result(
          -1,
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8) + "\n" + e.getMessage(),
          false);
    }
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
      b.flush();
    }
  }
}
