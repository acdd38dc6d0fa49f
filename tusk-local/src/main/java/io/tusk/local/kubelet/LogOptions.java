package io.tusk.local.kubelet;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The options of {@code /containerLogs} as the kubelet takes them from the query ({@code
 * PodLogOptions}), validated (pure).
 *
 * @param follow keep streaming until the run ends
 * @param previous the previous run instead of the current one
 * @param tailLines only the last lines (null: all)
 * @param since only lines logged at or after this time (null: all)
 * @param timestamps prefix every line with its time
 * @param limitBytes stop after this many bytes (null: no limit)
 */
public record LogOptions(
    boolean follow,
    boolean previous,
    Long tailLines,
    Instant since,
    boolean timestamps,
    Long limitBytes) {

  /** Reads the options from {@code request} at {@code now}; rejects invalid ones. */
  public static LogOptions of(KubeletRequest request, Instant now) {
    Long tail = number(request, "tailLines");
    Long sinceSeconds = number(request, "sinceSeconds");
    Long limit = number(request, "limitBytes");
    String sinceTime = request.first("sinceTime");
    if (sinceSeconds != null && sinceTime != null) {
      throw new IllegalArgumentException(
          "at most one of sinceTime or sinceSeconds may be specified");
    }
    if (sinceSeconds != null && sinceSeconds < 1) {
      throw new IllegalArgumentException("sinceSeconds must be greater than 0");
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("limitBytes must be greater than 0");
    }
    if (tail != null && tail < 0) {
      throw new IllegalArgumentException("tailLines must be greater than or equal to 0");
    }
    Instant since = sinceSeconds == null ? null : now.minusSeconds(sinceSeconds);
    if (sinceTime != null) {
      try {
        since = Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(sinceTime));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("sinceTime is not an RFC 3339 time: " + sinceTime);
      }
    }
    return new LogOptions(
        request.flag("follow"),
        request.flag("previous"),
        tail,
        since,
        request.flag("timestamps"),
        limit);
  }

  private static Long number(KubeletRequest request, String name) {
    String v = request.first(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a number: " + v);
    }
  }
}
