package io.tusk.operator.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.status.ClusterStatusRule;
import io.tusk.operator.status.EventReason;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Labels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the role labels of a new or changed cluster's pods, as Zalando's {@code
 * waitForAllPodsLabelReady} during Create: first for pods that run but none of which Patroni made
 * the leader (labelled {@code pod_role_label: master}), then for pods that run without a role label
 * at all (neither master nor replica). Zalando's Create gives up after its timeout; Tusk says what
 * it waits for in the status message at once, adds the likely cause (e.g. a missing {@code
 * postgres-pod} ClusterRole), records a Warning Event once the wait has lasted a minute (or {@code
 * pod_label_wait_timeout}, when shorter), and makes the status failed after {@code
 * pod_label_wait_timeout}.
 */
public final class LeaderWatch {
  static final Duration WARN_AFTER = Duration.ofMinutes(1);
  private static final Duration MIN_RECHECK = Duration.ofSeconds(2);
  static final Duration RELIST = Duration.ofSeconds(5);

  /**
   * @param leaderWait for the status rule
   * @param warn whether the wait has lasted long enough for a Warning Event
   * @param recheckAfter when to look again (soon, then less often; never after the next threshold),
   *     empty once timed out
   */
  public record Finding(
      ClusterStatusRule.LeaderWait leaderWait,
      boolean warn,
      Optional<Duration> recheckAfter,
      EventReason reason) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Instant> since = new ConcurrentHashMap<>();
  private final Map<String, Instant> unlabelledSince = new ConcurrentHashMap<>();
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  /**
   * What the last list of a cluster's pods showed, and when.
   *
   * @param podsVersion what the caller said about the pods then (the StatefulSet's version)
   * @param unlabelled running pods labelled neither master nor replica
   */
  private record Seen(
      Instant at,
      String podsVersion,
      List<String> running,
      boolean hasLeader,
      List<String> unlabelled) {}

  public LeaderWatch(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Looks at the cluster's pods: one list request, at most every {@link #RELIST} per cluster (a
   * creating cluster reconciles on every change of its objects; hundreds of them at once should not
   * each list their pods every time).
   *
   * @param likelyCause what the operator found missing for the pods, if anything
   */
  public Optional<Finding> check(Postgresql pg, OperatorConfig cfg, Optional<String> likelyCause) {
    return check(pg, cfg, likelyCause, "");
  }

  /**
   * {@link #check(Postgresql, OperatorConfig, Optional)}, listing the pods again at once when
   * {@code podsVersion} (the StatefulSet's resourceVersion, which changes as its pods become ready)
   * differs from the last list's, and every {@link #MIN_RECHECK} while no pod is the leader or a
   * pod lacks its role label.
   */
  public Optional<Finding> check(
      Postgresql pg, OperatorConfig cfg, Optional<String> likelyCause, String podsVersion) {
    Labels labels = Labels.of(ClusterModel.of(pg, cfg));
    String roleLabel = labels.roleLabel();
    String master = PostgresRole.MASTER.labelValue();
    String key = key(pg);
    Instant now = clock.instant();
    Seen pods = seen.get(key);
    if (pods == null
        || !pods.podsVersion().equals(podsVersion)
        || !now.isBefore(pods.at().plus(RELIST))
        || (!pods.running().isEmpty()
            && (!pods.hasLeader() || !pods.unlabelled().isEmpty())
            && !now.isBefore(pods.at().plus(MIN_RECHECK)))) {
      pods = list(pg, labels.base(), roleLabel, master, now, podsVersion);
      seen.put(key, pods);
    }
    if (pods.running().isEmpty()) {
      since.remove(key);
      unlabelledSince.remove(key);
      return Optional.empty();
    }
    if (pods.hasLeader()) {
      since.remove(key);
      if (pods.unlabelled().isEmpty()) {
        unlabelledSince.remove(key);
        return Optional.empty();
      }
      Instant start = unlabelledSince.computeIfAbsent(key, k -> now);
      return Optional.of(
          unlabelled(
              pods.unlabelled(), roleLabel, start, now, cfg.get(Options.POD_LABEL_WAIT_TIMEOUT)));
    }
    unlabelledSince.remove(key);
    Instant start = since.computeIfAbsent(key, k -> now);
    return Optional.of(
        finding(
            pods.running(),
            roleLabel + "=" + master,
            start,
            now,
            cfg.get(Options.POD_LABEL_WAIT_TIMEOUT),
            likelyCause));
  }

