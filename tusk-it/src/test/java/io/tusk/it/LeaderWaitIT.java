package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.events;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * Pods whose service account is bound to a ClusterRole that does not exist (Zalando's {@code
 * postgres-pod} role not installed): Patroni could never elect a leader. The operator says so where
 * users look: a Warning Event {@code PodRbac} naming the missing ClusterRole, and, since no pod
 * becomes the leader (simulated pods run no Patroni), a status message and a {@code NoLeader}
 * Warning Event saying what it waits for and what is missing, and {@code CreateFailed} after {@code
 * pod_label_wait_timeout}.
 */
@LocalKubernetes
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class LeaderWaitIT {
  private static final String ROLE = "tusk-it-missing-role";

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void startOperator() {
    String ns = cluster.namespace();
    // The operator may bind and read this ClusterRole, as deploy/rbac.yaml lets it bind and read
    // postgres-pod; the ClusterRole itself is never created.
    client
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("tusk-it-bind-" + ns)
                .endMetadata()
                .addNewRule()
                .withApiGroups("rbac.authorization.k8s.io")
                .withResources("clusterroles")
                .withResourceNames(ROLE)
                .withVerbs("bind", "get")
                .endRule()
                .build())
        .serverSideApply();
    client
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("tusk-it-bind-" + ns)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("tusk-it-bind-" + ns)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("tusk-operator")
                .withNamespace(ns)
                .endSubject()
                .build())
        .serverSideApply();
    operator =
        new OperatorHarness(
                cluster,
                Map.of(
                    "pod_service_account_name", ROLE,
                    "enable_database_access", "true",
                    "pod_label_wait_timeout", "8s"))
            .start();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
    client.rbac().clusterRoles().withName(ROLE).delete();
    client.rbac().clusterRoleBindings().withName("tusk-it-bind-" + cluster.namespace()).delete();
    client.rbac().clusterRoles().withName("tusk-it-bind-" + cluster.namespace()).delete();
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void aMissingClusterRoleIsNamedInAWarningEventAndTheStatus() {
    Postgresql pg = manifest(client, "minimal.yaml");
    pg.getMetadata().setName("acid-noleader");
    client.resource(pg).create();

    String missing =
        "ClusterRole "
            + ROLE
            + " does not exist: RoleBinding "
            + cluster.namespace()
            + "/"
            + ROLE
            + " grants it to the pods' service account "
            + ROLE;
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(warnings("acid-noleader"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("PodRbac");
                          assertThat(e.getMessage()).startsWith(missing);
                        }));

    // The pods run, none is labelled master: first Creating with what it waits for, then, after
    // pod_label_wait_timeout, CreateFailed with the same words and a NoLeader Warning Event.
    awaitStatus(client, "acid-noleader", "CreateFailed", Duration.ofSeconds(90));
    String message =
        client.resources(Postgresql.class).withName("acid-noleader").get().getStatus().getMessage();
    assertThat(message)
        .startsWith("waiting for Patroni to elect a leader: pod")
        .containsPattern("acid-noleader-0.* labelled spilo-role=master \\(since ")
        .contains("longer than pod_label_wait_timeout (PT8S)")
        .contains(missing);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(warnings("acid-noleader"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("NoLeader");
                          assertThat(e.getMessage())
                              .contains("waiting for Patroni to elect a leader")
                              .contains(missing);
                        }));
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void onceTheClusterRoleExistsThePodsGetTheirRoles() {
    Postgresql pg = manifest(client, "minimal.yaml");
    pg.getMetadata().setName("acid-late-rbac");
    client.resource(pg).create();
    await("both pods running without a role")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.pods().withLabel("cluster-name", "acid-late-rbac").list().getItems().stream()
                        .filter(p -> "Running".equals(p.getStatus().getPhase()))
                        .count()
                    == 2);

    // The missing ClusterRole appears: Patroni, which retries at every loop, labels its pod now
    // (the node agent's simulation does the same).
    client
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(ROLE)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("pods")
                .withVerbs("get", "list", "watch", "patch")
                .endRule()
                .build())
        .serverSideApply();
    await("both pods labelled with their role")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.pods().withLabel("cluster-name", "acid-late-rbac").list().getItems().stream()
                    .map(p -> String.valueOf(p.getMetadata().getLabels().get("spilo-role")))
                    .sorted()
                    .toList()
                    .equals(List.of("master", "replica")));
  }

  private static List<Event> warnings(String name) {
    return events(client, name).stream().filter(e -> "Warning".equals(e.getType())).toList();
  }
}
