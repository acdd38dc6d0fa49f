package io.tusk.day2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PendingChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The whole sequence of steps expected from a cluster's current state: {@link Day2Planner#next}
 * asked again and again, each step's effect applied to the facts as Patroni and the StatefulSet
 * would bring it about (a patched parameter that needs a restart leaves every member pending; a
 * restart clears it; a switchover swaps the roles and, since Patroni demotes by restarting
 * PostgreSQL, clears the old primary's pending restart; a recreated pod comes back unflagged and
 * caught up). It stops at the first {@link Action.Wait}: what happens after a wait depends on how
 * it ends.
 */
public final class Preview {

  private static final int MAX_STEPS = 64;

  private Preview() {}

  public static List<Action> steps(Intent intent, ClusterFacts facts) {
    List<Action> steps = new ArrayList<>();
    ClusterFacts current = facts;
    for (int i = 0; i < MAX_STEPS; i++) {
      Optional<Action> next = Day2Planner.next(intent, current);
      if (next.isEmpty()) {
        return steps;
      }
      steps.add(next.get());
      if (next.get() instanceof Action.Wait) {
        return steps;
      }
      current = after(current, next.get());
    }
    throw new IllegalStateException("no end after " + MAX_STEPS + " steps: " + steps);
  }

  /** The facts once {@code action} has taken effect. */
  static ClusterFacts after(ClusterFacts facts, Action action) {
    PatroniCluster cluster = facts.patroni().orElseThrow();
    List<PodFacts> pods = facts.pods();
    Optional<ObjectNode> config = facts.dynamicConfig();
    List<ClusterMember> members = cluster.members();
    if (action instanceof Action.PatchConfig patch) {
      ObjectNode before = config.orElse(null);
      Map<String, PendingChange> pending = new HashMap<>();
      patch
          .patch()
          .path("postgresql")
          .path("parameters")
          .fields()
          .forEachRemaining(
              e -> {
                if (RestartParameters.needsRestart(e.getKey())) {
                  JsonNode old =
                      before == null
                          ? null
                          : before.path("postgresql").path("parameters").get(e.getKey());
                  pending.put(
                      e.getKey(),
                      new PendingChange(old == null ? "" : old.asText(), e.getValue().asText()));
                }
              });
      config = Optional.of(PatroniConfigDiff.merged(before, patch.patch()));
      if (!pending.isEmpty()) {
        members = members.stream().map(m -> pending(m, pending)).toList();
      }
    } else if (action instanceof Action.Restart restart) {
      members =
          members.stream()
              .map(m -> m.name().equals(restart.member()) ? caughtUp(pending(m, Map.of())) : m)
              .toList();
    } else if (action instanceof Action.Switchover switchover) {
      members =
          members.stream()
              .map(
                  m ->
                      m.name().equals(switchover.to())
                          ? role(m, "leader", "running", OptionalLong.empty())
                          : m.name().equals(switchover.from())
                              // Patroni demotes the old primary by restarting PostgreSQL as a
                              // standby: that restart applies what was pending.
                              ? pending(
                                  role(m, "replica", "streaming", OptionalLong.of(0)), Map.of())
                              : m)
              .toList();
    } else if (action instanceof Action.RecreatePod recreate) {
      pods =
          pods.stream()
              .map(
                  p ->
                      p.name().equals(recreate.pod())
                          ? new PodFacts(p.name(), p.role(), true, false, false, p.node())
                          : p)
              .toList();
      members =
          members.stream()
              .map(m -> m.name().equals(recreate.pod()) ? caughtUp(pending(m, Map.of())) : m)
              .toList();
    }
    return new ClusterFacts(
        pods,
        facts.instances(),
        Optional.of(new PatroniCluster(members, cluster.paused(), cluster.scheduledSwitchoverAt())),
        config);
  }

  private static ClusterMember pending(ClusterMember m, Map<String, PendingChange> changes) {
    Map<String, PendingChange> all = new HashMap<>();
    if (!changes.isEmpty()) {
      all.putAll(m.pendingChanges());
      all.putAll(changes);
    }
    return new ClusterMember(
        m.name(),
        m.role(),
        m.state(),
        m.apiUrl(),
        m.host(),
        m.timeline(),
        m.lagBytes(),
        !all.isEmpty(),
        all,
        m.tags());
  }

  /** A replica back after a restart or recreation, streaming and caught up. */
  private static ClusterMember caughtUp(ClusterMember m) {
    return m.isLeader() ? m : role(m, m.role(), "streaming", OptionalLong.of(0));
  }

  private static ClusterMember role(ClusterMember m, String role, String state, OptionalLong lag) {
    return new ClusterMember(
        m.name(),
        role,
        state,
        m.apiUrl(),
        m.host(),
        m.timeline(),
        lag,
        m.pendingRestart(),
        m.pendingChanges(),
        m.tags());
  }
}
