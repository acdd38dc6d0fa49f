package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.util.ArrayList;
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
 * Zalando's e2e {@code test_owner_references}: with {@code enable_owner_references} turned on,
 * every child of a running cluster gets the controller reference to its {@code postgresql}
 * resource, Patroni's objects included (the {@code -config} Service and the DCS Endpoints or
 * ConfigMaps), and the replica Endpoints; turned off, Tusk's references go again, while a reference
 * someone else put on the same object stays. Patroni's objects are created here as Patroni creates
 * them (simulated pods run no Patroni).
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnerReferencesIT {
  private static final String NAME = "acid-minimal-cluster";
  private static final Map<String, String> PATRONI_LABELS =
      Map.of("application", "spilo", "cluster-name", NAME);
  static OwnerReference foreign;

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void createCluster() {
    operator =
        new OperatorHarness(
                cluster,
                Map.of("kubernetes_use_configmaps", "false", "enable_owner_references", "false"))
            .start();
    client.resource(manifest(client, "minimal.yaml")).create();
    awaitStatus(client, NAME, "Running");
    // Someone else's owner, which exists (the garbage collector deletes objects whose owners are
    // all gone).
    String uid =
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("someone-elses")
                    .endMetadata()
                    .build())
            .create()
            .getMetadata()
            .getUid();
    foreign =
        new OwnerReferenceBuilder()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withName("someone-elses")
            .withUid(uid)
            .build();
    // What Patroni creates in endpoints mode, with its labels (KUBERNETES_LABELS and the scope).
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(NAME + "-config")
                .withLabels(PATRONI_LABELS)
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .endSpec()
                .build())
        .create();
    for (String suffix : List.of("-config", "-failover", "-sync")) {
      EndpointsBuilder ep =
          new EndpointsBuilder()
              .withNewMetadata()
              .withName(NAME + suffix)
              .withLabels(PATRONI_LABELS)
              .withAnnotations(Map.of("leader", "acid-minimal-cluster-0"))
              .endMetadata();
      if (suffix.equals("-config")) {
        ep.editMetadata().withOwnerReferences(foreign).endMetadata();
      }
      client.resource(ep.build()).create();
    }
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  private static List<HasMetadata> children() {
    List<HasMetadata> all = new ArrayList<>();
    all.add(client.apps().statefulSets().withName(NAME).get());
    for (String service : List.of(NAME, NAME + "-repl", NAME + "-config")) {
      all.add(client.services().withName(service).get());
    }
    for (String ep : List.of(NAME, NAME + "-repl", NAME + "-config", NAME + "-failover")) {
      all.add(client.endpoints().withName(ep).get());
    }
    all.add(client.endpoints().withName(NAME + "-sync").get());
    all.add(client.policy().v1().podDisruptionBudget().withName("postgres-" + NAME + "-pdb").get());
    all.add(
        client
            .policy()
            .v1()
            .podDisruptionBudget()
            .withName("postgres-" + NAME + "-critical-op-pdb")
            .get());
    for (String user : List.of("postgres", "standby")) {
      all.add(
          client
              .secrets()
              .withName(user + "." + NAME + ".credentials.postgresql.acid.zalan.do")
              .get());
    }
    assertThat(all).doesNotContainNull();
    return all;
  }

  private static String uid() {
    return client.resources(Postgresql.class).withName(NAME).get().getMetadata().getUid();
  }

  private static List<OwnerReference> refs(HasMetadata o) {
    return Objects.requireNonNullElse(o.getMetadata().getOwnerReferences(), List.of());
  }

  private static boolean hasClusterReference(HasMetadata o, String uid) {
    return refs(o).stream()
        .anyMatch(
            r ->
                "postgresql".equals(r.getKind())
                    && NAME.equals(r.getName())
                    && uid.equals(r.getUid())
                    && Boolean.TRUE.equals(r.getController()));
  }

  private static String describe(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName() + " " + refs(o);
  }

  @Test
  @Order(1)
  void turnedOnEveryChildGetsTheControllerReferencePatronisObjectsIncluded() {
    // Zalando replaces a StatefulSet whose owner references change; Tusk updates it in place, so
    // what someone else put on it stays.
    client
        .apps()
        .statefulSets()
        .withName(NAME)
        .edit(
            s -> {
              s.getMetadata().getLabels().put("added-by-hand", "yes");
              return s;
            });
    String stsUid = client.apps().statefulSets().withName(NAME).get().getMetadata().getUid();
    operator.writeConfig(
        Map.of("kubernetes_use_configmaps", "false", "enable_owner_references", "true"));
    String uid = uid();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (HasMetadata o : children()) {
                assertThat(hasClusterReference(o, uid)).as(describe(o)).isTrue();
              }
            });
    assertThat(refs(client.endpoints().withName(NAME + "-config").get())).contains(foreign);
    assertThat(client.apps().statefulSets().withName(NAME).get().getMetadata())
        .satisfies(m -> assertThat(m.getUid()).isEqualTo(stsUid))
        .satisfies(m -> assertThat(m.getLabels()).containsEntry("added-by-hand", "yes"));
    // Patroni's own content is left alone.
    assertThat(client.endpoints().withName(NAME + "-sync").get().getMetadata().getAnnotations())
        .containsEntry("leader", "acid-minimal-cluster-0");
  }

  @Test
  @Order(2)
  void turnedOffTusksReferencesGoAndOthersStay() {
    operator.writeConfig(
        Map.of("kubernetes_use_configmaps", "false", "enable_owner_references", "false"));
    String uid = uid();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (HasMetadata o : children()) {
                assertThat(hasClusterReference(o, uid)).as(describe(o)).isFalse();
              }
            });
    assertThat(refs(client.endpoints().withName(NAME + "-config").get())).containsExactly(foreign);
  }

  @Test
  @Order(3)
  void inConfigMapsModePatronisConfigMapsGetTheReference() {
    for (String suffix : List.of("-leader", "-config", "-failover", "-sync")) {
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(NAME + suffix)
                  .withLabels(PATRONI_LABELS)
                  .endMetadata()
                  .build())
          .create();
    }
    operator.writeConfig(
        Map.of("kubernetes_use_configmaps", "true", "enable_owner_references", "true"));
    String uid = uid();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (String suffix : List.of("-leader", "-config", "-failover", "-sync")) {
                HasMetadata cm = client.configMaps().withName(NAME + suffix).get();
                assertThat(hasClusterReference(cm, uid)).as(describe(cm)).isTrue();
              }
            });
  }
}