  private Seen list(
      Postgresql pg,
      Map<String, String> selector,
      String roleLabel,
      String master,
      Instant now,
      String podsVersion) {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(pg.getMetadata().getNamespace())
            .withLabels(selector)
            .list()
            .getItems();
    List<String> running =
        pods.stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
            .map(p -> p.getMetadata().getName())
            .sorted()
            .toList();
    boolean hasLeader =
        pods.stream()
            .anyMatch(
                p ->
                    p.getMetadata().getLabels() != null
                        && master.equals(p.getMetadata().getLabels().get(roleLabel)));
    Set<String> roles = Set.of(master, PostgresRole.REPLICA.labelValue());
    List<String> unlabelled =
        pods.stream()
            .filter(p -> running.contains(p.getMetadata().getName()))
            .filter(
                p -> {
                  String role =
                      p.getMetadata().getLabels() == null
                          ? null
                          : p.getMetadata().getLabels().get(roleLabel);
                  return role == null || !roles.contains(role);
                })
            .map(p -> p.getMetadata().getName())
            .sorted()
            .toList();
    return new Seen(now, podsVersion, running, hasLeader, unlabelled);
  }

  /**
   * Pure: the finding for running pods that have lacked a role label since {@code start}, while
   * another pod is the leader; looked at again every {@link #MIN_RECHECK} (nothing else tells the
   * operator that a label was set).
   */
  static Finding unlabelled(
      List<String> pods, String roleLabel, Instant start, Instant now, Duration timeout) {
    Duration waited = Duration.between(start, now);
    Duration warnAfter = timeout.compareTo(WARN_AFTER) < 0 ? timeout : WARN_AFTER;
    boolean timedOut = waited.compareTo(timeout) >= 0;
    StringBuilder m =
        new StringBuilder("waiting for every pod to carry its role label: ")
            .append(pods.size() == 1 ? "pod " : "pods ")
            .append(String.join(", ", pods))
            .append(pods.size() == 1 ? " runs but is not" : " run but are not")
            .append(" labelled ")
            .append(roleLabel)
            .append('=')
            .append(PostgresRole.MASTER.labelValue())
            .append(" or ")
            .append(PostgresRole.REPLICA.labelValue())
            .append(" (since ")
            .append(start.truncatedTo(ChronoUnit.SECONDS))
            .append(')');
    if (timedOut) {
      m.append(", longer than pod_label_wait_timeout (").append(timeout).append(')');
    }
    return new Finding(
        new ClusterStatusRule.LeaderWait(m.toString(), timedOut),
        waited.compareTo(warnAfter) >= 0,
        timedOut ? Optional.empty() : Optional.of(MIN_RECHECK),
        EventReason.NoRole);
  }

  /** Pure: the finding for pods that have run without a leader since {@code start}. */
  static Finding finding(
      List<String> running,
      String leaderLabel,
      Instant start,
      Instant now,
      Duration timeout,
      Optional<String> likelyCause) {
    Duration waited = Duration.between(start, now);
    Duration warnAfter = timeout.compareTo(WARN_AFTER) < 0 ? timeout : WARN_AFTER;
    boolean timedOut = waited.compareTo(timeout) >= 0;
    boolean warn = waited.compareTo(warnAfter) >= 0;
    StringBuilder m =
        new StringBuilder("waiting for Patroni to elect a leader: ")
            .append(running.size() == 1 ? "pod " : "pods ")
            .append(String.join(", ", running))
            .append(running.size() == 1 ? " runs but is not" : " run but none is")
            .append(" labelled ")
            .append(leaderLabel)
            .append(" (since ")
            .append(start.truncatedTo(ChronoUnit.SECONDS))
            .append(')');
    if (timedOut) {
      m.append(", longer than pod_label_wait_timeout (").append(timeout).append(')');
    }
    if (likelyCause.isPresent()) {
      m.append("; ").append(likelyCause.get());
    } else if (warn) {
      m.append("; see the pods' logs for what keeps Patroni from taking the leader lock");
    }
    // Nothing tells the operator that Patroni labelled a pod (Patroni's readiness answers 200 as
    // soon as PostgreSQL runs, often before the label): looked at again after as long as it has
    // waited (at least MIN_RECHECK), so a leader elected in seconds is seen in seconds and pods
    // that stay without one are listed rarely; never later than the next threshold.
    Duration next = (warn ? timeout : warnAfter).minus(waited);
    Optional<Duration> recheck =
        timedOut
            ? Optional.empty()
            : Optional.of(max(min(next, max(waited, MIN_RECHECK)), MIN_RECHECK));
    return new Finding(
        new ClusterStatusRule.LeaderWait(m.toString(), timedOut),
        warn,
        recheck,
        EventReason.NoLeader);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) > 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  public void forget(Postgresql pg) {
    since.remove(key(pg));
    unlabelledSince.remove(key(pg));
    seen.remove(key(pg));
  }

  private static String key(Postgresql pg) {
    String uid = pg.getMetadata().getUid();
    return uid != null ? uid : pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
