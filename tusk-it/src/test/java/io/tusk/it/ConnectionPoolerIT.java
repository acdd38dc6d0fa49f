package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.Options;
import io.tusk.local.audit.WriteCounts;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.operator.pooler.PoolerPause;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The connection poolers on a real API server (simulated pods): {@code enableConnectionPooler}
 * brings the Deployment, Service and userlist Secret {@code {cluster}-pooler[-u]} with Zalando's
 * names, labels and owner references; {@code enableReplicaConnectionPooler} the {@code
 * -pooler-repl} ones; a hand-edited pooler Deployment is put back (Zalando's e2e {@code
 * test_overwrite_pooler_deployment}); turning one pooler off removes its objects only; a resync
 * then writes nothing; deleting the cluster removes the rest.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionPoolerIT {
  private static final String NAME = "acid-minimal-cluster";
  private static final String MASTER = NAME + "-pooler";
  private static final String REPLICA = NAME + "-pooler-repl";
  private static final String POOLER_CREDENTIALS =
      "pooler." + NAME + ".credentials.postgresql.acid.zalan.do";
  private static final Map<String, String> CONFIG =
      Map.of("enable_owner_references", "true", "connection_pooler_number_of_instances", "2");

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void startOperator() {
    operator = new OperatorHarness(cluster, CONFIG).start();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().withName(name).get();
  }

  private static String uid() {
    return client.resources(Postgresql.class).withName(NAME).get().getMetadata().getUid();
  }

  private static void edit(java.util.function.Consumer<io.tusk.api.acid.v1.PostgresSpec> change) {
    client
        .resources(Postgresql.class)
        .withName(NAME)
        .edit(
            pg -> {
              change.accept(pg.getSpec());
              return pg;
            });
  }

  private static void assertControlledByTheCluster(HasMetadata o, String uid) {
    List<OwnerReference> refs =
        Objects.requireNonNullElse(o.getMetadata().getOwnerReferences(), List.of());
    assertThat(refs)
        .as("%s/%s", o.getKind(), o.getMetadata().getName())
        .anySatisfy(
            r -> {
              assertThat(r.getKind()).isEqualTo("postgresql");
              assertThat(r.getName()).isEqualTo(NAME);
              assertThat(r.getUid()).isEqualTo(uid);
              assertThat(r.getController()).isTrue();
            });
  }

  private static String env(Deployment d, String name) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private static void assertPooler(String pooler, String role, String pgHost) {
    String uid = uid();
    Deployment d = deployment(pooler);
    assertThat(d).as(pooler).isNotNull();
    assertThat(d.getMetadata().getLabels())
        .containsEntry("application", "db-connection-pooler")
        .containsEntry("cluster-name", NAME)
        .containsEntry("connection-pooler", pooler)
        .containsEntry("spilo-role", role)
        .containsEntry("team", "acid");
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .containsEntry("connection-pooler", pooler)
        .doesNotContainKey("spilo-role");
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(env(d, "PGHOST")).isEqualTo(pgHost);
    assertThat(env(d, "CONNECTION_POOLER_MODE")).isEqualTo("transaction");
    assertControlledByTheCluster(d, uid);

    var service = client.services().withName(pooler).get();
    assertThat(service).as(pooler).isNotNull();
    assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("connection-pooler", pooler));
    assertThat(service.getMetadata().getLabels())
        .containsEntry("application", "db-connection-pooler")
        .containsEntry("cluster-name", NAME)
        .containsEntry("connection-pooler", pooler);
    assertControlledByTheCluster(service, uid);

    Secret userlist = client.secrets().withName(pooler + "-u").get();
    assertThat(userlist).as(pooler + "-u").isNotNull();
    assertThat(userlist.getMetadata().getLabels())
        .containsEntry("connection-pooler", pooler)
        .containsEntry("spilo-role", role);
    assertControlledByTheCluster(userlist, uid);
    Secret credentials = client.secrets().withName(POOLER_CREDENTIALS).get();
    assertThat(decode(userlist.getData().get("userlist.txt")))
        .isEqualTo("\"pooler\" \"" + decode(credentials.getData().get("password")) + "\"\n");
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static boolean gone(String pooler) {
    return deployment(pooler) == null
        && client.services().withName(pooler).get() == null
        && client.secrets().withName(pooler + "-u").get() == null;
  }

  @Test
  @Order(1)
  void enableConnectionPoolerBringsDeploymentServiceAndUserlistSecret() {
    Postgresql pg = manifest(client, "minimal.yaml");
    pg.getSpec().setEnableConnectionPooler(true);
    client.resource(pg).create();
    awaitStatus(client, NAME, "Running");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertPooler(MASTER, "master", NAME));
    assertThat(deployment(REPLICA)).isNull();
    assertThat(OperatorHarness.events(client, NAME))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getMessage())
                  .contains("created Deployment " + MASTER)
                  .contains("created Service " + MASTER)
                  .contains("created Secret " + MASTER + "-u");
            });
  }

  @Test
  @Order(2)
  void enableReplicaConnectionPoolerBringsTheReplOnes() {
    edit(s -> s.setEnableReplicaConnectionPooler(true));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertPooler(REPLICA, "replica", NAME + "-repl"));
    assertPooler(MASTER, "master", NAME);
  }

  @Test
  @Order(3)
  void aHandEditedPoolerDeploymentIsPutBack() {
    long generation = deployment(MASTER).getMetadata().getGeneration();
    client
        .apps()
        .deployments()
        .withName(MASTER)
        .edit(
            d -> {
              d.getSpec().setReplicas(5);
              d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                  .filter(e -> e.getName().equals("CONNECTION_POOLER_MODE"))
                  .forEach(e -> e.setValue("session"));
              return d;
            });
    assertThat(deployment(MASTER).getMetadata().getGeneration()).isGreaterThan(generation);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Deployment d = deployment(MASTER);
              assertThat(d.getSpec().getReplicas()).isEqualTo(2);
              assertThat(env(d, "CONNECTION_POOLER_MODE")).isEqualTo("transaction");
            });
  }

  @Test
  @Order(4)
  void pauseMarksOfACommandWaitForTheirDeadlineAndThoseOfAnEarlierOperatorGoAtOnce() {
    // A pause that `tusk switchover` holds: left to it until its deadline.
    Instant until = Instant.now().plusSeconds(5);
    markPaused(until, "tusk switchover (pid 1)");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(4))
        .until(() -> pauseMarks().size() == 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> pauseMarks().isEmpty());
    assertThat(Instant.now()).isAfter(until);
    awaitResumeEvent(
        m ->
            m.startsWith(
                "resumed pooler " + MASTER + ", the pause of tusk switchover (pid 1) ended at"));

    // A pause an operator process left behind (it was killed): resumed at once, long before its
    // deadline. The simulated pooler pods run no PgBouncer: none of them was still paused.
    markPaused(Instant.now().plusSeconds(300), PoolerPause.OPERATOR_HOLDER + "1@1");
    await().atMost(Duration.ofSeconds(20)).until(() -> pauseMarks().isEmpty());
    awaitResumeEvent(
        m ->
            m.equals(
                "resumed pooler "
                    + MASTER
                    + ", left paused by an earlier operator process (operator 1@1): no pod"
                    + " was still paused"));
  }

  /** The Event follows the resume: it may be recorded a moment after the pause marks are gone. */
  private void awaitResumeEvent(java.util.function.Predicate<String> message) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                OperatorHarness.events(client, NAME).stream()
                    .anyMatch(e -> e.getMessage() != null && message.test(e.getMessage())));
  }

  private static void markPaused(Instant until, String by) {
    client
        .apps()
        .deployments()
        .withName(MASTER)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            client
                .getKubernetesSerialization()
                .asJson(
                    Map.of(
                        "metadata",
                        Map.of(
                            "annotations",
                            Map.of(
                                PoolerPause.PAUSED_UNTIL,
                                until.toString(),
                                PoolerPause.PAUSED_BY,
                                by)))));
  }

  private static Map<String, String> pauseMarks() {
    Map<String, String> marks =
        new HashMap<>(
            Objects.requireNonNullElse(
                deployment(MASTER).getMetadata().getAnnotations(), Map.of()));
    marks.keySet().retainAll(List.of(PoolerPause.PAUSED_UNTIL, PoolerPause.PAUSED_BY));
    return marks;
  }

  @Test
  @Order(5)
  void turningTheMasterPoolerOffRemovesItsObjectsOnly() {
    edit(s -> s.setEnableConnectionPooler(false));
    await().atMost(Duration.ofSeconds(60)).until(() -> gone(MASTER));
    assertPooler(REPLICA, "replica", NAME + "-repl");
    // The pooler role keeps its credentials while a pooler remains.
    assertThat(client.secrets().withName(POOLER_CREDENTIALS).get()).isNotNull();
    assertThat(OperatorHarness.events(client, NAME))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("deleted Deployment " + MASTER));
  }

  @Test
  @Order(6)
  void aResyncAfterwardsWritesNothing() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> operator.reconciles(NAME).lastConfiguration() != null);
    // The controllers settle (the deployment controller's rollout, the deleted objects' garbage).
    Thread.sleep(5000);
    Instant from = Instant.now();
    Map<String, String> config = new HashMap<>(CONFIG);
    config.put("repair_period", "7m");
    operator.writeConfig(config);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Duration.ofMinutes(7)
                    .equals(
                        operator.reconciles(NAME).lastConfiguration().get(Options.REPAIR_PERIOD)));
    Thread.sleep(2000); // the audit log is written asynchronously
    Instant to = Instant.now();
    String ns = cluster.namespace();
    WriteCounts byOperator =
        new WriteCounts(cluster.auditLog().writes(from, to))
            .where(w -> w.component().endsWith(":" + ns + ":tusk-operator"));
    assertThat(byOperator.total())
        .as("the operator's writes during a resync: %s", byOperator.lines())
        .isZero();
  }

  @Test
  @Order(7)
  void deletingTheClusterRemovesEveryPoolerObject() {
    // Without owner references the garbage collector does not help: the operator deletes them.
    Map<String, String> config = new HashMap<>(CONFIG);
    config.put("enable_owner_references", "false");
    operator.writeConfig(config);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                deployment(REPLICA).getMetadata().getOwnerReferences() == null
                    || deployment(REPLICA).getMetadata().getOwnerReferences().isEmpty());
    client.resources(Postgresql.class).withName(NAME).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> gone(REPLICA) && gone(MASTER));
  }
}
