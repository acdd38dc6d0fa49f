package io.tusk.operator.streams;

import io.tusk.patroni.MemberStatus;
import io.tusk.spec.streams.StreamSlots;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
 *   <li>the last run left something pending (the day-2 restarts for {@code wal_level}, a missing
 *       table or database, a failure), at the time it asked to be retried;
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
   * @param waiting what the last run waited for (the day-2 restarts for {@code wal_level}), or null
   *     when it did not wait: reported once until it changes
   */
  public record Memory(
      String fingerprint,
      Instant lastRun,
      Instant retryAt,
      boolean streams,
      String warnings,
      String waiting) {}

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

  /**
   * Whether the streams wait for {@code wal_level}, from Patroni: the step never changes {@code
   * wal_level} nor restarts a member itself. The day-2 step declares {@code wal_level: logical}
   * whenever the manifest has streams, patches it into Patroni's configuration and restarts the
   * members by the day-2 rule (replicas one at a time, a switchover, the old primary as a replica),
   * never the primary in place.
   *
   * @param configured {@code postgresql.parameters.wal_level} of Patroni's dynamic configuration,
   *     empty when not set
   * @param primary what the primary says of itself ({@code GET /patroni})
   * @return what the streams wait for, empty when Patroni says the primary runs with it
   */
  public static Optional<String> walLevelWait(String configured, MemberStatus primary) {
    if (!StreamSlots.WAL_LEVEL.equals(configured)) {
      return Optional.of(
          "waiting for the day-2 step to set wal_level to logical in Patroni's configuration (now "
              + (configured == null || configured.isEmpty() ? "not set" : configured)
              + ") and for the day-2 restarts");
    }
    boolean forWalLevel =
        primary.pendingRestartParameters().isEmpty()
            || primary.pendingRestartParameters().contains("wal_level");
    if (primary.pendingRestart() && forWalLevel) {
      return Optional.of(
          "waiting for the day-2 restarts that apply wal_level=logical (the primary "
              + primary.name()
              + " still waits for its restart)");
    }
    return Optional.empty();
  }

  /**
   * What the streams wait for when PostgreSQL itself reports another {@code wal_level} on the
   * primary (Patroni has not flagged the restart yet).
   */
  public static String runningWalLevelWait(String running) {
    return "waiting for the day-2 restarts that apply wal_level=logical (the primary runs with "
        + running
        + ")";
  }
}
