package io.tusk.local.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedVolumesTest {

  private static PersistentVolumeClaimBuilder claim() {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("pgdata-acid-0")
        .withNamespace("ns")
        .withUid("u-1")
        .addToAnnotations("volume.kubernetes.io/selected-node", "tusk-local-b")
        .endMetadata()
        .withNewSpec()
        .withStorageClassName("standard")
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity("5Gi"))
        .endResources()
        .endSpec();
  }

  @Test
  void storageClassIsTheExpandableDefaultBoundWhenTheFirstPodIsScheduled() {
    assertThat(SimulatedVolumes.storageClass().getMetadata().getAnnotations())
        .containsEntry("storageclass.kubernetes.io/is-default-class", "true");
    assertThat(SimulatedVolumes.storageClass().getAllowVolumeExpansion()).isTrue();
    assertThat(SimulatedVolumes.storageClass().getVolumeBindingMode())
        .isEqualTo("WaitForFirstConsumer");
  }

  @Test
  void pendingClaimsOfOurClassGetAPreBoundVolume() {
    PersistentVolumeClaim pvc = claim().build();
    assertThat(SimulatedVolumes.needsVolume(pvc)).isTrue();
    PersistentVolume pv = SimulatedVolumes.volumeFor(pvc);
    assertThat(pv.getMetadata().getName()).isEqualTo("pvc-u-1");
    assertThat(pv.getSpec().getCapacity()).containsEntry("storage", new Quantity("5Gi"));
    assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo("u-1");
    assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo("ns");
    assertThat(pv.getSpec().getStorageClassName()).isEqualTo("standard");
    // Local to the node the scheduler chose for the claim's first pod.
    var term = pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms();
    assertThat(term).hasSize(1);
    assertThat(term.get(0).getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("kubernetes.io/hostname");
              assertThat(e.getOperator()).isEqualTo("In");
              assertThat(e.getValues()).containsExactly("tusk-local-b");
            });
  }

  @Test
  void aClaimWaitsUntilTheSchedulerHasChosenANode() {
    PersistentVolumeClaim unscheduled =
        claim().editMetadata().withAnnotations(java.util.Map.of()).endMetadata().build();
    assertThat(SimulatedVolumes.needsVolume(unscheduled)).isFalse();
    assertThat(SimulatedVolumes.selectedNode(unscheduled)).isEmpty();
  }

  @Test
  void otherClassesAndBoundClaimsAreLeftAlone() {
    assertThat(
            SimulatedVolumes.needsVolume(
                claim().editSpec().withStorageClassName("fast").endSpec().build()))
        .isFalse();
    assertThat(
            SimulatedVolumes.needsVolume(
                claim().editSpec().withVolumeName("pv-1").endSpec().build()))
        .isFalse();
  }

  @Test
  void aBoundClaimAskingForMoreIsAResize() {
    PersistentVolumeClaim pvc =
        claim()
            .editSpec()
            .withVolumeName("pvc-u-1")
            .endSpec()
            .withNewStatus()
            .withPhase("Bound")
            .addToCapacity("storage", new Quantity("1Gi"))
            .endStatus()
            .build();
    assertThat(SimulatedVolumes.pendingResize(pvc)).contains(new Quantity("5Gi"));
    pvc.getStatus().getCapacity().put("storage", new Quantity("5Gi"));
    assertThat(SimulatedVolumes.pendingResize(pvc)).isEmpty();
  }

  @Test
  void onlyOurReleasedVolumesAreDeleted() {
    PersistentVolume ours = SimulatedVolumes.volumeFor(claim().build());
    ours.setStatus(
        new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder()
            .withPhase("Released")
            .build());
    assertThat(SimulatedVolumes.releasedOurs(ours)).isTrue();
    PersistentVolume foreign =
        new PersistentVolumeBuilder(ours)
            .editMetadata()
            .withAnnotations(null)
            .endMetadata()
            .build();
    assertThat(SimulatedVolumes.releasedOurs(foreign)).isFalse();
  }

  @Test
  void aResizeStartsAndEndsAsTheExternalResizerWritesTheClaimStatus() throws Exception {
    PersistentVolumeClaim pvc =
        claim()
            .withNewStatus()
            .withPhase("Bound")
            .addToCapacity("storage", new Quantity("1Gi"))
            .endStatus()
            .build();
    ObjectMapper json = new ObjectMapper();
    JsonNode claim = json.valueToTree(pvc);

    JsonNode started =
        merge(
            claim.deepCopy(),
            json.readTree(
                SimulatedVolumes.resizeStarted("5Gi", Instant.parse("2026-12-06T10:00:00.5Z"))));
    PersistentVolumeClaim resizing = json.treeToValue(started, PersistentVolumeClaim.class);
    assertThat(resizing.getStatus().getConditions()).hasSize(1);
    assertThat(resizing.getStatus().getConditions().get(0).getType()).isEqualTo("Resizing");
    assertThat(resizing.getStatus().getConditions().get(0).getStatus()).isEqualTo("True");
    assertThat(resizing.getStatus().getConditions().get(0).getLastTransitionTime())
        .isEqualTo("2026-12-06T10:00:00Z");
    assertThat(resizing.getStatus().getAllocatedResources())
        .containsEntry("storage", new Quantity("5Gi"));
    assertThat(resizing.getStatus().getAllocatedResourceStatuses())
        .containsEntry("storage", "ControllerResizeInProgress");
    assertThat(resizing.getStatus().getCapacity()).containsEntry("storage", new Quantity("1Gi"));
    assertThat(SimulatedVolumes.pendingResize(resizing)).contains(new Quantity("5Gi"));

    PersistentVolumeClaim done =
        json.treeToValue(
            merge(started, json.readTree(SimulatedVolumes.resizeFinished("5Gi"))),
            PersistentVolumeClaim.class);
    assertThat(done.getStatus().getCapacity()).containsEntry("storage", new Quantity("5Gi"));
    assertThat(done.getStatus().getConditions()).isNullOrEmpty();
    assertThat(done.getStatus().getAllocatedResourceStatuses()).isNullOrEmpty();
    assertThat(done.getStatus().getAllocatedResources())
        .containsEntry("storage", new Quantity("5Gi"));
    assertThat(done.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(SimulatedVolumes.pendingResize(done)).isEmpty();
  }

  /** RFC 7386 JSON merge patch, as the API server applies it. */
  private static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || !target.isObject()) {
      return patch;
    }
    ObjectNode out = (ObjectNode) target;
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                out.remove(e.getKey());
              } else {
                JsonNode before = out.get(e.getKey());
                out.set(e.getKey(), before == null ? e.getValue() : merge(before, e.getValue()));
              }
            });
    return out;
  }
}
