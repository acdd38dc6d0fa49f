package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.events;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;

/**
 * A manifest the API server accepts but Tusk cannot serve gets status Invalid and an Event naming
 * the field and the reason, creates nothing, and does not keep the operator from serving others.
 */
@LocalKubernetes
class InvalidManifestIT {
  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void startOperator() {
    operator = new OperatorHarness(cluster, Map.of()).start();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void invalidManifestIsReportedAndOthersAreServed() {
    Postgresql bad = manifest(client, "minimal.yaml");
    bad.getMetadata().setName("acid-bad");
    bad.getSpec().getUsers().put("admin", List.of()); // a protected role name
    bad.getSpec().getUsers().put("Not A Role!", List.of()); // not a valid role name
    client.resource(bad).create();
    Postgresql good = manifest(client, "minimal.yaml");
    good.getMetadata().setName("acid-good");
    client.resource(good).create();

    awaitStatus(client, "acid-bad", "Invalid");
    awaitStatus(client, "acid-good", "Running");
    Postgresql stored = client.resources(Postgresql.class).withName("acid-bad").get();
    assertThat(stored.getStatus().getMessage())
        .contains("spec.users.admin")
        .contains("Not A Role!");
    assertThat(events(client, "acid-bad"))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("Invalid");
              assertThat(e.getMessage()).contains("spec.users.admin").contains("Not A Role!");
            });
    assertThat(client.apps().statefulSets().withName("acid-bad").get()).isNull();
    assertThat(client.apps().statefulSets().withName("acid-good").get()).isNotNull();

    // Fixing the manifest brings the cluster up.
    client
        .resources(Postgresql.class)
        .withName("acid-bad")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"users\":{\"admin\":null,\"Not A Role!\":null}}}");
    awaitStatus(client, "acid-bad", "Running");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.apps().statefulSets().withName("acid-bad").get() != null);
    assertThat(
            client.resources(Postgresql.class).withName("acid-bad").get().getStatus().getMessage())
        .isEmpty();
  }
}
