package io.tusk.day2.placement;

import io.tusk.day2.ClusterFacts;
import io.tusk.day2.Intent;
import io.tusk.day2.PodFacts;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.SwitchoverCandidates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What both decisions share: who holds the primary, and the best member that may take over. */
final class Members {

  /** The role label Patroni puts on the primary's pod. */
  static final String MASTER = "master";

  private Members() {}

  /** Pods labelled master that {@code affected} selects (when Patroni cannot be asked). */
  static Optional<PodFacts> labelledPrimary(ClusterFacts facts, Predicate<PodFacts> affected) {
    return facts.pods().stream().filter(p -> MASTER.equals(p.role())).filter(affected).findFirst();
  }

  /**
   * The candidate by Zalando's rule (a synchronous standby under synchronous mode, else the running
   * or streaming replica with the least lag; never one tagged {@code nofailover} or lagging beyond
   * the limit) among the members whose pods {@code eligible} accepts and that are Ready and not
   * going away; the reason when there is none.
   */
  static SwitchoverCandidates.Choice candidate(
      Intent intent,
      ClusterFacts facts,
      PatroniCluster cluster,
      ClusterMember leader,
      Predicate<PodFacts> eligible) {
    List<ClusterMember> members = new ArrayList<>();
    members.add(leader);
    for (ClusterMember m : cluster.members()) {
      if (m.name().equals(leader.name())) {
        continue;
      }
      Optional<PodFacts> pod = facts.pod(m.name());
      if (pod.isPresent()
          && pod.get().ready()
          && !pod.get().terminating()
          && eligible.test(pod.get())) {
        members.add(m);
      }
    }
    return SwitchoverCandidates.choose(
        new PatroniCluster(members, cluster.paused(), cluster.scheduledSwitchoverAt()),
        intent.synchronousMode(),
        intent.maxLagBytes(),
        null);
  }
}
