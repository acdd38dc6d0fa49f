package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
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
import io.tusk.local.pods.PodRuntime;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The life of a highly available cluster on real pods, in order: Zalando's minimal manifest (with
 * the newest locally installed PostgreSQL major and short Patroni timings) reaches {@code Running}
 * with a leader and a replica elected by Patroni through the Kubernetes API; every user logs in
 * with its Secret's password through the master Service; a row written there is read on the
 * replica; a crash of the primary promotes the replica and loses no acknowledged row; the crashed
 * pod returns as a replica; the cluster scales 2 to 3 to 2; deleting the manifest removes the pods.
 * Subclasses choose Patroni's DCS objects (ConfigMaps or Endpoints) and whether replication is
 * synchronous.
 *
 * <p>The operator runs in the test JVM (as the service account of {@code deploy/rbac.yaml}) and
 * reaches primaries by the master Service's ClusterIP, as {@code tusk operator} does on a host.
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
abstract class HighAvailabilityScenario {

  static final String CLUSTER = "acid-minimal-cluster";
  static final int TTL = 20;
  static final int LOOP_WAIT = 2;
  static final int RETRY_TIMEOUT = 3;

  /** Generous for two cores shared with the control plane: bootstrap, basebackup, a JVM or two. */
  static final Duration START = Duration.ofMinutes(4);

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private OperatorHarness operator;
  private ClusterView view;

  /** The primary that test 4 crashes, expected back as a replica in test 5. */
  private String crashedPrimary;

