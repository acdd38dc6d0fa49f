package io.tusk.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.day2.ClusterFacts;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestartCommandTest {

  private static ClusterMember member(String name, String role, boolean pending) {
    return new ClusterMember(
        name, role, "running", null, null, 1, OptionalLong.of(0), pending, Map.of(), Map.of());
  }

  private static ClusterFacts facts(ClusterMember... members) {
    return new ClusterFacts(
        List.of(),
        members.length,
        Optional.of(new PatroniCluster(List.of(members), false, null)),
        Optional.empty());
  }

  private static Map<String, Boolean> pending(ClusterFacts facts) {
    return facts.patroni().orElseThrow().members().stream()
        .collect(
            java.util.stream.Collectors.toMap(ClusterMember::name, ClusterMember::pendingRestart));
  }

  @Test
  void withoutPendingOnlyEveryMemberNotRestartedYetCounts() {
    ClusterFacts facts =
        facts(
            member("c-0", "leader", false),
            member("c-1", "replica", false),
            member("c-2", "replica", true));

    assertThat(pending(RestartCommand.asked(facts, Set.of("c-1"), false)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("c-0", true, "c-1", false, "c-2", true));
  }

  @Test
  void aMemberRestartedByTheCommandIsDoneEvenWhilePatroniStillReportsItsFlag() {
    // Patroni clears pending_restart at its next loop: restarting it again would be a second
    // restart for nothing.
    ClusterFacts facts = facts(member("c-0", "leader", true), member("c-1", "replica", true));

    assertThat(pending(RestartCommand.asked(facts, Set.of("c-1"), true)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("c-0", true, "c-1", false));
    assertThat(pending(RestartCommand.asked(facts, Set.of(), true)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("c-0", true, "c-1", true));
  }

  @Test
  void aStepForAMemberThatIsNotPendingSaysItWasAskedFor() {
    ClusterFacts observed = facts(member("c-0", "leader", false), member("c-1", "replica", true));

    assertThat(
            RestartCommand.asked(
                    new io.tusk.day2.Action.Restart("c-1", false, "pending max_connections"),
                    observed)
                .describe())
        .contains("pending max_connections");
    assertThat(
            RestartCommand.asked(
                    new io.tusk.day2.Action.Restart("c-2", false, "pending a parameter"), observed)
                .describe())
        .contains("asked for with tusk restart")
        .doesNotContain("parameter");
    assertThat(
            RestartCommand.asked(
                    new io.tusk.day2.Action.Switchover("c-0", "c-1", "restart for a parameter"),
                    observed)
                .describe())
        .contains("asked for with tusk restart")
        .doesNotContain("parameter");
  }
}
