package io.tusk.operator.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command in a container of a pod, as {@code kubectl exec} does, and collects its output.
 */
public final class PodExec {

  /**
   * @param code the exit code; -1 when it is not known (the exec failed or timed out)
   * @param output standard output (what a command answers)
   * @param errors standard error (its log lines), and why the exec failed when it did
   * @param timedOut the limit passed while the command still ran (it goes on in the pod)
   */
  public record Result(int code, String output, String errors, boolean timedOut) {
    public boolean ok() {
      return code == 0;
    }

    /** Output and errors, for a message. */
    public String both() {
      return (output + errors).strip();
    }
  }

  private PodExec() {}

  public static Result run(
      KubernetesClient client,
      String namespace,
      String pod,
      String container,
      List<String> command,
      Duration limit)
      throws InterruptedException {
    return run(client, namespace, pod, container, command, limit, null);
  }

  /** Runs {@code command}; its output also goes to {@code echo} as it comes when given. */
  public static Result run(
      KubernetesClient client,
      String namespace,
      String pod,
      String container,
      List<String> command,
      Duration limit,
      OutputStream echo)
      throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    OutputStream sink = echo == null ? out : new Tee(out, echo);
    OutputStream errSink = echo == null ? err : new Tee(err, echo);
    try (ExecWatch w =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .writingOutput(sink)
            .writingError(errSink)
            .exec(command.toArray(String[]::new))) {
      Integer code = w.exitCode().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return new Result(code == null ? -1 : code, text(out), text(err), false);
    } catch (InterruptedException e) {
      throw e;
    } catch (TimeoutException e) {
      return new Result(-1, text(out), text(err), true);
    } catch (Exception e) {
      return new Result(-1, text(out), text(err) + "\n" + e.getMessage(), false);
    }
  }

  /** Writes what a command reads on its standard input. */
  @FunctionalInterface
  public interface Input {
    void writeTo(OutputStream stdin) throws IOException;
  }

  /**
   * Runs {@code command} with {@code input} written to its standard input, which is closed after
   * it; {@code limit} counts from when the input is written.
   */
  public static Result runWithInput(
      KubernetesClient client,
      String namespace,
      String pod,
      String container,
      List<String> command,
      Input input,
      Duration limit)
      throws InterruptedException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch w =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .redirectingInput()
            .writingOutput(out)
            .writingError(err)
            .exec(command.toArray(String[]::new))) {
      try (OutputStream stdin = w.getInput()) {
        input.writeTo(stdin);
        stdin.flush();
      }
      Integer code = w.exitCode().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return new Result(code == null ? -1 : code, text(out), text(err), false);
    } catch (TimeoutException e) {
      return new Result(-1, text(out), text(err), true);
    } catch (java.util.concurrent.ExecutionException e) {
      return new Result(-1, text(out), text(err) + "\n" + e.getMessage(), false);
    }
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
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
    public void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
      b.flush();
    }
  }
}
