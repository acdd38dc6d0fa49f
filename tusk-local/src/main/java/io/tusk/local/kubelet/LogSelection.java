package io.tusk.local.kubelet;

import io.tusk.local.pods.CriLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns log lines into what {@code kubectl logs} prints, as the kubelet's log reader does (pure):
 * lines before {@code since} are skipped, {@code tailLines} keeps the last ones, {@code timestamps}
 * prefixes each with its time, and {@code limitBytes} cuts the output off.
 */
final class LogSelection {

  private final LogOptions options;
  private long written;

  LogSelection(LogOptions options) {
    this.options = options;
  }

  /** The lines of the existing log to show at first: after {@code since}, the last {@code tail}. */
  List<CriLog.Line> initial(List<CriLog.Line> lines) {
    List<CriLog.Line> kept = new ArrayList<>();
    for (CriLog.Line l : lines) {
      if (wanted(l)) {
        kept.add(l);
      }
    }
    if (options.tailLines() == null) {
      return kept;
    }
    // tailLines counts whole lines: a line and the partial lines before it are one.
    int start = kept.size();
    long count = 0;
    for (int i = kept.size() - 1; i >= 0; i--) {
      boolean endsLine = !kept.get(i).partial() || i == kept.size() - 1;
      if (endsLine) {
        if (count == options.tailLines()) {
          break;
        }
        count++;
      }
      start = i;
    }
    return kept.subList(start, kept.size());
  }

  /** Whether a line is logged late enough to be shown. */
  boolean wanted(CriLog.Line line) {
    return options.since() == null || !line.time().isBefore(options.since());
  }

  /** The bytes to send for {@code line}; fewer (or none) once {@code limitBytes} is reached. */
  byte[] render(CriLog.Line line) {
    String text =
        options.timestamps()
            ? CriLog.TIME.format(line.time()) + " " + line.output()
            : line.output();
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (options.limitBytes() != null) {
      long left = Math.max(0, options.limitBytes() - written);
      if (b.length > left) {
        b = java.util.Arrays.copyOf(b, (int) left);
      }
    }
    written += b.length;
    return b;
  }

  /** Whether {@code limitBytes} has been reached. */
  boolean exhausted() {
    return options.limitBytes() != null && written >= options.limitBytes();
  }
}
