package io.tusk.patroni;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SwitchoverCandidatesTest {

  private static final long LIMIT = 16L * 1024 * 1024;

  @Test
  void theReplicaWithTheLeastLagIsChosen() {
    PatroniCluster cluster =
        cluster(
            leader("c-0"),
            replica("c-1", "streaming", 4096, Map.of()),
            replica("c-2", "streaming", 0, Map.of()));

    assertThat(SwitchoverCandidates.choose(cluster, false, LIMIT, null).candidate())
        .map(ClusterMember::name)
        .contains("c-2");
  }

  @Test
  void underSynchronousModeOnlyTheSyncStandbyIsChosenEvenWhenAnotherLagsLess() {
    PatroniCluster cluster =
        cluster(
            leader("c-0"),
            member("c-1", "sync_standby", "streaming", OptionalLong.of(8192), Map.of()),
            replica("c-2", "streaming", 0, Map.of()));

    assertThat(SwitchoverCandidates.choose(cluster, true, LIMIT, null).candidate())
        .map(ClusterMember::name)
        .contains("c-1");
    assertThat(SwitchoverCandidates.choose(cluster, false, LIMIT, null).candidate())
        .map(ClusterMember::name)
        .contains("c-2");
  }

  @Test
  void synchronousModeWithoutASyncStandbyHasNoCandidate() {
    PatroniCluster cluster = cluster(leader("c-0"), replica("c-1", "streaming", 0, Map.of()));

    SwitchoverCandidates.Choice choice = SwitchoverCandidates.choose(cluster, true, LIMIT, null);

    assertThat(choice.candidate()).isEmpty();
    assertThat(choice.reason()).contains("synchronous standby");
  }

  @Test
  void stoppedLaggingUnknownAndNofailoverMembersAreNeverChosen() {
    PatroniCluster cluster =
        cluster(
            leader("c-0"),
            replica("c-1", "stopped", 0, Map.of()),
            replica("c-2", "streaming", LIMIT + 1, Map.of()),
            member("c-3", "replica", "streaming", OptionalLong.empty(), Map.of()),
            replica("c-4", "streaming", 0, Map.of("nofailover", "true")));

    SwitchoverCandidates.Choice choice = SwitchoverCandidates.choose(cluster, false, LIMIT, null);

    assertThat(choice.candidate()).isEmpty();
    assertThat(choice.reason()).contains("lags more than");
  }

  @Test
  void anExcludedMemberIsSkipped() {
    PatroniCluster cluster =
        cluster(
            leader("c-0"),
            replica("c-1", "streaming", 0, Map.of()),
            replica("c-2", "streaming", 100, Map.of()));

    assertThat(SwitchoverCandidates.choose(cluster, false, LIMIT, "c-1").candidate())
        .map(ClusterMember::name)
        .contains("c-2");
    assertThat(SwitchoverCandidates.choose(cluster(leader("c-0")), false, LIMIT, null).reason())
        .isEqualTo("no replica to switch over to");
  }

  private static PatroniCluster cluster(ClusterMember... members) {
    return new PatroniCluster(List.of(members), false, null);
  }

  private static ClusterMember leader(String name) {
    return member(name, "leader", "running", OptionalLong.empty(), Map.of());
  }

  private static ClusterMember replica(
      String name, String state, long lag, Map<String, String> tags) {
    return member(name, "replica", state, OptionalLong.of(lag), tags);
  }

  private static ClusterMember member(
      String name, String role, String state, OptionalLong lag, Map<String, String> tags) {
    return new ClusterMember(
        name,
        role,
        state,
        URI.create("http://10.0.0.1:8008/patroni"),
        "10.0.0.1",
        1,
        lag,
        false,
        Map.of(),
        tags);
  }
}