  private final List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());

  /** Patroni keeps its leader lock and config in ConfigMaps (true) or Endpoints (false). */
  abstract boolean useConfigMaps();

  /** Patroni's synchronous_mode: every commit acknowledged only once the replica has it. */
  abstract boolean synchronous();

  @BeforeAll
  void startOperator() {
    view = new ClusterView(client, CLUSTER);
    operator =
        RealPodsOperator.start(
            cluster, Map.of("kubernetes_use_configmaps", Boolean.toString(useConfigMaps())));
  }

  @AfterAll
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void minimalManifestReachesRunningWithOneLeaderAndOneReplica() throws IOException {
    client.resources(Postgresql.class).resource(manifest()).create();

    OperatorHarness.awaitStatus(client, CLUSTER, "Running", START);
    // Running means every member has its role (as in Zalando's Create): a script may read from
    // the replica at once.
    assertThat(view.pods().stream().map(ClusterView::role).sorted().toList())
        .containsExactly("master", "replica");
    await("a Ready master and a Ready replica")
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> view.readyRoles().equals(List.of("master", "replica")));
    // Patroni's leader lock lives in the DCS objects the configuration asked for.
    String leader = view.masterPod().getMetadata().getName();
    HasMetadata lock =
        useConfigMaps()
            ? client.configMaps().withName(CLUSTER + "-leader").get()
            : client.endpoints().withName(CLUSTER).get();
    assertThat(lock).as("Patroni's leader object").isNotNull();
    assertThat(lock.getMetadata().getAnnotations()).containsEntry("leader", leader);
    HasMetadata other =
        useConfigMaps()
            ? client.endpoints().withName(CLUSTER + "-config").get()
            : client.configMaps().withName(CLUSTER + "-config").get();
    assertThat(other).as("no DCS object of the other kind").isNull();
  }

  @Test
  @Order(2)
  void everyUserLogsInWithItsSecretThroughTheMasterService() throws SQLException {
    List<Secret> secrets = view.secrets();
    assertThat(secrets)
        .extracting(s -> s.getMetadata().getName())
        .contains(
            "postgres." + CLUSTER + ".credentials.postgresql.acid.zalan.do",
            "standby." + CLUSTER + ".credentials.postgresql.acid.zalan.do",
            "zalando." + CLUSTER + ".credentials.postgresql.acid.zalan.do",
            "foo-user." + CLUSTER + ".credentials.postgresql.acid.zalan.do");
    for (Secret s : secrets) {
      String user = ClusterView.decode(s, "username");
      Sql.Login login = view.login(s, "postgres");
      await("a login of " + user + " through the master Service")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> user.equals(Sql.value(login, "select current_user")));
      assertThat(Sql.value(login, "select pg_is_in_recovery()")).isEqualTo("f");
    }
    // The manifest's database and its owner, created by the operator through the same Service.
    assertThat(
            Sql.value(
                view.superuser(),
                "select pg_get_userbyid(datdba) from pg_database where datname = 'foo'"))
        .isEqualTo("zalando");
  }

  @Test
  @Order(3)
  void aRowWrittenThroughTheMasterServiceIsReadOnTheReplica() throws SQLException {
    Sql.execute(view.superuser(), "create table ha_rows (id bigint primary key)");
    Sql.execute(view.superuser(), "insert into ha_rows values (0)");
    acknowledged.add(0L);
    Sql.Login replica = view.superuser().on(view.replicaServiceIp());
    await("the row on the replica")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> Sql.column(replica, "select id from ha_rows").contains("0"));
    assertThat(Sql.value(replica, "select pg_is_in_recovery()")).isEqualTo("t");
  }

  @Test
  @Order(4)
  void aCrashOfThePrimaryPromotesTheReplicaAndLosesNoAcknowledgedRow() throws Exception {
    Pod oldPrimary = view.masterPod();
    String oldPrimaryName = oldPrimary.getMetadata().getName();
    crashedPrimary = oldPrimaryName;
    String newPrimary =
        view.pods().stream()
            .filter(p -> ClusterView.role(p).equals("replica"))
            .map(p -> p.getMetadata().getName())
            .findFirst()
            .orElseThrow();
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = null;
    if (synchronous()) {
      // Patroni promotes only the member its sync key names: wait until it names the replica
      // (a few loops after the replica starts streaming).
      await("Patroni to name " + newPrimary + " the synchronous standby")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> newPrimary.equals(syncStandby()));
      // Writes go on through the crash: with synchronous replication every acknowledged commit is
      // on the replica, whatever the timing of the crash.
      writer = new Thread(() -> writeUntilStopped(writing), "e2e-writer");
      writer.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > 20);
    } else {
      // Asynchronous replication may lose the last commits in a crash (Zalando's default, bounded
      // by
      // maximum_lag_on_failover): only rows the replica has replayed are expected to survive.
      for (long id = 1; id <= 50; id++) {
        Sql.execute(view.superuser(), "insert into ha_rows values (" + id + ")");
        acknowledged.add(id);
      }
      Sql.Login replica = view.superuser().on(view.replicaServiceIp());
      await("the replica to replay every row")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> Sql.value(replica, "select count(*) from ha_rows").equals("51"));
    }

    // Held down longer than the leader lock's ttl, as a machine that takes a while to come back.
    int killed =
        PodRuntime.crash(
            cluster.layout().root(),
            oldPrimary.getMetadata().getUid(),
            Duration.ofSeconds(TTL + 15));
    assertThat(killed).as("processes killed in the primary pod").isPositive();

    await("the replica to be promoted and labelled master")
        .atMost(Duration.ofSeconds(TTL + LOOP_WAIT * 2 + 60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> view.readyMasterName().filter(newPrimary::equals).isPresent());
    String newPrimaryIp = client.pods().withName(newPrimary).get().getStatus().getPodIP();
    await("a write through the master Service on the new primary")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              // A retry after a commit whose answer was lost must not fail on the key.
              Sql.execute(
                  view.superuser(), "insert into ha_rows values (1000000) on conflict do nothing");
              return true;
            });
    assertThat(Sql.value(view.superuser(), "select host(inet_server_addr())"))
        .isEqualTo(newPrimaryIp);
    if (writer != null) {
      writing.set(false);
      writer.join(30_000);
    }
    acknowledged.add(1_000_000L);

    List<String> present = Sql.column(view.superuser(), "select id from ha_rows");
    List<String> expected;
    synchronized (acknowledged) {
      expected = acknowledged.stream().map(String::valueOf).toList();
    }
    assertThat(present).as("rows after the failover of " + oldPrimaryName).containsAll(expected);
  }

  @Test
  @Order(5)
  void theCrashedPodReturnsAsAReplicaWithEveryRow() throws SQLException {
    // The crashed pod still carries the master label it had; only its own Patroni changes that,
    // a loop after it has started PostgreSQL as a replica. So wait for one master and one
    // replica, both Ready, before telling them apart.
    await(crashedPrimary + " back as a Ready replica")
        .atMost(Duration.ofSeconds(TTL + 15 + 180))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> view.readyRoles().equals(List.of("master", "replica")));
    assertThat(view.masterPod().getMetadata().getName()).isNotEqualTo(crashedPrimary);
    String returning = crashedPrimary;
    Pod back = client.pods().withName(returning).get();
    assertThat(ClusterView.role(back)).isEqualTo("replica");
    Sql.Login onIt = view.superuser().on(back.getStatus().getPodIP());
    await("every row on " + returning)
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                Sql.value(onIt, "select count(*) from ha_rows")
                    .equals(Sql.value(view.superuser(), "select count(*) from ha_rows")));
    assertThat(Sql.value(onIt, "select pg_is_in_recovery()")).isEqualTo("t");
  }

  @Test
  @Order(6)
  void scalesFromTwoToThreeAndBackToTwo() {
    scaleTo(3);
    await("three Ready members")
        .atMost(START)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> view.readyRoles().equals(List.of("master", "replica", "replica")));
    Pod third = client.pods().withName(CLUSTER + "-2").get();
    Sql.Login onThird = view.superuser().on(third.getStatus().getPodIP());
    await("the rows on the third member")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> Integer.parseInt(Sql.value(onThird, "select count(*) from ha_rows")) >= 2);

    scaleTo(2);
    await("the third member to go")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> client.pods().withName(CLUSTER + "-2").get() == null);
    await("two Ready members")
        .atMost(Duration.ofMinutes(1))
        .until(() -> view.readyRoles().equals(List.of("master", "replica")));
    assertThat(client.apps().statefulSets().withName(CLUSTER).get().getSpec().getReplicas())
        .isEqualTo(2);
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", Duration.ofMinutes(1));
  }

  @Test
  @Order(7)
  void deletingTheManifestRemovesThePods() {
    view.deleteAndAwaitPodsGone();
    // The StatefulSet is deleted in the foreground: the garbage collector removes it once its
    // last pod is gone, which may take a moment after the pods themselves.
    await("the StatefulSet and the Services to go")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                client.apps().statefulSets().withName(CLUSTER).get() == null
                    && client.services().withName(CLUSTER).get() == null
                    && client.services().withName(CLUSTER + "-repl").get() == null);
  }

  // --- the manifest -------------------------------------------------------------------------

  /**
   * Zalando's minimal manifest as shipped, with the newest PostgreSQL major installed here and
   * Patroni timings short enough for a test (ttl 20 is the smallest Patroni accepts).
   */
  private Postgresql manifest() throws IOException {
    Postgresql pg = ClusterView.zalandoManifest(client, "minimal-postgres-manifest.yaml");
    // Spilo serves TLS and its pg_hba asks for it: a build without OpenSSL cannot stand in.
    int major = ClusterView.newestMajor(PostgresInstallation::ssl, "TLS support");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    Patroni patroni = new Patroni();
    patroni.setTtl(TTL);
    patroni.setLoopWait(LOOP_WAIT);
    patroni.setRetryTimeout(RETRY_TIMEOUT);
    if (synchronous()) {
      patroni.setSynchronousMode(true);
    }
    pg.getSpec().setPatroni(patroni);
    return pg;
  }

  /** The member Patroni's {@code <cluster>-sync} object names as synchronous standby. */
  private String syncStandby() {
    HasMetadata sync =
        useConfigMaps()
            ? client.configMaps().withName(CLUSTER + "-sync").get()
            : client.endpoints().withName(CLUSTER + "-sync").get();
    return sync == null || sync.getMetadata().getAnnotations() == null
        ? null
        : sync.getMetadata().getAnnotations().get("sync_standby");
  }

  private void scaleTo(int instances) {
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"numberOfInstances\":" + instances + "}}");
  }

  /** Inserts increasing ids through the master Service; records those whose commit returned. */
  private void writeUntilStopped(AtomicBoolean writing) {
    long id = 1;
    Sql.Login login = view.superuser();
    while (writing.get()) {
      try {
        Sql.execute(login, "insert into ha_rows values (" + id + ")");
        acknowledged.add(id);
      } catch (SQLException e) {
        // Unknown outcome (the primary is gone or not yet promoted): not counted, retried later
        // with a new id so a commit that did happen cannot collide.
        sleep(100);
      }
      id++;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
