package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.events;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A cluster's life: create, update, rolling-update flag, immutable change, delete. */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLifecycleIT {
  private static final String NAME = "acid-minimal-cluster";
  private static final Map<String, String> SELECTOR =
      Map.of("application", "spilo", "cluster-name", NAME);

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void startOperator() {
    operator = new OperatorHarness(cluster, Map.of("kubernetes_use_configmaps", "true")).start();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  private static StatefulSet statefulSet() {
    return client.apps().statefulSets().withName(NAME).get();
  }

  @Test
  @Order(1)
  void createMakesEveryObjectAndReachesRunning() {
    client.resource(manifest(client, "minimal.yaml")).create();
    awaitStatus(client, NAME, "Running");

    StatefulSet sts = statefulSet();
    assertThat(sts.getSpec().getReplicas()).isEqualTo(2);
    assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(sts.getMetadata().getLabels())
        .containsEntry("team", "acid")
        .containsAllEntriesOf(SELECTOR);
    Service master = client.services().withName(NAME).get();
    assertThat(master.getSpec().getSelector()).containsEntry("spilo-role", "master");
    assertThat(client.services().withName(NAME + "-repl").get().getSpec().getSelector())
        .containsEntry("spilo-role", "replica");
    for (String user : List.of("postgres", "standby", "zalando", "foo-user")) {
      String secret = user + "." + NAME + ".credentials.postgresql.acid.zalan.do";
      assertThat(client.secrets().withName(secret).get()).as(secret).isNotNull();
      assertThat(client.secrets().withName(secret).get().getData().get("password")).isNotBlank();
    }
    assertThat(
            client.policy().v1().podDisruptionBudget().withName("postgres-" + NAME + "-pdb").get())
        .isNotNull();
    assertThat(
            client
                .policy()
                .v1()
                .podDisruptionBudget()
                .withName("postgres-" + NAME + "-critical-op-pdb")
                .get())
        .isNotNull();
    // Nothing in a valid manifest is unknown, managedFields included.
    assertThat(events(client, NAME)).extracting(e -> e.getReason()).doesNotContain("UnknownFields");
    assertThat(client.serviceAccounts().withName("postgres-pod").get()).isNotNull();
    assertThat(client.rbac().roleBindings().withName("postgres-pod").get()).isNotNull();
    // The StatefulSet controller and the scheduler did their part: pods exist on the local nodes.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.pods().withLabels(SELECTOR).list().getItems().size() == 2);
    assertThat(events(client, NAME))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("Create");
              assertThat(e.getMessage()).contains("created StatefulSet");
            });
  }

  @Test
  @Order(2)
  void scaleReachesTheStatefulSet() {
    patchSpec("{\"numberOfInstances\":3}");
    await().atMost(Duration.ofSeconds(20)).until(() -> statefulSet().getSpec().getReplicas() == 3);
    awaitStatus(client, NAME, "Running");
    Postgresql pg = client.resources(Postgresql.class).withName(NAME).get();
    assertThat(pg.getStatus().getObservedGeneration()).isEqualTo(pg.getMetadata().getGeneration());
  }

  @Test
  @Order(3)
  void imageChangeUpdatesTheTemplateAndFlagsPodsForRollingUpdate() {
    patchSpec("{\"dockerImage\":\"ghcr.io/zalando/spilo-18:4.1-p3\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                statefulSet()
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImage()
                    .endsWith("4.1-p3"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.pods().withLabels(SELECTOR).list().getItems().stream()
                    .allMatch(
                        p ->
                            "true"
                                .equals(
                                    annotation(
                                        p, "zalando-postgres-operator-rolling-update-required"))));
  }

  @Test
  @Order(4)
  void immutableFieldChangeReplacesTheStatefulSetAndKeepsThePods() {
    String oldUid = statefulSet().getMetadata().getUid();
    List<String> podUids =
        client.pods().withLabels(SELECTOR).list().getItems().stream()
            .map(p -> p.getMetadata().getUid())
            .sorted()
            .toList();
    patchSpec("{\"volume\":{\"storageClass\":\"fast\"}}");
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () -> {
              StatefulSet sts = statefulSet();
              return sts != null && !sts.getMetadata().getUid().equals(oldUid);
            });
    assertThat(
            statefulSet()
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getStorageClassName())
        .isEqualTo("fast");
    assertThat(
            client.pods().withLabels(SELECTOR).list().getItems().stream()
                .map(p -> p.getMetadata().getUid())
                .sorted()
                .toList())
        .isEqualTo(podUids);
    assertThat(events(client, NAME))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("replaced StatefulSet"));
  }

  @Test
  @Order(5)
  void deleteRemovesTheClustersObjects() {
    client.resources(Postgresql.class).withName(NAME).delete();
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                statefulSet() == null
                    && client.services().withLabels(SELECTOR).list().getItems().isEmpty()
                    && client.secrets().withLabels(SELECTOR).list().getItems().isEmpty()
                    && client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .withLabels(SELECTOR)
                        .list()
                        .getItems()
                        .isEmpty());
  }

  /**
   * Changes the spec as a user would with {@code kubectl patch --type merge}: a read-modify-write
   * with optimistic locking would race the operator's status writes.
   */
  private static void patchSpec(String specJson) {
    client
        .resources(Postgresql.class)
        .withName(NAME)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + specJson + "}");
  }

  private static String annotation(Pod p, String key) {
    return p.getMetadata().getAnnotations() == null
        ? null
        : p.getMetadata().getAnnotations().get(key);
  }
}
