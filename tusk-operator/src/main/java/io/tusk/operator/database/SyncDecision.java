package io.tusk.operator.database;

import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Whether a reconcile connects to PostgreSQL. Pure.
 *
 * <p>Zalando connects on every Sync, Create and (when users or databases changed) Update ({@code
 * sync.go#Sync}, v2.0.1). Tusk reconciles far more often (every watched object's change, the repair
 * and resync timers), so it keeps the database off that path: it syncs when
 *
 * <ul>
 *   <li>this operator process has not synced the cluster yet (start-up, like Zalando's first Sync);
 *   <li>the last sync failed (retried on the next reconcile, at the latest after {@code
 *       repair_period});
 *   <li>an input changed: the relevant manifest fields, the configuration or a Secret ({@link
 *       SyncFingerprint});
 *   <li>a password rotation is due ({@code nextRotation} has passed);
 *   <li>the last successful sync is {@code resync_period} old: the periodic verification, which
 *       repairs changes made inside PostgreSQL and picks up team members and infrastructure roles
 *       (it sends no write statement when nothing changed).
 * </ul>
 *
 * <p>Never with {@code enable_database_access} off, without instances or on a standby cluster, as
 * in Zalando.
 */
public final class SyncDecision {

  /** Why a sync runs or not. */
  public enum Verdict {
    DATABASE_ACCESS_OFF(false, "enable_database_access is off"),
    NO_INSTANCES(false, "the cluster has no instances"),
    STANDBY(false, "standby clusters are not synced"),
    UP_TO_DATE(false, "nothing changed since the last sync"),
    FIRST_SYNC(true, "first sync since the operator started"),
    RETRY(true, "the last sync failed"),
    INPUTS_CHANGED(true, "users, databases, configuration or secrets changed"),
    ROTATION_DUE(true, "a password rotation is due"),
    PERIODIC(true, "periodic verification (resync_period)");

    private final boolean sync;
    private final String reason;

    Verdict(boolean sync, String reason) {
      this.sync = sync;
      this.reason = reason;
    }

    public boolean sync() {
      return sync;
    }

    public String reason() {
      return reason;
    }
  }

  /** What is remembered of the last sync of a cluster (in memory, per operator process). */
  public record LastSync(String fingerprint, Instant lastSuccess, boolean failed, String failure) {

    public static LastSync succeeded(String fingerprint, Instant at) {
      return new LastSync(fingerprint, at, false, null);
    }

    public LastSync failedWith(String message) {
      return new LastSync(fingerprint, lastSuccess, true, message);
    }
  }

  private SyncDecision() {}

  /** The reason the database is not touched at all, or empty ({@code sync.go#Sync}). */
  public static Optional<Verdict> excluded(Postgresql cluster, OperatorConfig config) {
    if (!config.get(Options.ENABLE_DATABASE_ACCESS)) {
      return Optional.of(Verdict.DATABASE_ACCESS_OFF);
    }
    PostgresSpec spec = cluster.getSpec();
    Integer instances = spec == null ? null : spec.getNumberOfInstances();
    if (instances == null || instances <= 0) {
      return Optional.of(Verdict.NO_INSTANCES);
    }
    if (spec.getStandby() != null) {
      return Optional.of(Verdict.STANDBY);
    }
    return Optional.empty();
  }

  /**
   * @param last the last sync of this cluster in this process, or null
   * @param rotationDue the earliest {@code nextRotation} of the cluster's Secrets
   */
  public static Verdict decide(
      String fingerprint,
      LastSync last,
      Instant now,
      Duration resyncPeriod,
      Optional<OffsetDateTime> rotationDue) {
    if (last == null) {
      return Verdict.FIRST_SYNC;
    }
    if (last.failed()) {
      return Verdict.RETRY;
    }
    if (!fingerprint.equals(last.fingerprint())) {
      return Verdict.INPUTS_CHANGED;
    }
    if (rotationDue.isPresent()) {
      Instant due = rotationDue.get().toInstant();
      // Only once per due date: a date that a successful sync left in place (a user-supplied
      // Secret is never rotated) must not make every reconcile connect.
      if (!now.isBefore(due) && (last.lastSuccess() == null || last.lastSuccess().isBefore(due))) {
        return Verdict.ROTATION_DUE;
      }
    }
    if (last.lastSuccess() == null || !now.isBefore(last.lastSuccess().plus(resyncPeriod))) {
      return Verdict.PERIODIC;
    }
    return Verdict.UP_TO_DATE;
  }

  /**
   * When to look again although nothing triggers a reconcile: at the next rotation if it comes
   * before the periodic resync (which the reconciler's maximum interval already guarantees).
   */
  public static Optional<Duration> nextCheck(
      Instant now, Duration resyncPeriod, Optional<OffsetDateTime> rotationDue) {
    if (rotationDue.isEmpty()) {
      return Optional.empty();
    }
    Duration until = Duration.between(now, rotationDue.get().toInstant());
    if (until.isNegative() || until.compareTo(resyncPeriod) >= 0) {
      return Optional.empty();
    }
    return Optional.of(until.plusSeconds(1));
  }
}
