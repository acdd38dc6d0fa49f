package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.images.PostgresInstallation;
import io.tusk.it.OperatorHarness;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.patroni.PatroniClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Zalando's issues #2276 and #1992 on real pods: a two-instance cluster in synchronous mode rolls
 * its pods after a resource change. The switchover waits until the recreated replica is a
 * synchronous standby again, so Patroni never refuses it: no failed call, one new timeline, both
 * pods recreated, and no acknowledged (synchronously committed) row lost.
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SynchronousRollIT {

  static final String CLUSTER = "acid-sync-roll";

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private final PatroniClient patroni = PatroniClient.withDefaults();
  private OperatorHarness operator;
  private ClusterView view;

  @BeforeAll
  void clusterRuns() throws Exception {
    view = new ClusterView(client, CLUSTER);
    operator = RealPodsOperator.start(cluster, Map.of());
    Postgresql pg = ClusterView.zalandoManifest(client, "minimal-postgres-manifest.yaml");
    pg.getMetadata().setName(CLUSTER);
    pg.getSpec().setUsers(Map.of());
    pg.getSpec().setDatabases(Map.of());
    pg.getSpec().setPreparedDatabases(null);
    int major = ClusterView.newestMajor(PostgresInstallation::ssl, "TLS support");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    Patroni timings = new Patroni();
    timings.setTtl(20);
    timings.setLoopWait(2);
    timings.setRetryTimeout(3);
    timings.setSynchronousMode(true);
    pg.getSpec().setPatroni(timings);
    client.resources(Postgresql.class).resource(pg).create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", Duration.ofMinutes(5));
    await("a Ready master and a Ready replica")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> view.readyRoles().equals(List.of("master", "replica")));
  }

  @AfterAll
  void stop() {
    client.resources(Postgresql.class).withName(CLUSTER).delete();
    await("the pods to go")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> view.pods().isEmpty());
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void aRollSwitchesOverOnlyToTheSynchronousStandbyWithoutAFailedCall() throws Exception {
    Sql.Login superuser = view.superuser();
    Map<String, String> before =
        view.pods().stream()
            .collect(
                Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    Pod master = view.masterPod();
    int timeline = patroni.patroni(PatroniClient.apiRoot(master.getStatus().getPodIP())).timeline();

    try (WriteLoad writes = WriteLoad.start(() -> superuser, "sync_rows", 50)) {
      client
          .resources(Postgresql.class)
          .withName(CLUSTER)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"resources\":{\"requests\":{\"cpu\":\"110m\",\"memory\":\"100Mi\"}}}}");

      await("both pods recreated, Ready, and the cluster Running")
          .atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                List<Pod> now = view.pods();
                return now.size() == 2
                    && now.stream()
                        .allMatch(
                            p ->
                                ClusterView.ready(p)
                                    && !p.getMetadata()
                                        .getUid()
                                        .equals(before.get(p.getMetadata().getName())))
                    && "Running".equals(OperatorHarness.status(client, CLUSTER));
              });
      writes.close();

      Pod newMaster = view.masterPod();
      assertThat(
              patroni.patroni(PatroniClient.apiRoot(newMaster.getStatus().getPodIP())).timeline())
          .isEqualTo(timeline + 1);
      List<Event> events = OperatorHarness.events(client, CLUSTER);
      assertThat(events)
          .filteredOn(e -> "Warning".equals(e.getType()))
          .extracting(Event::getMessage)
          .noneMatch(m -> m.contains("failed"));
      assertThat(events)
          .filteredOn(e -> "Switchover".equals(e.getReason()))
          .extracting(Event::getMessage)
          .anyMatch(m -> m.startsWith("Patroni: Successfully switched over"));
      Set<String> present = new HashSet<>(Sql.column(superuser, "select id from sync_rows"));
      assertThat(writes.acknowledged())
          .isNotEmpty()
          .allMatch(id -> present.contains(Long.toString(id)));
    }
  }
}
