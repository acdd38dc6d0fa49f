package io.tusk.local.nodes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
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

  private SimulatedVolumes() {}

  /** The default StorageClass: immediate binding, deletion on release, expandable. */
  public static StorageClass storageClass() {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(STORAGE_CLASS)
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
        .endMetadata()
        .withProvisioner(PROVISIONER)
        .withReclaimPolicy("Delete")
        .withVolumeBindingMode("Immediate")
        .withAllowVolumeExpansion(true)
        .build();
  }

  /** True if the claim waits for a volume of our class. */
  public static boolean needsVolume(PersistentVolumeClaim pvc) {
    return pvc.getMetadata().getDeletionTimestamp() == null
        && STORAGE_CLASS.equals(pvc.getSpec().getStorageClassName())
        && (pvc.getSpec().getVolumeName() == null || pvc.getSpec().getVolumeName().isEmpty())
        && (pvc.getStatus() == null || !"Bound".equals(pvc.getStatus().getPhase()));
  }

  /** Name of the volume provisioned for a claim, as external provisioners name them. */
  public static String volumeName(PersistentVolumeClaim pvc) {
    return "pvc-" + pvc.getMetadata().getUid();
  }

  /** The volume for {@code pvc}, pre-bound to it so the PV controller binds the pair. */
  public static PersistentVolume volumeFor(PersistentVolumeClaim pvc) {
    Quantity size = requested(pvc).orElse(new Quantity("1Gi"));
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
