package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * A change of the pod template whose StatefulSet write fails (here an admission policy refuses it,
 * as the API server going away mid-sync would) leaves the pods flagged for the rolling update
 * already: once the template is written, the next sync finds nothing to change, so flags written
 * after it would be lost whenever the sync is cut off in between.
 */
@LocalKubernetes
class InterruptedRollingUpdateIT {
  private static final String NAME = "acid-minimal-cluster";
  private static final String FLAG = "zalando-postgres-operator-rolling-update-required";
  private static final Map<String, String> SELECTOR =
      Map.of("application", "spilo", "cluster-name", NAME);

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;
  static String policy;

  @BeforeAll
  static void createCluster() {
    operator = new OperatorHarness(cluster, Map.of()).start();
    client.resource(manifest(client, "minimal.yaml")).create();
    awaitStatus(client, NAME, "Running");
    policy = "deny-statefulset-updates-" + cluster.namespace();
  }

  @AfterAll
  static void cleanUp() {
    removePolicy();
    operator.close();
  }

  @Test
  void podsAreFlaggedBeforeTheTemplateIsWritten() {
    await().atMost(Duration.ofSeconds(20)).until(() -> pods().size() == 2);
    assertThat(pods()).noneMatch(InterruptedRollingUpdateIT::flagged);
    denyStatefulSetUpdates();

    client
        .resources(Postgresql.class)
        .withName(NAME)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"resources\":{\"requests\":{\"cpu\":\"150m\",\"memory\":\"100Mi\"}}}}");
    await("both pods flagged while the StatefulSet write is refused")
        .atMost(Duration.ofSeconds(30))
        .until(() -> pods().stream().allMatch(InterruptedRollingUpdateIT::flagged));
    assertThat(cpuRequest(client.apps().statefulSets().withName(NAME).get()))
        .as("the template is still the old one: its write was refused")
        .isNotEqualTo("150m");

    removePolicy();
    await("the template is written once the API server accepts it")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "150m".equals(cpuRequest(client.apps().statefulSets().withName(NAME).get())));
    assertThat(pods()).hasSize(2).allMatch(InterruptedRollingUpdateIT::flagged);
  }

  private static List<Pod> pods() {
    return client.pods().withLabels(SELECTOR).list().getItems();
  }

  private static boolean flagged(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(FLAG));
  }

  private static String cpuRequest(StatefulSet sts) {
    var requests =
        sts.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests();
    return requests == null || requests.get("cpu") == null ? null : requests.get("cpu").toString();
  }

  /**
   * A ValidatingAdmissionPolicy refusing every update of a StatefulSet in the test's namespace,
   * and, since policies take effect a moment after they are created, a wait until a dry-run update
   * is refused.
   */
  private static void denyStatefulSetUpdates() {
    String ns = cluster.namespace();
    client
        .resource(
            """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: %1$s
            spec:
              failurePolicy: Fail
              matchConstraints:
                namespaceSelector:
                  matchLabels:
                    kubernetes.io/metadata.name: %2$s
                resourceRules:
                - apiGroups: ["apps"]
                  apiVersions: ["v1"]
                  operations: ["UPDATE"]
                  resources: ["statefulsets"]
              validations:
              - expression: "false"
                message: StatefulSet updates are refused by the test
            ---
            """
                .formatted(policy, ns))
        .create();
    client
        .resource(
            """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: %1$s
            spec:
              policyName: %1$s
              validationActions: [Deny]
            """
                .formatted(policy))
        .create();
    await("the admission policy is in force")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              try {
                client
                    .apps()
                    .statefulSets()
                    .withName(NAME)
                    .dryRun()
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"probe\":\"x\"}}}");
                return false;
              } catch (KubernetesClientException e) {
                return e.getMessage().contains("refused by the test");
              }
            });
  }

  private static void removePolicy() {
    if (policy == null) {
      return;
    }
    client
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicyBindings()
        .withName(policy)
        .delete();
    client.admissionRegistration().v1().validatingAdmissionPolicies().withName(policy).delete();
  }
}
