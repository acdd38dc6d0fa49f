package io.tusk.local.kubelet;

import io.tusk.local.pods.ContainerAccess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec, independent of the protocol: starts the command the way the container's processes run
 * ({@link ContainerAccess#wrap}), copies its output to the client, feeds it the client's stdin in
 * order, resizes its terminal, and reports how it ended through {@link ExecStreams#finish}. A
 * client that goes away kills the command.
 */
final class ExecSession {

  private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);

  /** What the client asked for. */
  record Options(boolean stdin, boolean stdout, boolean stderr, boolean tty) {}

  private final ContainerAccess container;
  private final List<String> command;
  private final Options options;
  private final ExecStreams streams;
  private final ExecutorService blocking;
  private final ScheduledExecutorService timer;
  private final ExecutorService input =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "exec stdin");
            t.setDaemon(true);
            return t;
          });
  private final CompletableFuture<Process> process = new CompletableFuture<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile TerminalResizer resizer;
  private volatile TerminalSize pendingSize;

  ExecSession(
      ContainerAccess container,
      List<String> command,
      Options options,
      ExecStreams streams,
      ExecutorService blocking,
      ScheduledExecutorService timer) {
    this.container = container;
    this.command = command;
    this.options = options;
    this.streams = streams;
    this.blocking = blocking;
    this.timer = timer;
  }

  /** Starts the command; returns at once. */
  void start() {
    blocking.execute(this::run);
  }

  private void run() {
    Map<String, String> env = ExecCommand.environment(container.env(), options.tty());
    List<String> command = container.resolveExec(this.command);
    if (command.isEmpty()) {
      finish(ExecStatus.internalError("no command given"));
      return;
    }
    if (ExecCommand.lookup(command.get(0), env).isEmpty()) {
      finish(ExecStatus.internalError(ExecCommand.notFound(command.get(0))));
      return;
    }
    Process p;
    try {
      ProcessBuilder pb =
          new ProcessBuilder(container.wrap(ExecCommand.program(command, options.tty())));
      pb.environment().clear();
      pb.environment().putAll(env);
      File dir =
          container.workingDirectory() == null ? null : container.workingDirectory().toFile();
      pb.directory(dir != null && Files.isDirectory(dir.toPath()) ? dir : new File("/"));
      if (!options.stdin()) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      }
      p = pb.start();
    } catch (IOException e) {
      finish(ExecStatus.internalError(e.getMessage()));
      process.completeExceptionally(e);
      return;
    }
    process.complete(p);
    if (options.tty()) {
      resizer = new TerminalResizer(p.toHandle(), timer);
      TerminalSize size = pendingSize;
      if (size != null) {
        resizer.resize(size);
      }
    }
    CountDownLatch output = new CountDownLatch(2);
    blocking.execute(() -> copy(p.getInputStream(), true, output));
    blocking.execute(() -> copy(p.getErrorStream(), false, output));
    try {
      int code = p.waitFor();
      output.await();
      finish(code == 0 ? ExecStatus.success() : ExecStatus.exitCode(code));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  private void copy(InputStream in, boolean stdout, CountDownLatch done) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n == 0 || finished.get()) {
          continue;
        }
        byte[] data = java.util.Arrays.copyOf(buf, n);
        if (stdout && options.stdout()) {
          streams.stdout(data);
        } else if (!stdout && options.stderr()) {
          streams.stderr(data);
        } else if (!stdout && options.stdout()) {
          streams.stdout(data); // no stderr stream (a TTY): the client sees it on stdout
        }
      }
    } catch (IOException e) {
      LOG.debug("exec output: {}", e.toString());
    } finally {
      done.countDown();
    }
  }

  /** Client stdin, written in the order received. */
  void stdin(byte[] data) {
    input.execute(
        () -> {
          try {
            OutputStream out = process.join().getOutputStream();
            out.write(data);
            out.flush();
          } catch (IOException | RuntimeException e) {
            LOG.debug("exec stdin: {}", e.toString());
          }
        });
  }

  /** The client closed its stdin. */
  void closeStdin() {
    input.execute(
        () -> {
          try {
            process.join().getOutputStream().close();
          } catch (IOException | RuntimeException e) {
            LOG.debug("exec stdin: {}", e.toString());
          }
        });
  }

  void resize(TerminalSize size) {
    TerminalResizer r = resizer;
    if (r == null) {
      pendingSize = size;
    } else {
      blocking.execute(() -> r.resize(size));
    }
  }

  /** The client went away: the command goes too. */
  void abort() {
    if (!finished.get()) {
      kill();
    }
    input.shutdown();
  }

  private void kill() {
    Process p = process.getNow(null);
    if (p != null && p.isAlive()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private void finish(String status) {
    if (finished.compareAndSet(false, true)) {
      input.shutdown();
      streams.finish(status);
    }
  }
}
