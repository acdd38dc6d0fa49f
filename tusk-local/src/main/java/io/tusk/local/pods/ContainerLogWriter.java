package io.tusk.local.pods;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one container run's stdout and stderr into its log file in the {@link CriLog} format, what
 * a container runtime's shim does: a thread per stream reads the pipe, stamps each line with the
 * time it was read and appends it. The file is complete (the run's output has ended) once both
 * streams reached end of file, which {@link #ended()} reports.
 */
final class ContainerLogWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerLogWriter.class);

  private final Path file;
  private final OutputStream out;
  private final CountDownLatch open = new CountDownLatch(2);

  private ContainerLogWriter(Path file) throws IOException {
    this.file = file;
    this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Starts copying {@code process}'s output into {@code file}. */
  static ContainerLogWriter start(Process process, Path file, String name) throws IOException {
    ContainerLogWriter w = new ContainerLogWriter(file);
    w.pump(process.getInputStream(), "stdout", name);
    w.pump(process.getErrorStream(), "stderr", name);
    return w;
  }

  Path file() {
    return file;
  }

  /** Whether both output streams have ended and everything is in the file. */
  boolean ended() {
    return open.getCount() == 0;
  }

  private void pump(InputStream in, String stream, String name) {
    Thread t =
        new Thread(
            () -> {
              try (in) {
                copy(in, stream);
              } catch (IOException e) {
                LOG.debug("{} {}: {}", name, stream, e.toString());
              } finally {
                open.countDown();
                if (open.getCount() == 0) {
                  close();
                }
              }
            },
            name + " " + stream);
    t.setDaemon(true);
    t.start();
  }

  private void copy(InputStream in, String stream) throws IOException {
    byte[] buf = new byte[8192];
    byte[] line = new byte[CriLog.MAX_LINE];
    int used = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (b == '\n') {
          write(stream, false, line, used);
          used = 0;
        } else {
          line[used++] = b;
          if (used == line.length) {
            write(stream, true, line, used);
            used = 0;
          }
        }
      }
    }
    if (used > 0) {
      write(stream, true, line, used);
    }
  }

  private synchronized void write(String stream, boolean partial, byte[] line, int length)
      throws IOException {
    String content = new String(line, 0, length, StandardCharsets.UTF_8);
    out.write(
        CriLog.format(Instant.now(), stream, partial, content).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", file, e.toString());
    }
  }
}
