package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Objects changed or deleted behind the operator's back come back as declared. */
@LocalKubernetes
class DriftIT {
  private static final String NAME = "acid-minimal-cluster";
  private static final String POSTGRES_SECRET =
      "postgres." + NAME + ".credentials.postgresql.acid.zalan.do";

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
  void editedServiceIsRepairedWithinSeconds() {
    client
        .services()
        .withName(NAME + "-repl")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"selector\":{\"spilo-role\":\"master\"}}}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "replica"
                    .equals(
                        client
                            .services()
                            .withName(NAME + "-repl")
                            .get()
                            .getSpec()
                            .getSelector()
                            .get("spilo-role")));
  }

  @Test
  void deletedPodDisruptionBudgetIsRecreated() {
    client.policy().v1().podDisruptionBudget().withName("postgres-" + NAME + "-pdb").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .withName("postgres-" + NAME + "-pdb")
                        .get()
                    != null);
  }

  @Test
  void driftWhileTheOperatorIsDownIsRepairedWhenItStarts() {
    operator.stop();
    client
        .services()
        .withName(NAME)
        .withTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
        .delete();
    client.apps().statefulSets().withName(NAME).scale(5);
    operator.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.services().withName(NAME).get() != null
                    && client.apps().statefulSets().withName(NAME).get().getSpec().getReplicas()
                        == 2);
  }

  @Test
  void aStoredPasswordIsNeverReplaced() {
    String mine = "a-password-set-by-an-administrator";
    Secret edited =
        new SecretBuilder(client.secrets().withName(POSTGRES_SECRET).get())
            .addToData("password", Base64.getEncoder().encodeToString(mine.getBytes()))
            .build();
    client.secrets().resource(edited).update();
    // Another change makes the operator reconcile the cluster; the password must survive it.
    client
        .services()
        .withName(NAME + "-repl")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"team\":\"someone-else\"}}}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "acid"
                    .equals(
                        client
                            .services()
                            .withName(NAME + "-repl")
                            .get()
                            .getMetadata()
                            .getLabels()
                            .get("team")));
    String stored =
        new String(
            Base64.getDecoder()
                .decode(
                    client.secrets().withName(POSTGRES_SECRET).get().getData().get("password")));
    assertThat(stored).isEqualTo(mine);
  }
}
