package io.tusk.local.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies terminal sizes to the pseudo-terminal {@code script} made for an exec: the terminal is
 * the standard input of {@code script}'s child, and {@code stty} sets its size (the kernel then
 * sends SIGWINCH to the programs on it). The child may not exist yet when the first size comes
 * (clients send one at once), so the latest size is retried for a few seconds.
 */
final class TerminalResizer {

  private static final Logger LOG = LoggerFactory.getLogger(TerminalResizer.class);
  private static final int ATTEMPTS = 60;

  private final ProcessHandle script;
  private final ScheduledExecutorService timer;
  private volatile TerminalSize latest;
  private volatile Path terminal;

  TerminalResizer(ProcessHandle script, ScheduledExecutorService timer) {
    this.script = script;
    this.timer = timer;
  }

  void resize(TerminalSize size) {
    latest = size;
    attempt(size, 0);
  }

  private void attempt(TerminalSize size, int n) {
    if (size != latest || !script.isAlive()) {
      return;
    }
    Optional<Path> tty = terminal();
    if (tty.isEmpty()) {
      if (n < ATTEMPTS) {
        timer.schedule(() -> attempt(size, n + 1), 50, TimeUnit.MILLISECONDS);
      }
      return;
    }
    try {
      Process p =
          new ProcessBuilder(
                  List.of(
                      "/usr/bin/stty",
                      "-F",
                      tty.get().toString(),
                      "rows",
                      Integer.toString(size.height()),
                      "cols",
                      Integer.toString(size.width())))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      LOG.debug("resizing {}: {}", tty.get(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Optional<Path> terminal() {
    Path known = terminal;
    if (known != null) {
      return Optional.of(known);
    }
    Optional<ProcessHandle> child = script.children().findFirst();
    if (child.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path target = Files.readSymbolicLink(Path.of("/proc", child.get().pid() + "", "fd", "0"));
      if (target.toString().startsWith("/dev/pts/")) {
        terminal = target;
        return Optional.of(target);
      }
    } catch (IOException e) {
      // not there yet, or gone
    }
    return Optional.empty();
  }
}
