package io.tusk.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a writer saw during one phase of a benchmark: how many commits were acknowledged, how many
 * attempts failed (and why, grouped), and the longest time between two acknowledged commits (the
 * write gap a client sees), with when that gap began. Times are {@link System#nanoTime()} values
 * passed in by the caller, so the arithmetic can be tested without a clock. Thread-safe.
 */
final class WriteStats {

  /** One phase's figures; offsets are relative to the start of the phase. */
  record Phase(
      long acknowledged,
      long failures,
      long longestGapNanos,
      long longestGapStartOffsetNanos,
      long lastAckNanos,
      Map<String, Long> failureKinds) {}

  private long lastAck;
  private long phaseStart;
  private long acknowledged;
  private long failures;
  private long longestGap;
  private long longestGapStart;
  private final Map<String, Long> failureKinds = new LinkedHashMap<>();

  /** Counts from {@code now}, as if a commit had just been acknowledged. */
  WriteStats(long now) {
    this.lastAck = now;
    startPhase(now);
  }

  /** A commit returned at {@code now}. */
  synchronized void acknowledged(long now) {
    long gap = now - lastAck;
    if (gap > longestGap) {
      longestGap = gap;
      longestGapStart = lastAck;
    }
    lastAck = now;
    acknowledged++;
  }

  /** An attempt (connect or commit) failed; {@code kind} groups failures of the same cause. */
  synchronized void failed(String kind) {
    failures++;
    failureKinds.merge(kind, 1L, Long::sum);
  }

  /**
   * Starts a new phase at {@code now}: the counters restart, and the longest gap is measured again
   * (a gap already open at {@code now} counts in full once it closes).
   */
  synchronized void startPhase(long now) {
    phaseStart = now;
    acknowledged = 0;
    failures = 0;
    longestGap = 0;
    longestGapStart = now;
    failureKinds.clear();
  }

  /**
   * The current phase so far. A gap still open at {@code now} (no commit acknowledged since) counts
   * as if it closed now.
   */
  synchronized Phase phase(long now) {
    long gap = longestGap;
    long start = longestGapStart;
    if (now - lastAck > gap) {
      gap = now - lastAck;
      start = lastAck;
    }
    return new Phase(
        acknowledged, failures, gap, start - phaseStart, lastAck, Map.copyOf(failureKinds));
  }
}
