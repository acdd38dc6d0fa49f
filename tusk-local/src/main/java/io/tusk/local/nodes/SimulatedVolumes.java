package io.tusk.local.nodes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * A default StorageClass and the volumes a provisioner would create for it (pure builders). The
 * volumes are API objects only: hostPath entries that nothing mounts, so that
 * PersistentVolumeClaims (e.g. of StatefulSet volumeClaimTemplates) get bound and their pods can be
 * scheduled.
 */
public final class SimulatedVolumes {

  public static final String STORAGE_CLASS = "standard";
  public static final String PROVISIONER = "tusk.io/local-simulated";
  static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

  /** Set on a claim by the scheduler once it has chosen the node of the claim's first pod. */
  public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";

  private SimulatedVolumes() {}

  /**
   * The default StorageClass: binding when the first pod is scheduled (as local-volume provisioners
   * do), deletion on release, expandable.
   *
   * <p>With immediate binding a StatefulSet's pod reaches the scheduler before its claim is bound,
   * is found unschedulable, and depends on the claim's update to be retried; when the scheduler
   * misses that, the pod waits for its periodic flush of unschedulable pods (five minutes). With
   * {@code WaitForFirstConsumer} the scheduler picks the node, names it on the claim and waits for
   * the binding itself.
   */
  public static StorageClass storageClass() {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(STORAGE_CLASS)
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
        .endMetadata()
        .withProvisioner(PROVISIONER)
        .withReclaimPolicy("Delete")
        .withVolumeBindingMode("WaitForFirstConsumer")
        .withAllowVolumeExpansion(true)
        .build();
  }

  /**
   * True if the claim waits for a volume of our class: it is unbound and the scheduler has chosen
   * the node of its first pod.
   */
  public static boolean needsVolume(PersistentVolumeClaim pvc) {
    return pvc.getMetadata().getDeletionTimestamp() == null
        && selectedNode(pvc).isPresent()
        && STORAGE_CLASS.equals(pvc.getSpec().getStorageClassName())
        && (pvc.getSpec().getVolumeName() == null || pvc.getSpec().getVolumeName().isEmpty())
        && (pvc.getStatus() == null || !"Bound".equals(pvc.getStatus().getPhase()));
  }

  /** The node the scheduler chose for the claim's first pod. */
  public static Optional<String> selectedNode(PersistentVolumeClaim pvc) {
    Map<String, String> annotations = pvc.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(SELECTED_NODE))
        .filter(n -> !n.isBlank());
  }

  /** Name of the volume provisioned for a claim, as external provisioners name them. */
  public static String volumeName(PersistentVolumeClaim pvc) {
    return "pvc-" + pvc.getMetadata().getUid();
  }

  /**
   * The volume for {@code pvc}, pre-bound to it so the PV controller binds the pair, and local to
   * the node the scheduler selected (so later pods of the claim go to the same node).
   */
  public static PersistentVolume volumeFor(PersistentVolumeClaim pvc) {
    Quantity size = requested(pvc).orElse(new Quantity("1Gi"));
    String node =
        selectedNode(pvc)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "claim "
                            + pvc.getMetadata().getName()
                            + " has no "
                            + SELECTED_NODE
                            + " annotation"));
    return new PersistentVolumeBuilder()
        .withNewMetadata()
        .withName(volumeName(pvc))
        .addToAnnotations(PROVISIONED_BY, PROVISIONER)
        .endMetadata()
        .withNewSpec()
        .withCapacity(Map.of("storage", size))
        .withAccessModes(pvc.getSpec().getAccessModes())
        .withVolumeMode(pvc.getSpec().getVolumeMode())
        .withStorageClassName(STORAGE_CLASS)
        .withPersistentVolumeReclaimPolicy("Delete")
        .withNewClaimRef()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNamespace(pvc.getMetadata().getNamespace())
        .withName(pvc.getMetadata().getName())
        .withUid(pvc.getMetadata().getUid())
        .endClaimRef()
        .withNewHostPath()
        .withPath(
            "/tusk-local/simulated/"
                + pvc.getMetadata().getNamespace()
                + "/"
                + pvc.getMetadata().getName())
        .endHostPath()
        .withNewNodeAffinity()
        .withNewRequired()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey(LocalNodes.HOSTNAME_LABEL)
        .withOperator("In")
        .withValues(node)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequired()
        .endNodeAffinity()
        .endSpec()
        .build();
  }

  /** The storage a claim asks for. */
  public static Optional<Quantity> requested(PersistentVolumeClaim pvc) {
    if (pvc.getSpec().getResources() == null
        || pvc.getSpec().getResources().getRequests() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(pvc.getSpec().getResources().getRequests().get("storage"));
  }

  /** The requested size when a bound claim asks for more than its status reports (a resize). */
  public static Optional<Quantity> pendingResize(PersistentVolumeClaim pvc) {
    if (pvc.getStatus() == null
        || !"Bound".equals(pvc.getStatus().getPhase())
        || pvc.getStatus().getCapacity() == null
        || !STORAGE_CLASS.equals(pvc.getSpec().getStorageClassName())) {
      return Optional.empty();
    }
    Quantity current = pvc.getStatus().getCapacity().get("storage");
    return requested(pvc)
        .filter(
            r ->
                current != null
                    && r.getNumericalAmount().compareTo(current.getNumericalAmount()) > 0);
  }

  /**
   * The claim status merge patch with which a resize starts, as the CSI external-resizer writes it
   * ({@code markControllerResizeInProgress}): condition {@code Resizing}, the size being allocated
   * in {@code allocatedResources}, and {@code ControllerResizeInProgress} for {@code storage}.
   */
  public static String resizeStarted(String storage, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    return "{\"status\":{\"conditions\":[{\"type\":\"Resizing\",\"status\":\"True\","
        + "\"lastTransitionTime\":\""
        + time
        + "\"}],\"allocatedResources\":{\"storage\":\""
        + storage
        + "\"},\"allocatedResourceStatuses\":{\"storage\":\"ControllerResizeInProgress\"}}}";
  }

  /**
   * The claim status merge patch that ends a resize needing no file-system step on the node ({@code
   * markOverallExpansionAsFinished}): the new capacity, no {@code Resizing} or {@code
   * FileSystemResizePending} condition, no resize status. {@code allocatedResources} keeps the
   * size.
   */
  public static String resizeFinished(String storage) {
    return "{\"status\":{\"capacity\":{\"storage\":\""
        + storage
        + "\"},\"conditions\":null,\"allocatedResources\":{\"storage\":\""
        + storage
        + "\"},\"allocatedResourceStatuses\":null}}";
  }

  /** True if the volume is ours and its claim is gone (reclaim policy Delete). */
  public static boolean releasedOurs(PersistentVolume pv) {
    return PROVISIONER.equals(
            pv.getMetadata().getAnnotations() == null
                ? null
                : pv.getMetadata().getAnnotations().get(PROVISIONED_BY))
        && pv.getStatus() != null
        && "Released".equals(pv.getStatus().getPhase())
        && "Delete".equals(pv.getSpec().getPersistentVolumeReclaimPolicy());
  }
}
