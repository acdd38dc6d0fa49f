package io.tusk.day2;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PendingChange;
import io.tusk.patroni.SwitchoverCandidates;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides the one next step of a running cluster's day-2 work, in Zalando's order (configuration,
 * restarts, then the rolling update) with Tusk's safety rules:
 *
 * <ol>
 *   <li><b>configuration</b>: a {@code PATCH /config} when a declared key differs ({@link
 *       PatroniConfigDiff});
 *   <li><b>restarts</b> of members with {@code pending_restart} (a member whose pod is to be
 *       recreated is left to the recreation): the primary first, in place, only when every pending
 *       change is a decrease of a parameter Zalando restarts the primary first for ({@code
 *       max_connections} and friends; replicas must not have a lower value than the primary);
 *       otherwise replicas one at a time, then a switchover away from the primary, which then
 *       restarts as a replica. The primary is never restarted in place for an increase (Zalando
 *       does), unless it has no replica;
 *   <li><b>rolling update</b>: flagged replicas recreated one at a time, then a switchover away
 *       from a flagged primary to a member that is not flagged, then the old primary recreated as a
 *       replica. A single-instance cluster recreates its primary directly, as Zalando does.
 * </ol>
 *
 * <p>Before a restart, a recreation or a switchover, every other member must be Ready and
 * replicating within {@link Intent#maxLagBytes()} (Zalando checks only for a role label), and under
 * synchronous mode a switchover goes only to a synchronous standby (so a two-instance cluster waits
 * until its recreated replica is synchronous again, instead of failing the call).
 */
public final class Day2Planner {

  /**
   * Zalando's {@code requirePrimaryRestartWhenDecreased}: a replica must not run with a lower value
   * than the primary, so a decrease restarts the primary first.
   */
  public static final Set<String> PRIMARY_FIRST_WHEN_DECREASED =
      Set.of(
          "max_connections",
          "max_prepared_transactions",
          "max_locks_per_transaction",
          "max_worker_processes",
          "max_wal_senders");

  private Day2Planner() {}

  /** The next step, or empty when the cluster is as declared. */
  public static Optional<Action> next(Intent intent, ClusterFacts facts) {
    Optional<PatroniCluster> observed = facts.patroni();
    if (observed.isEmpty()) {
      return Optional.of(new Action.Wait("no Patroni member answered"));
    }
    PatroniCluster cluster = observed.get();
    if (cluster.paused()) {
      return Optional.of(new Action.Wait("Patroni is paused (maintenance mode)"));
    }
    Optional<ClusterMember> leader = cluster.leader();
    if (leader.isEmpty()) {
      return Optional.of(new Action.Wait("no member holds the leader lock"));
    }
    if (!intent.standbyCluster()
        && facts.dynamicConfig().isPresent()
        && facts.dynamicConfig().get().path("standby_cluster").isObject()) {
      // Zalando's promoteStandbyCluster: the manifest's standby section is gone.
      ObjectNode promote = JsonNodeFactory.instance.objectNode();
      promote.putNull("standby_cluster");
      return Optional.of(
          new Action.PatchConfig(
              promote,
              List.of("standby_cluster"),
              "the manifest has no standby section any more: the standby cluster is promoted"));
    }
    if (facts.dynamicConfig().isPresent()) {
      PatroniConfigDiff.Patch patch =
          PatroniConfigDiff.diff(intent.dcs(), facts.dynamicConfig().get());
      if (!patch.isEmpty()) {
        return Optional.of(
            new Action.PatchConfig(
                patch.body(), patch.keys(), "the manifest declares other values"));
      }
    }
    Optional<Action> restart = restarts(intent, facts, cluster, leader.get());
    if (restart.isPresent()) {
      return restart;
    }
    return recreations(intent, facts, cluster, leader.get());
  }

  /**
   * The next restart only (no configuration patch, no recreation), by the same rules as {@link
   * #next}: what {@code tusk restart} drives.
   */
  public static Optional<Action> nextRestart(Intent intent, ClusterFacts facts) {
    Optional<PatroniCluster> observed = facts.patroni();
    if (observed.isEmpty()) {
      return Optional.of(new Action.Wait("no Patroni member answered"));
    }
    Optional<ClusterMember> leader = observed.get().leader();
    if (leader.isEmpty()) {
      return Optional.of(new Action.Wait("no member holds the leader lock"));
    }
    return restarts(intent, facts, observed.get(), leader.get());
  }

  /**
   * A switchover asked for by a user: to {@code candidate}, or when null to the member Zalando's
   * rules choose; a {@link Action.Wait} saying why not when the cluster is not healthy enough or
   * the candidate cannot lead.
   */
  public static Action switchover(
      Intent intent, ClusterFacts facts, String candidate, String reason) {
    Optional<PatroniCluster> observed = facts.patroni();
    if (observed.isEmpty()) {
      return new Action.Wait("no Patroni member answered");
    }
    PatroniCluster cluster = observed.get();
    Optional<ClusterMember> leader = cluster.leader();
    if (leader.isEmpty()) {
      return new Action.Wait("no member holds the leader lock");
    }
    if (candidate == null) {
      return switchoverAway(intent, facts, cluster, leader.get(), reason)
          .orElse(new Action.Wait("no switchover candidate"));
    }
    if (candidate.equals(leader.get().name())) {
      return new Action.Wait(candidate + " already leads");
    }
    Optional<ClusterMember> member = cluster.member(candidate);
    if (member.isEmpty()) {
      return new Action.Wait(candidate + " is not a member of the cluster");
    }
    Optional<String> unhealthy = unhealthyOther(intent, facts, cluster, leader.get().name());
    if (unhealthy.isPresent()) {
      return new Action.Wait(unhealthy.get());
    }
    SwitchoverCandidates.Choice choice =
        SwitchoverCandidates.choose(
            new PatroniCluster(
                List.of(leader.get(), member.get()),
                cluster.paused(),
                cluster.scheduledSwitchoverAt()),
            intent.synchronousMode(),
            intent.maxLagBytes(),
            null);
    if (choice.candidate().isEmpty()) {
      return new Action.Wait(candidate + " cannot lead: " + choice.reason());
    }
    return new Action.Switchover(leader.get().name(), candidate, reason);
  }

  private static Optional<Action> restarts(
      Intent intent, ClusterFacts facts, PatroniCluster cluster, ClusterMember leader) {
    List<ClusterMember> pending =
        cluster.members().stream()
            .filter(ClusterMember::pendingRestart)
            .filter(m -> facts.pod(m.name()).map(p -> !p.flagged()).orElse(true))
            .sorted(Comparator.comparing(ClusterMember::name))
            .toList();
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    boolean leaderPending = pending.stream().anyMatch(m -> m.name().equals(leader.name()));
    if (leaderPending && primaryFirst(leader.pendingChanges())) {
      return Optional.of(
          new Action.Restart(
              leader.name(),
              true,
              "decrease of "
                  + names(leader.pendingChanges())
                  + " (replicas must not run with lower values than the primary)"));
    }
    Optional<ClusterMember> replica =
        pending.stream().filter(m -> !m.name().equals(leader.name())).findFirst();
    if (replica.isPresent()) {
      Optional<String> unhealthy = unhealthyOther(intent, facts, cluster, replica.get().name());
      if (unhealthy.isPresent()) {
        return Optional.of(new Action.Wait(unhealthy.get()));
      }
      return Optional.of(
          new Action.Restart(
              replica.get().name(), false, "pending " + names(replica.get().pendingChanges())));
    }
    // Only the leader waits for a restart: move the primary away first.
    boolean hasReplicas = cluster.members().size() > 1;
    if (!hasReplicas) {
      return Optional.of(
          new Action.Restart(
              leader.name(), true, "pending " + names(leader.pendingChanges()) + "; no replica"));
    }
    return switchoverAway(
        intent,
        facts,
        cluster,
        leader,
        "restart for " + names(leader.pendingChanges()) + " without stopping writes");
  }

  private static Optional<Action> recreations(
      Intent intent, ClusterFacts facts, PatroniCluster cluster, ClusterMember leader) {
    List<PodFacts> flagged = facts.pods().stream().filter(PodFacts::flagged).toList();
    if (flagged.isEmpty()) {
      return Optional.empty();
    }
    Optional<PodFacts> terminating =
        facts.pods().stream().filter(PodFacts::terminating).findFirst();
    if (terminating.isPresent()) {
      return Optional.of(
          new Action.Wait("pod " + terminating.get().name() + " is being recreated"));
    }
    Optional<PodFacts> replica =
        flagged.stream().filter(p -> !p.name().equals(leader.name())).findFirst();
    if (replica.isPresent()) {
      Optional<String> unhealthy = unhealthyOther(intent, facts, cluster, replica.get().name());
      if (unhealthy.isPresent()) {
        return Optional.of(new Action.Wait(unhealthy.get()));
      }
      return Optional.of(new Action.RecreatePod(replica.get().name(), "rolling update (replica)"));
    }
    // Only the leader's pod is left.
    if (cluster.members().size() <= 1 && facts.pods().size() <= 1) {
      return Optional.of(
          new Action.RecreatePod(leader.name(), "rolling update (single instance: no switchover)"));
    }
    return switchoverAway(intent, facts, cluster, leader, "rolling update of the primary's pod");
  }

  private static Optional<Action> switchoverAway(
      Intent intent,
      ClusterFacts facts,
      PatroniCluster cluster,
      ClusterMember leader,
      String reason) {
    Optional<String> unhealthy = unhealthyOther(intent, facts, cluster, leader.name());
    if (unhealthy.isPresent()) {
      return Optional.of(new Action.Wait(unhealthy.get()));
    }
    Set<String> flagged =
        facts.pods().stream()
            .filter(PodFacts::flagged)
            .map(PodFacts::name)
            .collect(Collectors.toSet());
    PatroniCluster eligible =
        new PatroniCluster(
            cluster.members().stream().filter(m -> !flagged.contains(m.name())).toList(),
            cluster.paused(),
            cluster.scheduledSwitchoverAt());
    SwitchoverCandidates.Choice choice =
        SwitchoverCandidates.choose(
            withLeader(eligible, leader), intent.synchronousMode(), intent.maxLagBytes(), null);
    if (choice.candidate().isEmpty()) {
      return Optional.of(new Action.Wait("no switchover candidate: " + choice.reason()));
    }
    return Optional.of(
        new Action.Switchover(leader.name(), choice.candidate().get().name(), reason));
  }

  private static PatroniCluster withLeader(PatroniCluster cluster, ClusterMember leader) {
    if (cluster.member(leader.name()).isPresent()) {
      return cluster;
    }
    List<ClusterMember> members =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(leader), cluster.members().stream())
            .toList();
    return new PatroniCluster(members, cluster.paused(), cluster.scheduledSwitchoverAt());
  }

  /**
   * Why a step on {@code target} must wait: a pod missing, not Ready or going away, or another
   * replica not replicating within the lag limit. Empty when every other member is healthy.
   */
  static Optional<String> unhealthyOther(
      Intent intent, ClusterFacts facts, PatroniCluster cluster, String target) {
    if (facts.pods().size() < facts.instances()) {
      return Optional.of(facts.pods().size() + " of " + facts.instances() + " pods exist");
    }
    for (PodFacts pod : facts.pods()) {
      if (pod.name().equals(target)) {
        continue;
      }
      if (pod.terminating()) {
        return Optional.of("pod " + pod.name() + " is going away");
      }
      if (!pod.ready()) {
        return Optional.of("pod " + pod.name() + " is not Ready");
      }
      Optional<ClusterMember> member = cluster.member(pod.name());
      if (member.isEmpty()) {
        return Optional.of(pod.name() + " is not a Patroni member yet");
      }
      ClusterMember m = member.get();
      if (m.isLeader()) {
        continue;
      }
      if (!m.isReplicating()) {
        return Optional.of(pod.name() + " is not replicating (" + m.state() + ")");
      }
      if (m.lagBytes().isEmpty() || m.lagBytes().getAsLong() > intent.maxLagBytes()) {
        return Optional.of(
            pod.name()
                + " lags "
                + (m.lagBytes().isEmpty()
                    ? "an unknown amount"
                    : m.lagBytes().getAsLong() + " bytes")
                + " (limit "
                + intent.maxLagBytes()
                + ")");
      }
    }
    return Optional.empty();
  }

  private static boolean primaryFirst(Map<String, PendingChange> changes) {
    return !changes.isEmpty()
        && changes.entrySet().stream()
            .allMatch(
                e ->
                    PRIMARY_FIRST_WHEN_DECREASED.contains(e.getKey()) && e.getValue().isDecrease());
  }

  private static String names(Map<String, PendingChange> changes) {
    return changes.isEmpty()
        ? "a parameter"
        : String.join(", ", new java.util.TreeSet<>(changes.keySet()));
  }
}
