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
import io.tusk.cli.TuskCli;
import io.tusk.images.PostgresInstallation;
import io.tusk.it.OperatorHarness;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.patroni.PatroniClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * pods recreated, and no acknowledged (synchronously committed) row lost. {@code tusk plan} shows
 * the roll first: the replica recreated, the switchover to it, then the old primary.
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
    view.deleteAndAwaitPodsGone();
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
    String leader = master.getMetadata().getName();
    String replica =
        before.keySet().stream().filter(name -> !name.equals(leader)).findFirst().orElseThrow();

    assertThat(plan(withRequests("110m", "100Mi")))
        .contains(
            "StatefulSet " + CLUSTER + ": update, pods recreated",
            "1. recreate pod " + replica + ": rolling update (replica)",
            "2. switch over from " + leader + " to " + replica + ": ",
            "3. recreate pod " + leader + ": rolling update (replica)",
            "(2 pods recreated, 0 restarts, 1 switchover)");

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

  /** The running manifest with these resource requests: what the test's patch makes of it. */
  private Postgresql withRequests(String cpu, String memory) {
    Postgresql pg = client.resources(Postgresql.class).withName(CLUSTER).get();
    pg.getMetadata().setManagedFields(null);
    pg.getMetadata().setResourceVersion(null);
    pg.setStatus(null);
    io.tusk.api.acid.v1.Resources resources = new io.tusk.api.acid.v1.Resources();
    io.tusk.api.acid.v1.ResourceDescription requests =
        new io.tusk.api.acid.v1.ResourceDescription();
    requests.setCpu(cpu);
    requests.setMemory(memory);
    resources.setRequests(requests);
    pg.getSpec().setResources(resources);
    return pg;
  }

  /**
   * {@code tusk plan -f} for the manifest, once Patroni reports the replica a streaming synchronous
   * standby (the state the roll starts from).
   */
  private String plan(Postgresql next) throws Exception {
    await("a streaming synchronous standby")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                patroni
                    .cluster(PatroniClient.apiRoot(view.masterPod().getStatus().getPodIP()))
                    .members()
                    .stream()
                    .anyMatch(m -> m.isSyncStandby() && "streaming".equals(m.state())));
    Path file = Files.createTempFile("sync-roll-", ".yaml");
    System.setProperty("kubeconfig", cluster.kubeconfig().toString());
    try {
      Files.writeString(file, client.getKubernetesSerialization().asYaml(next));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      var cl = TuskCli.newCommandLine();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      int code =
          cl.execute(
              "plan",
              "-f",
              file.toString(),
              "-n",
              cluster.namespace(),
              "--config-map",
              OperatorHarness.CONFIG_MAP,
              "--operator-namespace",
              cluster.namespace());
      assertThat(code).as("tusk plan: %s", err).isZero();
      return out.toString();
    } finally {
      System.clearProperty("kubeconfig");
      Files.deleteIfExists(file);
    }
  }
}
