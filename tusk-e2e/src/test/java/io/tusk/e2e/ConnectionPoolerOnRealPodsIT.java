package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import io.tusk.operator.pooler.PoolerPause;
import io.tusk.pooler.AdminTarget;
import io.tusk.pooler.PgBouncerAdmin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Zalando's connection poolers on real pods: a two-instance cluster with {@code
 * enableConnectionPooler} and {@code enableReplicaConnectionPooler} gets Ready PgBouncer pods; an
 * application user logs in through {@code {cluster}-pooler} with the password of its credentials
 * Secret (PgBouncer looks it up with the operator's {@code pooler.user_lookup}) and writes, through
 * {@code {cluster}-pooler-repl} it reads and cannot write; the pooler runs in transaction mode; a
 * deleted pooler pod is replaced and logins work again; a hand-edited pooler Deployment is put back
 * and its pod serves again; a rolling update's switchover costs a writer through the pooler no
 * error (the operator pauses the pooler); a pause outlives an operator killed with SIGKILL and the
 * next operator process resumes it; after a crash of the primary the operator sends RECONNECT;
 * turning the replica pooler off removes its Deployment and pods. The operator runs as a process of
 * its own.
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ConnectionPoolerOnRealPodsIT {

  private static final String CLUSTER = "acid-pool";
  private static final String POOLER = CLUSTER + "-pooler";
  private static final String REPLICA_POOLER = CLUSTER + "-pooler-repl";
  private static final Duration START = Duration.ofMinutes(4);

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private OperatorProcess operator;
  private ClusterView view;

  @BeforeAll
  void startCluster() throws Exception {
    view = new ClusterView(client, CLUSTER);
    assertThat(cluster.simulatesPods())
        .as("end-to-end tests need real pods (-Dtusk.local.simulatePods=false)")
        .isFalse();
    // RBAC and the operator's ConfigMap as for the in-JVM operator; the operator runs apart, so
    // that a test can kill it with SIGKILL.
    new OperatorHarness(cluster, Map.of("enable_database_access", "true"));
    operator = OperatorProcess.start(cluster);
    client.resources(Postgresql.class).resource(manifest()).create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", START);
    await("a Ready master and a Ready replica")
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> databaseRoles().equals(List.of("master", "replica")));
  }

  @AfterAll
  void deleteCluster() throws Exception {
    view.deleteAndAwaitPodsGone();
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void bothPoolerDeploymentsBecomeReadyWithPgBouncerInFrontOfTheirService() {
    await("both pooler Deployments Ready")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> readyReplicas(POOLER) == 1 && readyReplicas(REPLICA_POOLER) == 1);
    Pod master = poolerPods(POOLER).get(0);
    Pod replica = poolerPods(REPLICA_POOLER).get(0);
    assertThat(env(master, "PGHOST")).isEqualTo(CLUSTER);
    assertThat(env(replica, "PGHOST")).isEqualTo(CLUSTER + "-repl");
    assertThat(ClusterView.ready(master)).isTrue();
    assertThat(ClusterView.ready(replica)).isTrue();
  }

  @Test
  @Order(2)
  void anApplicationUserLogsInThroughThePrimaryPoolerAndWrites() throws Exception {
    Sql.Login app = appThrough(POOLER);
    await("a write through " + POOLER)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              Sql.execute(app, "create table if not exists pooled_rows (id int)");
              return true;
            });
    Sql.execute(app, "insert into pooled_rows values (1)");
    assertThat(Sql.value(app, "select current_user")).isEqualTo("app_owner");
    assertThat(Sql.value(app, "select pg_is_in_recovery()")).isEqualTo("f");
    assertThat(Sql.value(view.superuser().in("app"), "select count(*) from pooled_rows"))
        .as("the row, read through the master Service")
        .isEqualTo("1");
  }

  @Test
  @Order(3)
  void throughTheReplicaPoolerReadsWorkAndAWriteFailsAsOnAReplica() throws Exception {
    Sql.Login app = appThrough(REPLICA_POOLER);
    await("the row, read through " + REPLICA_POOLER)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> Sql.value(app, "select count(*) from pooled_rows").equals("1"));
    assertThat(Sql.value(app, "select pg_is_in_recovery()")).isEqualTo("t");
    assertThatThrownBy(() -> Sql.execute(app, "insert into pooled_rows values (2)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("read-only transaction")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
  }

  @Test
  @Order(4)
  void thePoolersRunInTransactionMode() throws Exception {
    for (String pooler : List.of(POOLER, REPLICA_POOLER)) {
      assertThat(admin(pooler, "SHOW CONFIG", "key", "value").get("pool_mode"))
          .as(pooler)
          .isEqualTo("transaction");
      // The application user's pool, opened by the logins above, runs in transaction mode.
      assertThat(admin(pooler, "SHOW POOLS", "user", "pool_mode"))
          .as(pooler)
          .containsEntry("app_owner", "transaction");
    }
  }

  @Test
  @Order(5)
  void aDeletedPoolerPodIsReplacedAndLoginsWorkAgain() throws Exception {
    Pod before = poolerPods(POOLER).get(0);
    client.pods().resource(before).delete();
    await("a new Ready pod of " + POOLER)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              List<Pod> pods = poolerPods(POOLER);
              return pods.size() == 1
                  && !pods.get(0).getMetadata().getUid().equals(before.getMetadata().getUid())
                  && ClusterView.ready(pods.get(0))
                  && pods.get(0).getMetadata().getDeletionTimestamp() == null;
            });
    Sql.Login app = appThrough(POOLER);
    await("a write through the new pod")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              Sql.execute(app, "insert into pooled_rows values (3)");
              return true;
            });
    assertThat(Sql.value(app, "select count(*) from pooled_rows")).isEqualTo("2");
  }

  @Test
  @Order(6)
  void aHandEditedPoolerDeploymentIsPutBackAndItsPodsServeAgain() throws Exception {
    client
        .apps()
        .deployments()
        .withName(POOLER)
        .edit(
            d -> {
              d.getSpec().setReplicas(2);
              d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                  .filter(e -> e.getName().equals("CONNECTION_POOLER_MODE"))
                  .forEach(e -> e.setValue("session"));
              return d;
            });
    await("the operator to put the Deployment back")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Deployment d = client.apps().deployments().withName(POOLER).get();
              return d.getSpec().getReplicas() == 1
                  && "transaction"
                      .equals(
                          d
                              .getSpec()
                              .getTemplate()
                              .getSpec()
                              .getContainers()
                              .get(0)
                              .getEnv()
                              .stream()
                              .filter(e -> e.getName().equals("CONNECTION_POOLER_MODE"))
                              .map(EnvVar::getValue)
                              .findFirst()
                              .orElse(null));
            });
    await("one Ready pooler pod in transaction mode")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                poolerPods(POOLER).size() == 1
                    && ClusterView.ready(poolerPods(POOLER).get(0))
                    && "transaction"
                        .equals(env(poolerPods(POOLER).get(0), "CONNECTION_POOLER_MODE"))
                    && "transaction"
                        .equals(admin(POOLER, "SHOW CONFIG", "key", "value").get("pool_mode")));
    Sql.Login app = appThrough(POOLER);
    await("a write through the repaired pooler")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              Sql.execute(app, "insert into pooled_rows values (6)");
              return true;
            });
  }

  @Test
  @Order(7)
  void aSwitchoverOfARollingUpdateCausesNoClientErrorThroughThePausedPooler() throws Exception {
    Sql.Login app = appThrough(POOLER);
    int pausedBefore = poolerEvents("paused pooler " + POOLER).size();
    try (WriteLoad writes = WriteLoad.start(() -> app, "paused_rows", 20)) {
      Thread.sleep(1000);
      String leader = masterPod().getMetadata().getName();
      rollTo("110m");
      awaitRolled("110m");
      assertThat(masterPod().getMetadata().getName())
          .as("the primary moved by a switchover")
          .isNotEqualTo(leader);
      writes.close();
      System.out.printf(
          "rolling update through the pooler: %d commits, %d failed, longest gap %d ms%n",
          writes.acknowledged().size(), writes.failures(), writes.longestGapMillis());
      assertThat(writes.failures()).as("failed writes through " + POOLER).isZero();
      assertThat(writes.longestGapMillis()).as("longest write gap (ms)").isLessThan(15_000);
    }
    assertThat(poolerEvents("paused pooler " + POOLER)).hasSizeGreaterThan(pausedBefore);
    assertThat(poolerEvents("resumed pooler " + POOLER))
        .anyMatch(m -> m.contains("the master Service leads to the new primary"));
    assertThat(pauseMarks()).as("the Deployment's pause marks").isEmpty();
    assertThat(admin(poolerPods(POOLER).get(0)).pauseMode().holdsQueries()).isFalse();
  }

  @Test
  @Order(8)
  void aPauseLeftByAnOperatorKilledDuringTheSwitchoverIsResumedByTheNextOne() throws Exception {
    Pod pooler = poolerPods(POOLER).get(0);
    // A transaction open through the pooler keeps PAUSE waiting (up to a third of the 30 s limit)
    // before the switchover: the operator is certainly killed in the middle of the pause.
    try (Connection open = Sql.connect(appThrough(POOLER));
        Statement s = open.createStatement()) {
      open.setAutoCommit(false);
      s.execute("insert into pooled_rows values (40)");
      rollTo("120m");
      await("the pooler Deployment marked as paused")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> pauseMarks().containsKey(PoolerPause.PAUSED_UNTIL));
      await("the pooler pod paused")
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> admin(pooler).pauseMode().holdsQueries());
      operator.kill();
      open.rollback();
    }
    Thread.sleep(1000);
    assertThat(admin(pooler).pauseMode().holdsQueries())
        .as("the pause outlives the killed operator")
        .isTrue();
    assertThat(pauseMarks()).containsKeys(PoolerPause.PAUSED_UNTIL, PoolerPause.PAUSED_BY);

    operator = OperatorProcess.start(cluster);
    await("the next operator to resume the pooler and remove the marks")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> !admin(pooler).pauseMode().holdsQueries() && pauseMarks().isEmpty());
    // The Event follows the resume: the marks may be seen gone a moment before it is recorded.
    await("the Event of the resume")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                poolerEvents("resumed pooler " + POOLER).stream()
                    .anyMatch(m -> m.contains("left paused by an earlier operator process")));
    Sql.Login app = appThrough(POOLER);
    await("a write through the resumed pooler")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              Sql.execute(app, "insert into pooled_rows values (4)");
              return true;
            });
    awaitRolled("120m");
  }

  @Test
  @Order(9)
  void afterAFailoverTheOperatorMakesThePoolerReconnectToTheNewPrimary() throws Exception {
    Pod primary = masterPod();
    String newPrimaryIp =
        client.pods().withLabel("cluster-name", CLUSTER).list().getItems().stream()
            .filter(p -> "spilo".equals(p.getMetadata().getLabels().get("application")))
            .filter(p -> !p.getMetadata().getName().equals(primary.getMetadata().getName()))
            .findFirst()
            .orElseThrow()
            .getStatus()
            .getPodIP();
    String reconnected = " to " + newPrimaryIp + ": sent RECONNECT to pooler " + POOLER;
    int before = poolerEvents(reconnected).size();
    int killed =
        PodRuntime.crash(
            cluster.layout().root(), primary.getMetadata().getUid(), Duration.ofSeconds(40));
    assertThat(killed).as("processes killed in the primary pod").isPositive();
    await("the operator to send RECONNECT to the pooler")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> poolerEvents(reconnected).size() > before);
    String newPrimary = masterPod().getMetadata().getName();
    assertThat(newPrimary).isNotEqualTo(primary.getMetadata().getName());
    Sql.Login app = appThrough(POOLER);
    Sql.execute(app, "insert into pooled_rows values (5)");
    assertThat(Sql.value(app, "select host(inet_server_addr())"))
        .as("the pooler's server connection is on the new primary")
        .isEqualTo(client.pods().withName(newPrimary).get().getStatus().getPodIP());
    await(primary.getMetadata().getName() + " back as a Ready replica")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> databaseRoles().equals(List.of("master", "replica")));
  }

  @Test
  @Order(10)
  void turningTheReplicaPoolerOffRemovesItsDeploymentAndPods() {
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"enableReplicaConnectionPooler\":false}}");
    await("the replica pooler's Deployment, Service and pods to go")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                client.apps().deployments().withName(REPLICA_POOLER).get() == null
                    && client.services().withName(REPLICA_POOLER).get() == null
                    && poolerPods(REPLICA_POOLER).isEmpty());
    assertThat(readyReplicas(POOLER)).isEqualTo(1);
    assertThat(poolerPods(POOLER)).hasSize(1);
  }

  /** The one Ready database pod labelled master (pooler pods carry the role label too). */
  private Pod masterPod() {
    List<Pod> masters =
        client.pods().withLabel("cluster-name", CLUSTER).list().getItems().stream()
            .filter(p -> "spilo".equals(p.getMetadata().getLabels().get("application")))
            .filter(p -> ClusterView.role(p).equals("master") && ClusterView.ready(p))
            .toList();
    assertThat(masters).as("Ready database pods labelled master").hasSize(1);
    return masters.get(0);
  }

  /** Changes the CPU request of the database pods: a rolling update with one switchover. */
  private void rollTo(String cpu) {
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"resources\":{\"requests\":{\"cpu\":\"" + cpu + "\"}}}}");
  }

  /** Every database pod runs with the CPU request {@code cpu}, Ready, one master. */
  private void awaitRolled(String cpu) {
    await("every database pod recreated with cpu " + cpu)
        .atMost(Duration.ofMinutes(6))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                databaseRoles().equals(List.of("master", "replica"))
                    && client.pods().withLabel("application", "spilo").list().getItems().stream()
                        .filter(
                            p -> CLUSTER.equals(p.getMetadata().getLabels().get("cluster-name")))
                        .allMatch(
                            p ->
                                new io.fabric8.kubernetes.api.model.Quantity(cpu)
                                    .equals(
                                        p.getSpec()
                                            .getContainers()
                                            .get(0)
                                            .getResources()
                                            .getRequests()
                                            .get("cpu"))));
  }

  /** The messages of the cluster's Pooler Events that contain {@code text}. */
  private List<String> poolerEvents(String text) {
    return OperatorHarness.events(client, CLUSTER).stream()
        .filter(e -> "Pooler".equals(e.getReason()))
        .map(e -> e.getMessage())
        .filter(m -> m.contains(text))
        .toList();
  }

  /** The pause marks on the master pooler's Deployment. */
  private Map<String, String> pauseMarks() {
    Map<String, String> annotations =
        client.apps().deployments().withName(POOLER).get().getMetadata().getAnnotations();
    Map<String, String> marks = new HashMap<>();
    if (annotations != null) {
      for (String key : List.of(PoolerPause.PAUSED_UNTIL, PoolerPause.PAUSED_BY)) {
        if (annotations.containsKey(key)) {
          marks.put(key, annotations.get(key));
        }
      }
    }
    return marks;
  }

  /** The admin console of a pooler pod, as the pooler role. */
  private PgBouncerAdmin admin(Pod pod) {
    var secret = client.secrets().withName(ClusterView.secretName("pooler", CLUSTER)).get();
    return new PgBouncerAdmin(
        AdminTarget.of(
            pod.getMetadata().getName(),
            pod.getStatus().getPodIP(),
            5432,
            ClusterView.decode(secret, "username"),
            ClusterView.decode(secret, "password")));
  }

  /** The roles of the cluster's Spilo pods (not its pooler pods), sorted, once all are Ready. */
  private List<String> databaseRoles() {
    List<Pod> pods = client.pods().withLabel("cluster-name", CLUSTER).list().getItems();
    List<Pod> spilo =
        pods.stream()
            .filter(p -> "spilo".equals(p.getMetadata().getLabels().get("application")))
            .toList();
    if (spilo.stream()
        .anyMatch(p -> !ClusterView.ready(p) || p.getMetadata().getDeletionTimestamp() != null)) {
      return List.of("not all ready");
    }
    return spilo.stream().map(ClusterView::role).sorted().toList();
  }

  private List<Pod> poolerPods(String pooler) {
    return client.pods().withLabel("connection-pooler", pooler).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private int readyReplicas(String pooler) {
    Deployment d = client.apps().deployments().withName(pooler).get();
    if (d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null) {
      return 0;
    }
    return d.getStatus().getReadyReplicas();
  }

  private static String env(Pod p, String name) {
    return p.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private String serviceIp(String service) {
    return client.services().withName(service).get().getSpec().getClusterIP();
  }

  /** The application user, with its credentials Secret's password, to "app" through a pooler. */
  private Sql.Login appThrough(String pooler) {
    return view.login(
            client.secrets().withName(ClusterView.secretName("app_owner", CLUSTER)).get(), "app")
        .on(serviceIp(pooler));
  }

  /** Two columns of an admin console command on a pooler, as the pooler role. */
  private Map<String, String> admin(String pooler, String command, String key, String value)
      throws SQLException {
    var secret = client.secrets().withName(ClusterView.secretName("pooler", CLUSTER)).get();
    Properties p = new Properties();
    p.setProperty("user", ClusterView.decode(secret, "username"));
    p.setProperty("password", ClusterView.decode(secret, "password"));
    p.setProperty("sslmode", "require");
    p.setProperty("preferQueryMode", "simple");
    p.setProperty("connectTimeout", "3");
    Map<String, String> rows = new HashMap<>();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://" + serviceIp(pooler) + ":5432/pgbouncer", p);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(command)) {
      while (rs.next()) {
        rows.put(rs.getString(key), rs.getString(value));
      }
    }
    return rows;
  }

  private Postgresql manifest() {
    Postgresql pg =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: acid.zalan.do/v1
                kind: postgresql
                metadata:
                  name: acid-pool
                spec:
                  teamId: acid
                  numberOfInstances: 2
                  volume:
                    size: 1Gi
                  users:
                    app_owner: []
                  databases:
                    app: app_owner
                  enableConnectionPooler: true
                  enableReplicaConnectionPooler: true
                  connectionPooler:
                    numberOfInstances: 1
                  resources:
                    requests:
                      cpu: 100m
                      memory: 100Mi
                  postgresql:
                    version: "17"
                """,
                Postgresql.class);
    pg.getMetadata().setNamespace(cluster.namespace());
    // Spilo serves TLS and its pg_hba asks for it; the pooler connects to it with TLS too.
    int major = ClusterView.newestMajor(PostgresInstallation::ssl, "TLS support");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    Patroni patroni = new Patroni();
    patroni.setTtl(20);
    patroni.setLoopWait(2);
    patroni.setRetryTimeout(3);
    pg.getSpec().setPatroni(patroni);
    return pg;
  }
}
