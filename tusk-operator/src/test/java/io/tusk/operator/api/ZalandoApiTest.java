package io.tusk.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routing and the shapes of Zalando's REST API answers, without a server. */
class ZalandoApiTest {

  private static Postgresql cluster(String ns, String name, String team, int instances) {
    Postgresql pg = new Postgresql();
    pg.setMetadata(
        new ObjectMetaBuilder().withNamespace(ns).withName(name).withGeneration(1L).build());
    PostgresSpec spec = new PostgresSpec();
    spec.setTeamId(team);
    spec.setNumberOfInstances(instances);
    spec.setDatabases(Map.of("foo", "zalando", "bar", "zalando"));
    pg.setSpec(spec);
    PostgresStatus status = new PostgresStatus("Running");
    status.setObservedGeneration(1L);
    pg.setStatus(status);
    return pg;
  }

  private final Workers workers =
      new Workers(2, Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
  private final ClusterLogs logs = new ClusterLogs(() -> 2, workers);
  private final ClusterHistory history = new ClusterHistory(() -> 10);
  private final List<Postgresql> clusters =
      List.of(cluster("ns", "acid-a", "ACID", 2), cluster("ns", "acid-b", "acid", 1));
  private final ZalandoApi api =
      new ZalandoApi(() -> clusters, workers, logs, history, pg -> Map.of());

  @Test
  void clustersByLowerCaseTeam() {
    assertThat(api.clusters("/clusters/").body())
        .isEqualTo(Map.of("acid", List.of("acid-a", "acid-b")));
    assertThat(api.clusters("/clusters/acid").body()).isEqualTo(List.of("acid-a", "acid-b"));
    assertThat(api.clusters("/clusters/other/").code()).isEqualTo(500);
    assertThat(api.databases()).containsEntry("acid-a", List.of("bar", "foo"));
  }

  @Test
  void theClusterStatusHasZalandosKeys() {
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) api.clusters("/clusters/ns/acid-a/").body();
    assertThat(s)
        .containsKeys(
            "Team",
            "Cluster",
            "Namespace",
            "MasterService",
            "ReplicaService",
            "MasterEndpoint",
            "ReplicaEndpoint",
            "StatefulSet",
            "PrimaryPodDisruptionBudget",
            "CriticalOpPodDisruptionBudget",
            "CurrentProcess",
            "Worker",
            "Status",
            "Spec",
            "Error");
    assertThat(s.get("Team")).isEqualTo("ACID");
    assertThat(api.clusters("/clusters/ns/acid-c/").body())
        .isEqualTo(Map.of("error", "could not find cluster"));
  }

  @Test
  void workersInTurnTheirCurrentClusterAndQueue() {
    assertThat(workers.workerOf("ns", "acid-a")).isZero();
    assertThat(workers.workerOf("ns", "acid-b")).isEqualTo(1);
    assertThat(workers.workerOf("ns", "acid-c")).isZero();
    assertThat(workers.workerOf("ns", "acid-a")).isZero();

    Postgresql a = clusters.get(0);
    workers.reconciliationExecutionStarted(a, Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> all = (Map<String, Object>) api.workers("/workers/all/status/").body();
    assertThat(all.get("1")).isEqualTo("idle");
    assertThat(all.get("0").toString())
        .contains("Namespace=ns", "Name=acid-a", "Name=syncing cluster", "2026-12-07T10:00:00Z");
    workers.reconciliationExecutionFinished(a, Map.of());
    assertThat(api.workers("/workers/0/status").body()).isEqualTo("idle");
    assertThat(api.status().get("LastSyncTime"))
        .isEqualTo(Instant.parse("2026-12-07T10:00:00Z").getEpochSecond());
    assertThat(api.workers("/workers/7/queue/").body())
        .isEqualTo(Map.of("error", "could not find worker"));
    assertThat(api.workers("/workers/x/").code()).isEqualTo(500);
  }

  @Test
  void logLinesKeepTheLastRingLogLinesPerClusterAndWorker() {
    for (int i = 0; i < 3; i++) {
      logs.add(Instant.EPOCH, "info", "ns", "acid-a", "line " + i);
    }
    assertThat(logs.ofCluster("ns", "acid-a").orElseThrow())
        .extracting(ClusterLogs.Entry::message)
        .containsExactly("line 1", "line 2");
    assertThat(logs.ofWorker(workers.workerOf("ns", "acid-a"))).hasSize(2);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> answer =
        (List<Map<String, Object>>) api.clusters("/clusters/ns/acid-a/logs/").body();
    assertThat(answer.get(0)).containsKeys("Time", "Level", "Worker", "Message");
  }

  @Test
  void theHistoryHasOneLinePerChangedField() {
    Postgresql a = clusters.get(0);
    history.reconciled(a, Instant.EPOCH);
    Postgresql changed = cluster("ns", "acid-a", "ACID", 3);
    changed.getMetadata().setGeneration(2L);
    changed.getSpec().setDatabases(Map.of("foo", "zalando"));
    history.reconciled(changed, Instant.EPOCH);
    history.reconciled(changed, Instant.EPOCH);
    assertThat(history.of("ns", "acid-a").orElseThrow())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.diff())
                    .containsExactly(
                        "spec.databases.bar: zalando -> <none>", "spec.numberOfInstances: 2 -> 3"));
  }
}
