package io.tusk.operator.streams;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a reconcile runs the event-stream step. Pure.
 *
 * <p>Zalando syncs streams on every Update that has streams and, on its periodic Sync, only when
 * the number of streams in the manifest differs from the number of resources it remembers ({@code
 * sync.go#Sync}, v2.0.1). Tusk reconciles far more often, so the step runs when
 *
 * <ul>
 *   <li>this process has not run it for the cluster yet (for a cluster without streams that is one
 *       list of its {@code FabricEventStream} resources, to find what is left to clean up);
 *   <li>its inputs changed (the streams, the manifest's slots, labels and annotations, the
 *       configuration);
 *   <li>the last run left something pending (a restart for {@code wal_level}, a missing table or
 *       database, a failure), at the time it asked to be retried;
 *   <li>the last run is {@code resync_period} old.
 * </ul>
 */
public final class StreamDecision {

  /**
   * What is remembered of the last run for a cluster.
   *
   * @param retryAt when to run again because something is pending, or null when nothing is
   * @param streams whether the manifest had streams, or the cluster still had Tusk's publications,
   *     slots or resources to clean up
   * @param warnings the last warnings reported, so each is reported once until it changes
   */
  public record Memory(
      String fingerprint, Instant lastRun, Instant retryAt, boolean streams, String warnings) {}

  private StreamDecision() {}

  public static boolean run(String fingerprint, Memory last, Instant now, Duration resyncPeriod) {
    if (last == null || !fingerprint.equals(last.fingerprint())) {
      return true;
    }
    if (last.retryAt() != null) {
      return !now.isBefore(last.retryAt());
    }
    return !now.isBefore(last.lastRun().plus(resyncPeriod));
  }

  /**
   * After a run that failed or left something pending for {@code pendingFor}: as long again, at
   * least {@code min} and at most {@code max} (the repair period).
   */
  public static Duration backoff(Duration pendingFor, Duration min, Duration max) {
    Duration d = pendingFor.compareTo(min) < 0 ? min : pendingFor;
    return d.compareTo(max) > 0 ? max : d;
  }
}
