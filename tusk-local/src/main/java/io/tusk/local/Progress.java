package io.tusk.local;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints one line per step of a long operation, prefixed with the time elapsed since the operation
 * started, so that a user watching {@code tusk local up} or {@code tusk local install} can see that
 * something is happening and where the time goes.
 */
public final class Progress {

  private final PrintWriter out;
  private final long startNanos;

  public Progress(PrintWriter out) {
    this.out = out;
    this.startNanos = System.nanoTime();
  }

  public Progress(PrintStream out) {
    this(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
  }

  /** A progress sink that discards everything (for callers that only want the result). */
  public static Progress silent() {
    return new Progress(new PrintStream(PrintStream.nullOutputStream()));
  }

  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  public void step(String message) {
    synchronized (out) {
      out.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsed().toMillis() / 1000.0, message);
      out.flush();
    }
  }

  /** Writes a line without the elapsed-time prefix (used for the final {@code export} line). */
  public void plain(String message) {
    synchronized (out) {
      out.println(message);
      out.flush();
    }
  }

  /** Formats a duration as e.g. {@code 4m07s} for long-running steps. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
