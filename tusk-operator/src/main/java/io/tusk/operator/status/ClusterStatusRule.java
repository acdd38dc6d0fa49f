package io.tusk.operator.status;

import io.tusk.api.acid.v1.PostgresStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * Which status a reconcile writes: a pure function of the flow ({@link Phase}), the status found
 * and what the reconcile learnt. The rule, documented in docs/status.md:
 *
 * <ol>
 *   <li>A failure (the database sync's, this attempt's or the last one's while it is not retried
 *       yet; or no leader after {@code pod_label_wait_timeout}) makes the status {@code
 *       CreateFailed}, {@code UpdateFailed} or {@code SyncFailed} with the failure as message.
 *   <li>A failed status stays while retries fail: the reconcile does not write {@code Creating} or
 *       {@code Updating} before it applies the objects when it finds the failed status of its own
 *       flow, so the status never flips between the two on every retry. It goes back to {@code
 *       Creating} or {@code Updating} (or on to {@code Running}) once a retry gets further than the
 *       failure.
 *   <li>A running cluster ({@link Phase#SYNC}) stays {@code Running} unless something fails; a new
 *       or changed one is {@code Creating} or {@code Updating} with a message saying what it waits
 *       for (pods to be ready, Patroni to elect a leader, the first roles and databases, every pod
 *       to carry its role label) until it is ready, its roles and databases exist and every pod is
 *       labelled master or replica, as Zalando's {@code Create} waits for the role labels.
 * </ol>
 *
 * <p>An invalid manifest ({@code Invalid}) is decided before any of this, by the validation.
 */
public final class ClusterStatusRule {

  /** A status and its message ("" for none). */
  public record Status(String clusterStatus, String message) {
    public Status {
      Objects.requireNonNull(clusterStatus, "clusterStatus");
      message = message == null ? "" : message;
    }
  }

  /**
   * Pods run but none is the leader, or one is not labelled with its role.
   *
   * @param message what the operator waits for, and the likely cause when it found one
   * @param timedOut whether the wait has lasted {@code pod_label_wait_timeout}
   */
  public record LeaderWait(String message, boolean timedOut) {}

  /**
   * What a reconcile learnt after applying the objects.
   *
   * @param failure the database sync's failure, or null
   * @param podsReady whether the StatefulSet has all its replicas ready
   * @param primaryPending whether the first roles and databases wait for the primary
   * @param leaderWait set when pods run without a leader or a pod without its role label, else null
   */
  public record Facts(
      Phase phase,
      String failure,
      boolean podsReady,
      boolean primaryPending,
      LeaderWait leaderWait) {}

  static final String WAITING_FOR_PODS = "waiting for pods to be ready";
  static final String WAITING_FOR_PRIMARY = "waiting for the primary to create roles and databases";

  private ClusterStatusRule() {}

  /**
   * The status to write before the objects are applied, or empty to leave it: a new or changed
   * cluster says {@code Creating} or {@code Updating} (keeping the message it had), unless it is
   * the failed status of the same flow, which stays until the retry gets further.
   */
  public static Optional<Status> beforeApply(Phase phase, String current, String message) {
    if (phase == Phase.SYNC || phase.failed.equals(current)) {
      return Optional.empty();
    }
    return Optional.of(
        new Status(phase.inProgress, PostgresStatus.INVALID.equals(current) ? "" : message));
  }

  /** The status at the end of a reconcile. */
  public static Status after(Facts f) {
    Phase phase = f.phase();
    if (f.failure() != null) {
      return new Status(phase.failed, f.failure());
    }
    if (phase == Phase.SYNC) {
      // A running cluster stays Running while its primary changes hands.
      return new Status(PostgresStatus.RUNNING, "");
    }
    LeaderWait leader = f.leaderWait();
    if (leader != null && leader.timedOut()) {
      return new Status(phase.failed, leader.message());
    }
    if (!f.podsReady()) {
      return new Status(phase.inProgress, leader != null ? leader.message() : WAITING_FOR_PODS);
    }
    if (f.primaryPending()) {
      // As Zalando: a new cluster is Running once its roles and databases exist, not before.
      return new Status(phase.inProgress, leader != null ? leader.message() : WAITING_FOR_PRIMARY);
    }
    if (leader != null) {
      // As Zalando's Create: Running once every pod carries its role label (master or replica).
      return new Status(phase.inProgress, leader.message());
    }
    return new Status(PostgresStatus.RUNNING, "");
  }
}
