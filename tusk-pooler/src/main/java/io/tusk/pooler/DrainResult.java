package io.tusk.pooler;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a command that waits for server connections to be released ({@code PAUSE}, {@code
 * WAIT_CLOSE}) ended: complete, or out of time with the pools that still held server connections.
 * After a {@code PAUSE} that ran out of time the pooler stays paused (and keeps closing server
 * connections as their transactions end) until {@code RESUME}.
 *
 * @param holding the pools that still had server connections when the time ran out; empty when
 *     complete
 */
public record DrainResult(
    String instance, String command, boolean complete, Duration elapsed, List<PoolStats> holding) {

  public DrainResult {
    holding = List.copyOf(holding);
  }

  /** A one-line report for logs and Events. */
  public String describe() {
    if (complete) {
      return command + " on " + instance + " complete after " + millis(elapsed);
    }
    String held =
        holding.isEmpty()
            ? "no pool reported server connections when asked"
            : holding.stream().map(PoolStats::describe).collect(Collectors.joining("; "));
    return command
        + " on "
        + instance
        + " not complete after "
        + millis(elapsed)
        + ", still held: "
        + held;
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }
}
