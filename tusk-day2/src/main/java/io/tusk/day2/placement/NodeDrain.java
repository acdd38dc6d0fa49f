package io.tusk.day2.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.tusk.day2.Action;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.Intent;
import io.tusk.day2.PodFacts;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.SwitchoverCandidates;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Moves the primary off a node that is leaving (cordoned for a drain, or without the node readiness
 * label), by a switchover to a replica on another node that stays, as Zalando's {@code
 * MigrateMasterPod} does. Outside the cluster's maintenance windows the switchover is scheduled for
 * the start of the next one (Patroni's {@code scheduled_at}), as Zalando schedules it.
 *
 * <p>Tusk never deletes or evicts a pod for a drain (Zalando recreates a candidate that sits on a
 * leaving node, and the pod of a single-instance cluster): the drain evicts pods itself, subject to
 * the PodDisruptionBudgets, and the primary's budget lets its pod go once it is a replica. So a
 * cluster with no replica on another node that stays waits, saying so.
 */
public final class NodeDrain {

  private NodeDrain() {}

  /** Why a node counts as leaving, by node name (only leaving nodes are listed). */
  public record LeavingNodes(Map<String, String> reasons) {
    public LeavingNodes {
      reasons = Map.copyOf(reasons);
    }

    public static LeavingNodes none() {
      return new LeavingNodes(Map.of());
    }

    /** The leaving nodes among {@code nodes} ({@link #leavingReason}). */
    public static LeavingNodes of(Collection<Node> nodes, Map<String, String> readinessLabel) {
      Map<String, String> reasons = new LinkedHashMap<>();
      for (Node n : nodes) {
        leavingReason(n, readinessLabel).ifPresent(r -> reasons.put(n.getMetadata().getName(), r));
      }
      return new LeavingNodes(reasons);
    }

    public boolean isEmpty() {
      return reasons.isEmpty();
    }

    public Set<String> names() {
      return reasons.keySet();
    }

    /** Whether {@code node} (null for a pod not scheduled yet) is leaving. */
    public boolean contains(String node) {
      return node != null && reasons.containsKey(node);
    }
  }

  /**
   * Why a node is leaving, or empty when primaries may stay on it: it is unschedulable (cordoned,
   * as {@code kubectl drain} does first), or {@code node_readiness_label} is configured and the
   * node lacks it. A node labelled {@code master: "true"} never counts, as in Zalando.
   *
   * <p>Zalando reacts only when both hold at once (a cordoned node that keeps the readiness label
   * counts as ready to it), while its {@code MigrateMasterPod} moves the primary when either holds;
   * Tusk moves it when either holds, so that {@code kubectl drain} is never left waiting on the
   * primary's PodDisruptionBudget.
   */
  public static Optional<String> leavingReason(Node node, Map<String, String> readinessLabel) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if ("true".equals(labels.get("master"))) {
      return Optional.empty();
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return Optional.of("is unschedulable (cordoned)");
    }
    if (readinessLabel != null) {
      for (Map.Entry<String, String> e : new TreeMap<>(readinessLabel).entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return Optional.of("lacks the node readiness label " + e.getKey() + "=" + e.getValue());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Empty when the primary does not run on a leaving node (or no primary is known); else the
   * switchover to do now, the one to schedule at {@code windowStart} (given only when the cluster
   * is outside its maintenance windows), or a wait with the reason.
   */
  public static Optional<Action> offLeavingNode(
      Intent intent, ClusterFacts facts, LeavingNodes leaving, Optional<Instant> windowStart) {
    if (leaving.isEmpty()) {
      return Optional.empty();
    }
    if (facts.patroni().isEmpty()) {
      return Members.labelledPrimary(facts, p -> leaving.contains(p.node()))
          .map(
              p ->
                  new Action.Wait(
                      onNode(p)
                          + " ("
                          + leaving.reasons().get(p.node())
                          + "), and no Patroni member answered"));
    }
    PatroniCluster cluster = facts.patroni().get();
    Optional<ClusterMember> leader = cluster.leader();
    if (leader.isEmpty()) {
      return Members.labelledPrimary(facts, p -> leaving.contains(p.node()))
          .map(
              p ->
                  new Action.Wait(
                      onNode(p)
                          + " ("
                          + leaving.reasons().get(p.node())
                          + "), and no member holds the leader lock"));
    }
    Optional<PodFacts> primaryPod = facts.pod(leader.get().name());
    if (primaryPod.isEmpty() || !leaving.contains(primaryPod.get().node())) {
      return Optional.empty();
    }
    String node = primaryPod.get().node();
    String reason = "the primary's node " + node + " " + leaving.reasons().get(node);
    if (cluster.paused()) {
      return Optional.of(new Action.Wait(reason + "; Patroni is paused (maintenance mode)"));
    }
    if (cluster.scheduledSwitchoverAt() != null) {
      return Optional.of(
          new Action.Wait(
              reason
                  + "; Patroni has a switchover scheduled at "
                  + cluster.scheduledSwitchoverAt()));
    }
    SwitchoverCandidates.Choice choice =
        Members.candidate(
            intent,
            facts,
            cluster,
            leader.get(),
            p -> p.node() != null && !p.node().equals(node) && !leaving.contains(p.node()));
    if (choice.candidate().isEmpty()) {
      String why =
          cluster.members().size() <= 1 && facts.pods().size() <= 1
              ? "a single instance has no replica to take over (its PodDisruptionBudget keeps a"
                  + " drain from evicting it; scale up or move it by hand)"
              : "no replica on another node that stays can take over: " + choice.reason();
      return Optional.of(new Action.Wait(reason + "; " + why));
    }
    String to = choice.candidate().get().name();
    if (windowStart.isPresent()) {
      return Optional.of(
          new Action.ScheduledSwitchover(
              leader.get().name(),
              to,
              windowStart.get(),
              reason + " (outside the maintenance windows: at the next one)"));
    }
    return Optional.of(new Action.Switchover(leader.get().name(), to, reason));
  }

  private static String onNode(PodFacts p) {
    return "pod " + p.name() + ", labelled " + Members.MASTER + ", runs on node " + p.node();
  }
}
