package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Volume growth on a running Patroni/PostgreSQL pod: {@code tusk plan} shows the claim grown with
 * no pod restarted, then {@code volume.size} 1Gi to 2Gi brings the claim to 2Gi (request and
 * capacity) within 60 s, with the same pod, PostgreSQL not restarted (same postmaster start time)
 * and the data still there.
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeGrowthOnRealPodsIT {

  static final String CLUSTER = "acid-grow";
  static final String CLAIM = "pgdata-" + CLUSTER + "-0";
  static final Duration START = Duration.ofMinutes(4);

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private OperatorHarness operator;
  private ClusterView view;

  @BeforeAll
  void runningSingleInstance() throws Exception {
    view = new ClusterView(client, CLUSTER);
    operator = RealPodsOperator.start(cluster, Map.of());
    client.resources(Postgresql.class).resource(manifest("1Gi")).create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", START);
    await("a Ready master")
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> view.readyRoles().equals(List.of("master")));
  }

  @AfterAll
  void stop() {
    client.resources(Postgresql.class).withName(CLUSTER).delete();
    await("the pod to go")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> view.pods().isEmpty());
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void aLargerVolumeGrowsTheClaimWithoutRestartingThePod() throws Exception {
    await("a write through the master Service")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              Sql.execute(view.superuser(), "create table if not exists grow_rows (id int)");
              return true;
            });
    Sql.execute(view.superuser(), "insert into grow_rows values (1)");
    Pod before = view.masterPod();
    String postmasterStart = Sql.value(view.superuser(), "select pg_postmaster_start_time()");
    assertThat(claim().getStatus().getCapacity().get("storage")).isEqualTo(new Quantity("1Gi"));

    String plan = plan(manifest("2Gi"));
    assertThat(plan)
        .contains(
            "Volumes (storage_resize_mode pvc):",
            "  " + CLAIM + ": grow 1Gi -> 2Gi",
            "(1 volume grown, 0 pods restarted, 0 switchovers)");

    long started = System.nanoTime();
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"volume\":{\"size\":\"2Gi\"}}}");
    await("the claim to ask for and report 2Gi")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              PersistentVolumeClaim c = claim();
              return new Quantity("2Gi")
                      .equals(c.getSpec().getResources().getRequests().get("storage"))
                  && c.getStatus().getCapacity() != null
                  && new Quantity("2Gi").equals(c.getStatus().getCapacity().get("storage"));
            });
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf("volume 1Gi -> 2Gi: claim at 2Gi after %d ms%n", took.toMillis());
    assertThat(
            client
                .persistentVolumes()
                .withName(claim().getSpec().getVolumeName())
                .get()
                .getSpec()
                .getCapacity()
                .get("storage"))
        .isEqualTo(new Quantity("2Gi"));

    OperatorHarness.awaitStatus(client, CLUSTER, "Running", Duration.ofSeconds(60));
    Pod after = view.masterPod();
    assertThat(after.getMetadata().getUid()).as("the same pod").isEqualTo(uid(before));
    assertThat(after.getStatus().getContainerStatuses())
        .allSatisfy(s -> assertThat(s.getRestartCount()).isZero());
    assertThat(Sql.value(view.superuser(), "select pg_postmaster_start_time()"))
        .as("PostgreSQL not restarted")
        .isEqualTo(postmasterStart);
    assertThat(Sql.value(view.superuser(), "select count(*) from grow_rows")).isEqualTo("1");
    Sql.execute(view.superuser(), "insert into grow_rows values (2)");
  }

  private PersistentVolumeClaim claim() {
    return client.persistentVolumeClaims().withName(CLAIM).get();
  }

  private static String uid(Pod p) {
    return p.getMetadata().getUid();
  }

  private Postgresql manifest(String size) {
    Postgresql pg =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: acid.zalan.do/v1
                kind: postgresql
                metadata:
                  name: acid-grow
                spec:
                  teamId: acid
                  numberOfInstances: 1
                  volume:
                    size: 1Gi
                  postgresql:
                    version: "17"
                """,
                Postgresql.class);
    pg.getMetadata().setNamespace(cluster.namespace());
    pg.getSpec().getVolume().setSize(size);
    // Spilo serves TLS and its pg_hba asks for it: a build without OpenSSL cannot stand in.
    int major = ClusterView.newestMajor(PostgresInstallation::ssl, "TLS support");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    Patroni patroni = new Patroni();
    patroni.setTtl(20);
    patroni.setLoopWait(2);
    patroni.setRetryTimeout(3);
    pg.getSpec().setPatroni(patroni);
    return pg;
  }

  /** {@code tusk plan -f} for the manifest, against this test's cluster. */
  private String plan(Postgresql next) throws Exception {
    Path file = Files.createTempFile("grow-", ".yaml");
    try {
      Files.writeString(file, client.getKubernetesSerialization().asYaml(next));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      var cl = TuskCli.newCommandLine();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      System.setProperty("kubeconfig", cluster.kubeconfig().toString());
      int code;
      try {
        code =
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
      } finally {
        System.clearProperty("kubeconfig");
      }
      assertThat(code).as("tusk plan: %s", err).isZero();
      return out.toString();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
