package io.tusk.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A StatefulSet makes progress on the simulated nodes: its pods are scheduled across the three
 * zones, reported Running and Ready with unique loopback IPs, and scaling down or deleting a pod
 * completes because the agent finalises terminating pods. Claims are bound to simulated volumes.
 */
@Order(11)
@LocalKubernetes
class StatefulSetSimulationIT {

  @InjectClient static KubernetesClient client;

  private static StatefulSet statefulSet(String ns) {
    Map<String, String> labels = Map.of("app", "db");
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("db")
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withServiceName("db")
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewTopologySpreadConstraint()
        .withMaxSkew(1)
        .withTopologyKey("topology.kubernetes.io/zone")
        .withWhenUnsatisfiable("DoNotSchedule")
        .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(labels).build())
        .endTopologySpreadConstraint()
        .addNewContainer()
        .withName("postgres")
        .withImage("ghcr.io/zalando/spilo-17:4.0-p2")
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("100Mi"))
        .endResources()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/readiness")
        .withNewPort(8008)
        .endHttpGet()
        .endReadinessProbe()
        .addNewVolumeMount()
        .withName("pgdata")
        .withMountPath("/home/postgres/pgdata")
        .endVolumeMount()
        .endContainer()
        .endSpec()
        .endTemplate()
        .addNewVolumeClaimTemplate()
        .withNewMetadata()
        .withName("pgdata")
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity("1Gi"))
        .endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endSpec()
        .build();
  }

  private static List<Pod> pods() {
    return client.pods().withLabel("app", "db").list().getItems();
  }

  private static int readyReplicas() {
    StatefulSet s = client.apps().statefulSets().withName("db").get();
    Integer r = s.getStatus() == null ? null : s.getStatus().getReadyReplicas();
    return r == null ? 0 : r;
  }

  @Test
  void podsAreScheduledAcrossZonesAndBecomeReady(LocalCluster cluster) throws Exception {
    assertThat(cluster.simulatesPods()).isTrue();
    client.apps().statefulSets().resource(statefulSet(cluster.namespace())).create();
    Eventually.await("3 ready replicas", Duration.ofSeconds(90), () -> readyReplicas() == 3);

    List<Pod> pods = pods();
    assertThat(pods).hasSize(3);
    assertThat(pods)
        .extracting(p -> p.getSpec().getNodeName())
        .containsExactlyInAnyOrder("tusk-local-a", "tusk-local-b", "tusk-local-c");
    assertThat(pods)
        .extracting(p -> p.getStatus().getPodIP())
        .doesNotHaveDuplicates()
        // Addresses the API server accepts in Endpoints (not loopback) when the host can route
        // their range nowhere (root).
        .allMatch(
            ip -> ip.startsWith(io.tusk.local.pods.PodNetwork.privileged() ? "10.245." : "127."));
    for (Pod p : pods) {
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
      assertThat(p.getStatus().getStartTime()).isNotNull();
      assertThat(p.getStatus().getConditions())
          .filteredOn(
              c ->
                  List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")
                      .contains(c.getType()))
          .hasSize(4)
          .allMatch(c -> "True".equals(c.getStatus()));
      assertThat(p.getStatus().getContainerStatuses())
          .singleElement()
          .satisfies(
              cs -> {
                assertThat(cs.getReady()).isTrue();
                assertThat(cs.getState().getRunning()).isNotNull();
              });
    }

    // A deleted pod is finalised and replaced under the same name.
    String oldUid = client.pods().withName("db-1").get().getMetadata().getUid();
    client.pods().withName("db-1").delete();
    Eventually.await(
        "db-1 to be replaced and ready",
        Duration.ofSeconds(60),
        () -> {
          Pod p = client.pods().withName("db-1").get();
          return p != null && !p.getMetadata().getUid().equals(oldUid) && readyReplicas() == 3;
        });

    // Scaling down completes only if terminating pods go away.
    client.apps().statefulSets().withName("db").scale(1);
    Eventually.await(
        "scale down to 1",
        Duration.ofSeconds(60),
        () -> pods().size() == 1 && readyReplicas() == 1);
    assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactly("db-0");
  }

  @Test
  void claimsGetVolumesThatGrowAndGoAway() throws Exception {
    // Volume claim templates of the StatefulSet above were bound (its pods could be scheduled);
    // here a claim on its own: it waits for a pod (binding mode WaitForFirstConsumer), is bound
    // on the pod's node, resized, released.
    client
        .persistentVolumeClaims()
        .resource(
            new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    // The volume controller has seen the claim and decided to wait for a pod.
    Eventually.await(
        "the claim's WaitForFirstConsumer Event",
        Duration.ofSeconds(30),
        () ->
            client.v1().events().list().getItems().stream()
                .anyMatch(
                    e ->
                        "data".equals(e.getInvolvedObject().getName())
                            && "PersistentVolumeClaim".equals(e.getInvolvedObject().getKind())
                            && "WaitForFirstConsumer".equals(e.getReason())));
    assertThat(client.persistentVolumeClaims().withName("data").get().getStatus().getPhase())
        .as("a claim without a pod")
        .isEqualTo("Pending");
    client
        .pods()
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("user")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/data")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName("data")
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .build())
        .create();
    Eventually.await(
        "the claim to be bound",
        Duration.ofSeconds(30),
        () ->
            "Bound"
                .equals(
                    client.persistentVolumeClaims().withName("data").get().getStatus().getPhase()));
    Eventually.await(
        "the pod to be scheduled",
        Duration.ofSeconds(30),
        () -> client.pods().withName("user").get().getSpec().getNodeName() != null);
    String node = client.pods().withName("user").get().getSpec().getNodeName();
    var pvc = client.persistentVolumeClaims().withName("data").get();
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("standard"); // the default class
    String volume = pvc.getSpec().getVolumeName();
    assertThat(
            client
                .persistentVolumes()
                .withName(volume)
                .get()
                .getSpec()
                .getNodeAffinity()
                .getRequired()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .as("the volume is local to the pod's node")
        .containsExactly(node);

    client
        .persistentVolumeClaims()
        .withName("data")
        .edit(
            c -> {
              c.getSpec().getResources().getRequests().put("storage", new Quantity("3Gi"));
              return c;
            });
    Eventually.await(
        "the claim to report 3Gi",
        Duration.ofSeconds(30),
        () ->
            new Quantity("3Gi")
                .equals(
                    client
                        .persistentVolumeClaims()
                        .withName("data")
                        .get()
                        .getStatus()
                        .getCapacity()
                        .get("storage")));
    assertThat(
            client
                .persistentVolumes()
                .withName(volume)
                .get()
                .getSpec()
                .getCapacity()
                .get("storage"))
        .isEqualTo(new Quantity("3Gi"));
    // As the CSI external-resizer leaves a claim that needs no file-system step on the node.
    var resized = client.persistentVolumeClaims().withName("data").get().getStatus();
    assertThat(resized.getConditions()).isNullOrEmpty();
    assertThat(resized.getAllocatedResourceStatuses()).isNullOrEmpty();
    assertThat(resized.getAllocatedResources()).containsEntry("storage", new Quantity("3Gi"));
    // The controller-manager's expand controller has no in-tree plugin for these volumes: it
    // leaves the claim to an external resizer, the agent, which records its steps.
    Eventually.await(
        "the expand controller's and the resizer's Events on the claim",
        Duration.ofSeconds(30),
        () ->
            client.v1().events().list().getItems().stream()
                .filter(e -> "data".equals(e.getInvolvedObject().getName()))
                .filter(e -> "PersistentVolumeClaim".equals(e.getInvolvedObject().getKind()))
                .map(e -> e.getReason())
                .collect(java.util.stream.Collectors.toSet())
                .containsAll(List.of("ExternalExpanding", "Resizing", "VolumeResizeSuccessful")));

    client.pods().withName("user").delete();
    client.persistentVolumeClaims().withName("data").delete();
    Eventually.await(
        "the released volume to be deleted",
        Duration.ofSeconds(60),
        () -> client.persistentVolumes().withName(volume).get() == null);
  }
}
