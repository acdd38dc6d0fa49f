package io.tusk.day2.placement;

import io.tusk.day2.Action;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.Intent;
import io.tusk.day2.PodFacts;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.SwitchoverCandidates;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What must happen before a StatefulSet goes from {@link ClusterFacts#instances()} pods down to
 * fewer: its highest ordinals go, so when the primary's pod is among them, a switchover to a member
 * that stays (ordinal below the new count) comes first (Zalando's {@code preScaleDown}).
 *
 * <p>Where Zalando always picks pod {@code -0} and lowers the replicas even when its switchover
 * failed, Tusk picks the best member that stays by Zalando's candidate rule (a synchronous standby
 * under synchronous mode, else the replica with the least lag within the limit), and answers with a
 * {@link Action.Wait} while none can take over: the caller then keeps the current count, so the
 * primary's pod is never removed. Scaling to 0 stops the whole cluster as asked; nothing stays that
 * could lead.
 */
public final class ScaleDown {

  private ScaleDown() {}

  /**
   * Empty when lowering to {@code instances} may go ahead now (no scale-down, the primary stays, no
   * pod holds it); else the switchover to do first, or a wait with the reason.
   */
  public static Optional<Action> before(Intent intent, ClusterFacts facts, int instances) {
    if (instances >= facts.instances() || instances <= 0) {
      return Optional.empty();
    }
    String what = "scale-down to " + instances + (instances == 1 ? " instance" : " instances");
    if (facts.patroni().isEmpty()) {
      return Members.labelledPrimary(facts, p -> removed(p, instances))
          .map(
              p ->
                  new Action.Wait(
                      what
                          + " would remove pod "
                          + p.name()
                          + ", labelled "
                          + Members.MASTER
                          + ", and no Patroni member answered"));
    }
    PatroniCluster cluster = facts.patroni().get();
    Optional<ClusterMember> leader = cluster.leader();
    if (leader.isEmpty()) {
      return Members.labelledPrimary(facts, p -> removed(p, instances))
          .map(
              p ->
                  new Action.Wait(
                      what
                          + " would remove pod "
                          + p.name()
                          + ", labelled "
                          + Members.MASTER
                          + ", and no member holds the leader lock"));
    }
    Optional<PodFacts> primaryPod = facts.pod(leader.get().name());
    if (primaryPod.isEmpty() || !removed(primaryPod.get(), instances)) {
      return Optional.empty();
    }
    String reason = what + " removes the primary's pod " + leader.get().name();
    if (cluster.paused()) {
      return Optional.of(new Action.Wait(reason + "; Patroni is paused (maintenance mode)"));
    }
    SwitchoverCandidates.Choice choice =
        Members.candidate(intent, facts, cluster, leader.get(), p -> !removed(p, instances));
    if (choice.candidate().isEmpty()) {
      return Optional.of(
          new Action.Wait(reason + "; no member that stays can take over: " + choice.reason()));
    }
    return Optional.of(
        new Action.Switchover(leader.get().name(), choice.candidate().get().name(), reason));
  }

  /**
   * The facts once the StatefulSet runs {@code instances} pods, after {@code switchover} (from
   * {@link #before}) if one was needed: what a preview continues from.
   */
  public static ClusterFacts after(
      ClusterFacts facts, Optional<Action.Switchover> switchover, int instances) {
    List<PodFacts> pods =
        facts.pods().stream()
            .filter(p -> !removed(p, instances))
            .map(
                p ->
                    switchover.isPresent() && p.name().equals(switchover.get().to())
                        ? new PodFacts(
                            p.name(),
                            Members.MASTER,
                            p.ready(),
                            p.terminating(),
                            p.flagged(),
                            p.node())
                        : p)
            .toList();
    Set<String> staying = pods.stream().map(PodFacts::name).collect(Collectors.toSet());
    Optional<PatroniCluster> patroni =
        facts
            .patroni()
            .map(
                c ->
                    new PatroniCluster(
                        c.members().stream()
                            .filter(m -> staying.contains(m.name()))
                            .map(
                                m ->
                                    switchover.isPresent() && m.name().equals(switchover.get().to())
                                        ? leader(m)
                                        : m)
                            .toList(),
                        c.paused(),
                        c.scheduledSwitchoverAt()));
    return new ClusterFacts(pods, instances, patroni, facts.dynamicConfig());
  }

  private static ClusterMember leader(ClusterMember m) {
    return new ClusterMember(
        m.name(),
        "leader",
        "running",
        m.apiUrl(),
        m.host(),
        m.timeline(),
        OptionalLong.empty(),
        m.pendingRestart(),
        m.pendingChanges(),
        m.tags());
  }

  private static boolean removed(PodFacts pod, int instances) {
    return pod.ordinal() >= instances;
  }
}
