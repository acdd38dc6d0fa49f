package io.tusk.local.pods;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The line format of container log files, as the CRI runtimes write them and the kubelet reads them
 * ({@code pkg/kubelet/kuberuntime/logs}): {@code <RFC3339Nano time> <stdout|stderr> <F|P>
 * <content>}, one line of output per line, where {@code P} marks a partial line (output longer than
 * {@link #MAX_LINE} or cut off by the end of the stream) that continues in the next one. Pure.
 */
public final class CriLog {

  /** Longest content of one log line; longer output lines are split into partial lines. */
  public static final int MAX_LINE = 16 * 1024;

  /** RFC 3339 with nine fraction digits, as {@code kubectl logs --timestamps} shows them. */
  public static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

  /**
   * One parsed log line.
   *
   * @param time when the runtime read the output
   * @param stream {@code stdout} or {@code stderr}
   * @param partial the content continues in the next line (no newline after it)
   * @param content the output without its newline
   */
  public record Line(Instant time, String stream, boolean partial, String content) {

    /** The output as the container wrote it: the content, plus the newline unless partial. */
    public String output() {
      return partial ? content : content + "\n";
    }
  }

  private CriLog() {}

  /** The log line (with its trailing newline) for {@code content} read at {@code time}. */
  public static String format(Instant time, String stream, boolean partial, String content) {
    return TIME.format(time) + " " + stream + " " + (partial ? "P" : "F") + " " + content + "\n";
  }

  /** Parses one line (without its newline); null when it is not in the log format. */
  public static Line parse(String line) {
    int a = line.indexOf(' ');
    int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
    int c = b < 0 ? -1 : line.indexOf(' ', b + 1);
    if (c < 0) {
      return null;
    }
    String tag = line.substring(b + 1, c);
    if (!tag.equals("F") && !tag.equals("P")) {
      return null;
    }
    try {
      Instant time =
          Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(line.substring(0, a)));
      return new Line(time, line.substring(a + 1, b), tag.equals("P"), line.substring(c + 1));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
