package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static io.tusk.it.OperatorHarness.zalandoManifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.config.Options;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.operator.ReconcileCounts;
import java.time.Duration;
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
 * What Zalando's users ask for after every operator upgrade: once clusters run, a new operator
 * process, or a change of an option that concerns no object, writes nothing. Not one owned object
 * gets a new resourceVersion, no pod is flagged for a rolling update, no Event is written, for a
 * minimal cluster and for Zalando's complete example manifest, against the real API server with its
 * own defaulting (not a simulation of it).
 *
 * <p>Each test waits for the positive signal that the operator has reconciled every cluster to the
 * end (its per-cluster reconcile count, and the configuration the reconcile started under), then
 * compares.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorRestartIT {
  private static final String MINIMAL = "acid-minimal-cluster";
  private static final String COMPLETE = "acid-test-cluster";
  private static final List<String> CLUSTERS = List.of(MINIMAL, COMPLETE);
  private static final Duration RECONCILED = Duration.ofSeconds(60);

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void clustersRun() {
    operator = new OperatorHarness(cluster, Map.of("repair_period", "5m")).start();
    client.resource(manifest(client, "minimal.yaml")).create();
    client.resource(zalandoManifest(client, "complete-postgres-manifest.yaml")).create();
    for (String name : CLUSTERS) {
      awaitStatus(client, name, "Running", Duration.ofSeconds(90));
    }
    // Simulated pods run no PostgreSQL (enable_database_access is off): Running means every object
    // is as desired and every pod Ready. The StatefulSet controller may still be writing status.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> CLUSTERS.stream().allMatch(OperatorRestartIT::settled));
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  private static boolean settled(String name) {
    StatefulSet sts = client.apps().statefulSets().withName(name).get();
    int replicas = sts.getSpec().getReplicas();
    return sts.getStatus() != null
        && Objects.equals(
            sts.getStatus().getObservedGeneration(), sts.getMetadata().getGeneration())
        && Objects.equals(sts.getStatus().getReadyReplicas(), replicas)
        && Objects.equals(sts.getStatus().getAvailableReplicas(), replicas)
        && client.pods().withLabels(Map.of("cluster-name", name)).list().getItems().size()
            == replicas;
  }

  @Test
  @Order(1)
  void aRestartedOperatorWritesNothing() {
    ObjectSnapshot before = ObjectSnapshot.take(client, CLUSTERS);
    // What is compared: the postgresql resources, StatefulSets, master and replica Services, the
    // master Endpoints, Secrets, PDBs, pod ServiceAccount and RoleBinding, and the pods.
    assertThat(before.objectKeys())
        .contains(
            "postgresql/" + MINIMAL,
            "postgresql/" + COMPLETE,
            "StatefulSet/" + COMPLETE,
            "Service/" + COMPLETE + "-repl",
            "Endpoints/" + COMPLETE,
            "Secret/foo-user." + COMPLETE + ".credentials.postgresql.acid.zalan.do",
            "PodDisruptionBudget/postgres-" + COMPLETE + "-pdb",
            "ServiceAccount/postgres-pod",
            "RoleBinding/postgres-pod");
    assertThat(before.podCount()).isEqualTo(4);

    operator.stop();
    operator.start();
    await("every cluster reconciled by the new operator")
        .atMost(RECONCILED)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> CLUSTERS.stream().allMatch(name -> operator.reconciles(name).succeeded() > 0));

    assertThat(ObjectSnapshot.take(client, CLUSTERS).writesSince(before)).isEmpty();
    assertThat(ObjectSnapshot.flaggedPods(client, CLUSTERS)).isEmpty();
    assertThat(CLUSTERS)
        .allSatisfy(name -> assertThat(operator.reconciles(name).failed()).isZero());
  }

  @Test
  @Order(2)
  void aConfigurationChangeThatConcernsNoObjectWritesNothing() {
    ObjectSnapshot before = ObjectSnapshot.take(client, CLUSTERS);
    // repair_period only times retries of failed clusters: no object, no Spilo variable has it.
    operator.writeConfig(Map.of("repair_period", "7m"));
    await("every cluster re-synced under the new configuration")
        .atMost(RECONCILED)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                CLUSTERS.stream()
                    .allMatch(
                        name -> {
                          ReconcileCounts.Cluster c = operator.reconciles(name);
                          return c.lastConfiguration() != null
                              && c.lastConfiguration()
                                  .get(Options.REPAIR_PERIOD)
                                  .equals(Duration.ofMinutes(7));
                        }));

    assertThat(ObjectSnapshot.take(client, CLUSTERS).writesSince(before)).isEmpty();
    assertThat(ObjectSnapshot.flaggedPods(client, CLUSTERS)).isEmpty();
  }
}
