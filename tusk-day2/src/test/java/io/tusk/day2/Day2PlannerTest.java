package io.tusk.day2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PendingChange;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class Day2PlannerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LIMIT = Intent.DEFAULT_MAX_LAG_BYTES;

  private static final String EFFECTIVE =
      """
      {"ttl": 30, "loop_wait": 10, "retry_timeout": 10, "maximum_lag_on_failover": 33554432,
       "postgresql": {"parameters": {"max_connections": 100, "log_min_duration_statement": -1},
                      "use_pg_rewind": true}}
      """;

  @Test
  void nothingToDoWhenTheConfigurationMatchesAndNoPodIsFlagged() {
    ClusterFacts facts = facts(pods(false, false, false), healthyMembers(), EFFECTIVE);

    assertThat(Day2Planner.next(intent("{}"), facts)).isEmpty();
    assertThat(
            Day2Planner.next(
                intent(
                    "{\"ttl\": 30, \"postgresql\": {\"parameters\": {\"max_connections\": \"100\"}}}"),
                facts))
        .as("100 and \"100\" are the same value")
        .isEmpty();
  }

  @Test
  void aReloadParameterIsOnePatchAndNoRestart() {
    ClusterFacts facts = facts(pods(false, false, false), healthyMembers(), EFFECTIVE);
    Intent intent =
        intent(
            "{\"ttl\": 30, \"postgresql\": {\"parameters\": {\"log_min_duration_statement\": \"250\"}}}");

    List<Action> steps = Preview.steps(intent, facts);

    assertThat(steps).hasSize(1);
    Action.PatchConfig patch = (Action.PatchConfig) steps.get(0);
    assertThat(patch.keys()).containsExactly("postgresql.parameters.log_min_duration_statement");
    assertThat(patch.patch().toString())
        .isEqualTo("{\"postgresql\":{\"parameters\":{\"log_min_duration_statement\":\"250\"}}}");
  }

  @Test
  void aStandbyClusterWhoseManifestLostItsStandbySectionIsPromoted() {
    String effective =
        "{\"ttl\": 30, \"standby_cluster\": {\"host\": \"acid-source\", \"port\": 5432}}";
    ClusterFacts facts = facts(pods(false, false, false), healthyMembers(), effective);

    Action.PatchConfig patch =
        (Action.PatchConfig) Day2Planner.next(intent("{\"ttl\": 30}"), facts).orElseThrow();
    assertThat(patch.keys()).containsExactly("standby_cluster");
    assertThat(patch.patch().toString()).isEqualTo("{\"standby_cluster\":null}");
    assertThat(patch.reason()).contains("promoted");

    Intent stillStandby = new Intent(json("{\"ttl\": 30}"), false, LIMIT, true);
    assertThat(Day2Planner.next(stillStandby, facts)).isEmpty();

    // Zalando's isStandbyCluster: STANDBY_WALE_*_PREFIX in the manifest's env is a standby too.
    io.tusk.api.acid.v1.PostgresSpec spec = new io.tusk.api.acid.v1.PostgresSpec();
    spec.setEnv(
        List.of(
            new io.fabric8.kubernetes.api.model.EnvVar(
                "STANDBY_WALE_S3_PREFIX", "s3://b/spilo/src/wal/17", null)));
    assertThat(
            Intent.of(spec, io.tusk.config.OperatorConfig.defaults(io.tusk.config.Source.CONFIGMAP))
                .standbyCluster())
        .isTrue();
  }

  @Test
  void synchronousModeIsTurnedOffWhenNoLongerDeclaredButOtherUndeclaredKeysAreLeftAlone() {
    String effective =
        "{\"ttl\": 30, \"synchronous_mode\": true, \"slots\": {\"by_hand\": {\"type\": \"physical\"}}}";
    ClusterFacts facts = facts(pods(false, false, false), healthyMembers(), effective);

    Action.PatchConfig patch =
        (Action.PatchConfig) Day2Planner.next(intent("{\"ttl\": 20}"), facts).orElseThrow();

    assertThat(patch.keys()).containsExactly("ttl", "synchronous_mode");
    assertThat(patch.patch().toString()).isEqualTo("{\"ttl\":20,\"synchronous_mode\":false}");
  }

  @Test
  void aRollRecreatesReplicasFirstThenSwitchesOverOnceThenRecreatesTheOldPrimary() {
    ClusterFacts facts =
        facts(
            pods(true, true, true),
            List.of(
                leader("c-0"), replica("c-1", "streaming", 4096), replica("c-2", "streaming", 0)),
            EFFECTIVE);

    List<String> steps = describe(Preview.steps(intent("{}"), facts));

    assertThat(steps)
        .containsExactly(
            "recreate pod c-1: rolling update (replica)",
            "recreate pod c-2: rolling update (replica)",
            // Both replicas are back and caught up (lag 0): the first by name is chosen.
            "switch over from c-0 to c-1: rolling update of the primary's pod",
            "recreate pod c-0: rolling update (replica)");
    assertThat(Day2Planner.next(intent("{}"), facts))
        .contains(new Action.RecreatePod("c-1", "rolling update (replica)"));
  }

  @Test
  void aPreviewAssumesARecreatedOrRestartedReplicaComesBackStreaming() {
    // The live planner waits while a replica is not streaming yet.
    ClusterFacts starting =
        facts(
            pods(true, true, true),
            List.of(leader("c-0"), replica("c-1", "running", 0), replica("c-2", "running", 0)),
            EFFECTIVE);
    assertThat(describe(Preview.steps(intent("{}"), starting)))
        .containsExactly("wait: c-2 is not replicating (running)");
    // A restart parameter: after each restart the preview counts the replica as caught up.
    ClusterFacts streaming = facts(pods(false, false, false), healthyMembers(), EFFECTIVE);
    Intent more = intent("{\"postgresql\": {\"parameters\": {\"max_connections\": \"150\"}}}");
    assertThat(Preview.steps(more, streaming)).hasSize(4).noneMatch(a -> a instanceof Action.Wait);
  }

  @Test
  void aRollResumedAfterTheSwitchoverOnlyRecreatesTheOldPrimaryWithoutASecondSwitchover() {
    // The operator stopped right after the switchover: c-0 is now a flagged replica.
    ClusterFacts facts =
        facts(
            pods(true, false, false),
            List.of(replica("c-0", "streaming", 0), leader("c-1"), replica("c-2", "streaming", 0)),
            EFFECTIVE);

    assertThat(describe(Preview.steps(intent("{}"), facts)))
        .containsExactly("recreate pod c-0: rolling update (replica)");
  }

  @Test
  void noPodIsRecreatedWhileAnotherMemberIsNotStreamingWithinTheLagLimit() {
    List<ClusterMember> lagging =
        List.of(
            leader("c-0"), replica("c-1", "streaming", 0), replica("c-2", "streaming", LIMIT + 1));
    List<ClusterMember> starting =
        List.of(leader("c-0"), replica("c-1", "streaming", 0), replica("c-2", "starting", 0));

    assertThat(Day2Planner.next(intent("{}"), facts(pods(true, true, false), lagging, EFFECTIVE)))
        .contains(new Action.Wait("c-2 lags " + (LIMIT + 1) + " bytes (limit " + LIMIT + ")"));
    assertThat(Day2Planner.next(intent("{}"), facts(pods(true, true, false), starting, EFFECTIVE)))
        .contains(new Action.Wait("c-2 is not replicating (starting)"));
    List<PodFacts> notReady = new ArrayList<>(pods(true, true, false));
    notReady.set(2, new PodFacts("c-2", "replica", false, false, false, "n"));
    assertThat(Day2Planner.next(intent("{}"), facts(notReady, healthyMembers(), EFFECTIVE)))
        .contains(new Action.Wait("pod c-2 is not Ready"));
    assertThat(
            Day2Planner.next(
                intent("{}"),
                facts(pods(true, true).subList(0, 2), healthyMembers(), EFFECTIVE, 3)))
        .contains(new Action.Wait("2 of 3 pods exist"));
  }

  @Test
  void twoInstancesInSynchronousModeWaitForTheSyncStandbyBeforeTheSwitchover() {
    Intent intent = intent("{\"synchronous_mode\": true}");
    String effective = "{\"synchronous_mode\": true}";
    ClusterFacts recreatedNotYetSync =
        facts(pods(true, false), List.of(leader("c-0"), replica("c-1", "streaming", 0)), effective);
    ClusterFacts sync =
        facts(
            pods(true, false),
            List.of(leader("c-0"), member("c-1", "sync_standby", "streaming", 0, Map.of())),
            effective);

    assertThat(Day2Planner.next(intent, recreatedNotYetSync))
        .contains(new Action.Wait("no switchover candidate: no synchronous standby is running"));
    assertThat(Day2Planner.next(intent, sync))
        .contains(new Action.Switchover("c-0", "c-1", "rolling update of the primary's pod"));
  }

  @Test
  void
      anIncreaseOfARestartParameterRestartsReplicasThenSwitchesOverAndNeverRestartsThePrimaryInPlace() {
    ClusterFacts facts = facts(pods(false, false, false), healthyMembers(), EFFECTIVE);
    Intent intent = intent("{\"postgresql\": {\"parameters\": {\"max_connections\": \"150\"}}}");

    List<String> steps = describe(Preview.steps(intent, facts));

    assertThat(steps)
        .containsExactly(
            "patch Patroni configuration (postgresql.parameters.max_connections)",
            "restart PostgreSQL in replica c-1: pending max_connections",
            "restart PostgreSQL in replica c-2: pending max_connections",
            // The demotion restarts the old primary: nothing is left pending.
            "switch over from c-0 to c-1: restart for max_connections without stopping writes");
    // Were it still pending after the demotion, it is restarted as the replica it now is.
    List<ClusterMember> after =
        List.of(
            member("c-0", "replica", "streaming", 0, Map.of("max_connections", increase())),
            leader("c-1"),
            replica("c-2", "streaming", 0));
    assertThat(
            Day2Planner.next(
                intent,
                facts(
                    pods(false, false, false),
                    after,
                    "{\"postgresql\": {\"parameters\": {\"max_connections\": \"150\"}}}")))
        .contains(new Action.Restart("c-0", false, "pending max_connections"));
  }

  @Test
  void aDecreaseOfMaxConnectionsRestartsThePrimaryFirstAsZalandoDoes() {
    List<ClusterMember> members =
        List.of(
            member("c-0", "leader", "running", -1, Map.of("max_connections", decrease())),
            member("c-1", "replica", "streaming", 0, Map.of("max_connections", decrease())),
            member("c-2", "replica", "streaming", 0, Map.of("max_connections", decrease())));
    ClusterFacts facts = facts(pods(false, false, false), members, EFFECTIVE);

    assertThat(describe(Preview.steps(intent("{}"), facts)))
        .containsExactly(
            "restart PostgreSQL in primary c-0: decrease of max_connections (replicas must not run"
                + " with lower values than the primary)",
            "restart PostgreSQL in replica c-1: pending max_connections",
            "restart PostgreSQL in replica c-2: pending max_connections");
  }

  @Test
  void aSingleInstanceIsRecreatedOrRestartedInPlaceSinceThereIsNoReplica() {
    ClusterFacts flagged = facts(pods(true), List.of(leader("c-0")), EFFECTIVE, 1);
    ClusterFacts pending =
        facts(
            pods(false),
            List.of(member("c-0", "leader", "running", -1, Map.of("shared_buffers", increase()))),
            EFFECTIVE,
            1);

    assertThat(describe(Preview.steps(intent("{}"), flagged)))
        .containsExactly("recreate pod c-0: rolling update (single instance: no switchover)");
    assertThat(describe(Preview.steps(intent("{}"), pending)))
        .containsExactly("restart PostgreSQL in primary c-0: pending shared_buffers; no replica");
  }

  @Test
  void aFlaggedPodIsRecreatedRatherThanRestarted() {
    List<ClusterMember> members =
        List.of(
            leader("c-0"),
            member("c-1", "replica", "streaming", 0, Map.of("max_connections", increase())),
            replica("c-2", "streaming", 0));

    assertThat(Day2Planner.next(intent("{}"), facts(pods(false, true, false), members, EFFECTIVE)))
        .contains(new Action.RecreatePod("c-1", "rolling update (replica)"));
  }

  @Test
  void nothingHappensWithoutALeaderOrWhilePatroniIsPaused() {
    List<ClusterMember> leaderless =
        List.of(replica("c-0", "running", 0), replica("c-1", "streaming", 0));
    ClusterFacts paused =
        new ClusterFacts(
            pods(true, true),
            2,
            Optional.of(new PatroniCluster(healthyMembers().subList(0, 2), true, null)),
            Optional.of(json(EFFECTIVE)));

    assertThat(Day2Planner.next(intent("{}"), facts(pods(true, true), leaderless, EFFECTIVE)))
        .contains(new Action.Wait("no member holds the leader lock"));
    assertThat(Day2Planner.next(intent("{}"), paused))
        .contains(new Action.Wait("Patroni is paused (maintenance mode)"));
    assertThat(
            Day2Planner.next(
                intent("{}"), new ClusterFacts(pods(true), 1, Optional.empty(), Optional.empty())))
        .contains(new Action.Wait("no Patroni member answered"));
  }

  // --- fixtures ---

  private static PendingChange increase() {
    return new PendingChange("100", "150");
  }

  private static PendingChange decrease() {
    return new PendingChange("150", "100");
  }

  private static List<String> describe(List<Action> actions) {
    return actions.stream().map(Action::describe).toList();
  }

  private static Intent intent(String dcs) {
    return new Intent(json(dcs), json(dcs).path("synchronous_mode").asBoolean(false), LIMIT);
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<PodFacts> pods(Boolean... flagged) {
    List<PodFacts> pods = new ArrayList<>();
    for (int i = 0; i < flagged.length; i++) {
      pods.add(new PodFacts("c-" + i, i == 0 ? "master" : "replica", true, false, flagged[i], "n"));
    }
    return pods;
  }

  private static List<ClusterMember> healthyMembers() {
    return List.of(leader("c-0"), replica("c-1", "streaming", 0), replica("c-2", "streaming", 0));
  }

  private static ClusterFacts facts(
      List<PodFacts> pods, List<ClusterMember> members, String config) {
    return facts(pods, members, config, pods.size());
  }

  private static ClusterFacts facts(
      List<PodFacts> pods, List<ClusterMember> members, String config, int instances) {
    return new ClusterFacts(
        pods,
        instances,
        Optional.of(new PatroniCluster(members, false, null)),
        Optional.of(json(config)));
  }

  private static ClusterMember leader(String name) {
    return member(name, "leader", "running", -1, Map.of());
  }

  private static ClusterMember replica(String name, String state, long lag) {
    return member(name, "replica", state, lag, Map.of());
  }

  private static ClusterMember member(
      String name, String role, String state, long lag, Map<String, PendingChange> pending) {
    return new ClusterMember(
        name,
        role,
        state,
        URI.create("http://10.0.0." + name.charAt(2) + ":8008/patroni"),
        "10.0.0." + name.charAt(2),
        1,
        lag < 0 ? OptionalLong.empty() : OptionalLong.of(lag),
        !pending.isEmpty(),
        pending,
        Map.of());
  }
}
