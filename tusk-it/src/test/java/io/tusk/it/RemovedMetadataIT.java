package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.Options;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
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
 * A label or annotation that leaves the manifest or the configuration leaves the objects Tusk put
 * it on (StatefulSet, Services, master Endpoints, Secrets, PodDisruptionBudgets, the pods'
 * ServiceAccount), while what another controller or a person added to the same objects stays, and
 * the addresses Patroni keeps in the master Endpoints stay. Afterwards a re-sync writes nothing.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemovedMetadataIT {
  private static final String NAME = "acid-minimal-cluster";
  private static final String SECRET = "postgres." + NAME + ".credentials.postgresql.acid.zalan.do";
  private static final String IRSA = "eks.amazonaws.com/role-arn";
  private static final Map<String, String> CONFIG =
      Map.of(
          "kubernetes_use_configmaps", "false",
          "inherited_labels", "environment,cost-center",
          "inherited_annotations", "owner");

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void createCluster() {
    operator = new OperatorHarness(cluster, CONFIG).start();
    Postgresql pg = manifest(client, "minimal.yaml");
    pg.getMetadata().setLabels(Map.of("environment", "test", "cost-center", "42"));
    pg.getMetadata().setAnnotations(Map.of("owner", "db-team"));
    client.resource(pg).create();
    awaitStatus(client, NAME, "Running");
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  /** Every object of the cluster that carries inherited labels and annotations. */
  private static List<HasMetadata> objects() {
    return present(
        client.apps().statefulSets().withName(NAME).get(),
        client.services().withName(NAME).get(),
        client.services().withName(NAME + "-repl").get(),
        client.endpoints().withName(NAME).get(),
        client.secrets().withName(SECRET).get(),
        client.policy().v1().podDisruptionBudget().withName("postgres-" + NAME + "-pdb").get(),
        client
            .policy()
            .v1()
            .podDisruptionBudget()
            .withName("postgres-" + NAME + "-critical-op-pdb")
            .get());
  }

  private static List<HasMetadata> present(HasMetadata... objects) {
    for (int i = 0; i < objects.length; i++) {
      assertThat(objects[i]).as("object %d of the cluster", i).isNotNull();
    }
    return List.of(objects);
  }

  private static Map<String, String> labels(HasMetadata o) {
    return Objects.requireNonNullElse(o.getMetadata().getLabels(), Map.of());
  }

  private static Map<String, String> annotations(HasMetadata o) {
    return Objects.requireNonNullElse(o.getMetadata().getAnnotations(), Map.of());
  }

  /** A person's edit: a JSON merge patch under kubectl's field manager. */
  private static void addByHand(HasMetadata o) {
    String patch =
        "{\"metadata\":{\"labels\":{\"added-by-hand\":\"yes\"},"
            + "\"annotations\":{\"noted-by-hand\":\"yes\"}}}";
    client
        .resource(o)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager("kubectl-edit")
                .build(),
            patch);
  }

  @Test
  @Order(1)
  void aLabelAndAnAnnotationThatLeaveTheManifestLeaveEveryObjectButWhatOthersAddedStays() {
    for (HasMetadata o : objects()) {
      assertThat(labels(o)).as(o.getKind()).containsEntry("environment", "test");
      assertThat(annotations(o)).as(o.getKind()).containsEntry("owner", "db-team");
      addByHand(o);
    }
    // Patroni keeps the leader's address in the master Endpoints (endpoints mode); an address of
    // TEST-NET-1, which nothing routes (the API server refuses loopback addresses here).
    client
        .endpoints()
        .withName(NAME)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager("patroni")
                .build(),
            "{\"subsets\":[{\"addresses\":[{\"ip\":\"192.0.2.42\"}],"
                + "\"ports\":[{\"name\":\"postgresql\",\"port\":5432,\"protocol\":\"TCP\"}]}]}");

    client
        .resources(Postgresql.class)
        .withName(NAME)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"environment\":null},"
                + "\"annotations\":{\"owner\":null}}}");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              for (HasMetadata o : objects()) {
                assertThat(labels(o))
                    .as("labels of %s (the cluster's Events: %s)", o.getKind(), events())
                    .doesNotContainKey("environment")
                    .containsEntry("cost-center", "42");
                assertThat(annotations(o))
                    .as("annotations of %s", o.getKind())
                    .doesNotContainKey("owner");
                // The inherited annotation is also in the StatefulSet's volume claim template,
                // which cannot change: the StatefulSet is replaced (its pods kept), as in Zalando,
                // and what was added to the old object goes with it.
                if (!(o instanceof StatefulSet)) {
                  assertThat(labels(o)).as(o.getKind()).containsEntry("added-by-hand", "yes");
                  assertThat(annotations(o)).as(o.getKind()).containsEntry("noted-by-hand", "yes");
                }
              }
            });
    assertThat(client.endpoints().withName(NAME).get().getSubsets())
        .singleElement()
        .satisfies(s -> assertThat(s.getAddresses().get(0).getIp()).isEqualTo("192.0.2.42"));
  }

  @Test
  @Order(2)
  void aLabelThatLeavesTheConfigurationLeavesEveryObject() {
    Map<String, String> config = new HashMap<>(CONFIG);
    config.put("inherited_labels", "environment");
    operator.writeConfig(config);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              for (HasMetadata o : objects()) {
                assertThat(labels(o))
                    .as("labels of %s", o.getKind())
                    .doesNotContainKey("cost-center")
                    .containsEntry("cluster-name", NAME);
                if (!(o instanceof StatefulSet)) { // replaced: the label is in its claim template
                  assertThat(labels(o)).as(o.getKind()).containsEntry("added-by-hand", "yes");
                  assertThat(annotations(o)).as(o.getKind()).containsEntry("noted-by-hand", "yes");
                }
              }
            });
  }

  @Test
  @Order(3)
  void thePodServiceAccountFollowsItsDefinition() {
    Map<String, String> config = new HashMap<>(CONFIG);
    config.put("inherited_labels", "environment");
    config.put(
        "pod_service_account_definition",
        "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"x\","
            + "\"annotations\":{\""
            + IRSA
            + "\":\"arn:aws:iam::1:role/db\"}}}");
    operator.writeConfig(config);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "arn:aws:iam::1:role/db".equals(annotations(serviceAccount()).get(IRSA)));
    addByHand(serviceAccount());

    config.remove("pod_service_account_definition");
    operator.writeConfig(config);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(annotations(serviceAccount()))
                    .doesNotContainKey(IRSA)
                    .containsEntry("noted-by-hand", "yes"));
  }

  @Test
  @Order(4)
  void onceEverythingIsAsDesiredAReSyncWritesNothing() {
    Map<String, String> config = new HashMap<>(CONFIG);
    config.put("inherited_labels", "environment");
    // Everything is in place: wait until the operator has reconciled under this configuration.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                operator.reconciles(NAME).lastConfiguration() != null
                    && Objects.toString(
                            operator
                                .reconciles(NAME)
                                .lastConfiguration()
                                .get(Options.POD_SERVICE_ACCOUNT_DEFINITION),
                            "")
                        .isEmpty());
    ObjectSnapshot before = ObjectSnapshot.take(client, List.of(NAME));
    config.put("repair_period", "7m");
    operator.writeConfig(config);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Duration.ofMinutes(7)
                    .equals(
                        operator.reconciles(NAME).lastConfiguration().get(Options.REPAIR_PERIOD)));
    assertThat(ObjectSnapshot.take(client, List.of(NAME)).writesSince(before)).isEmpty();
  }

  @Test
  @Order(5)
  void aDeletedMasterEndpointsIsCreatedAgainAsDesired() {
    client.endpoints().withName(NAME).delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.endpoints().withName(NAME).get())
                    .isNotNull()
                    .satisfies(
                        ep ->
                            assertThat(labels(ep))
                                .containsEntry("spilo-role", "master")
                                .containsEntry("cluster-name", NAME)));
    // The pods are simulated: a loopback address cannot go into Endpoints, which must not fail
    // the reconcile (Patroni writes the leader's address itself).
    assertThat(OperatorHarness.status(client, NAME)).doesNotEndWith("Failed");
  }

  private static List<String> events() {
    return OperatorHarness.events(client, NAME).stream()
        .map(e -> e.getReason() + ": " + e.getMessage())
        .toList();
  }

  private static ServiceAccount serviceAccount() {
    return client.serviceAccounts().withName("postgres-pod").get();
  }
}
