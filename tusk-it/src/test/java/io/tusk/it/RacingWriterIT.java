package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second writer keeps changing the same objects as the operator, and the manifest itself, for a
 * while. The operator must neither fail nor fight over fields it does not own; when the writer
 * stops, everything Tusk declares is as declared and the writer's own additions are still there.
 */
@LocalKubernetes
class RacingWriterIT {
  private static final String NAME = "acid-minimal-cluster";

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void createCluster() {
    operator = new OperatorHarness(cluster, Map.of()).start();
    client.resource(manifest(client, "minimal.yaml")).create();
    awaitStatus(client, NAME, "Running");
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void operatorAndASecondWriterConverge() {
    AtomicInteger writes = new AtomicInteger();
    Instant end = Instant.now().plusSeconds(8);
    int instances = 2;
    while (Instant.now().isBefore(end)) {
      int round = writes.incrementAndGet();
      // Fights the operator on a field it owns, and adds a label of its own...
      client
          .services()
          .withName(NAME + "-repl")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"selector\":{\"spilo-role\":\"master\"}},"
                  + "\"metadata\":{\"labels\":{\"owner-of-this-label\":\"writer-"
                  + round
                  + "\"}}}");
      // ...and edits the manifest (annotations and spec) while the operator writes its status.
      instances = round % 2 == 0 ? 2 : 3;
      int want = instances;
      client
          .resources(Postgresql.class)
          .withName(NAME)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"writer-round\":\""
                  + round
                  + "\"}},"
                  + "\"spec\":{\"numberOfInstances\":"
                  + want
                  + "}}");
    }
    int finalInstances = instances;
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Service replica = client.services().withName(NAME + "-repl").get();
              assertThat(replica.getSpec().getSelector()).containsEntry("spilo-role", "replica");
              assertThat(replica.getMetadata().getLabels())
                  .containsEntry("owner-of-this-label", "writer-" + writes.get());
              assertThat(client.apps().statefulSets().withName(NAME).get().getSpec().getReplicas())
                  .isEqualTo(finalInstances);
              assertThat(OperatorHarness.status(client, NAME)).isEqualTo("Running");
            });
    assertThat(writes.get()).isGreaterThan(5);
  }
}
