package io.tusk.spec.workload;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.tusk.api.acid.v1.Volume;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.InvalidSpecException;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.pod.PodTemplate;
import io.tusk.spec.volume.VolumeGrowth;
import java.util.Map;

/**
 * The cluster's StatefulSet {@code {cluster}}. Mirrors {@code k8sres.go#generateStatefulSet} and
 * {@code generatePersistentVolumeClaimTemplate} (v2.0.1): clamped replicas, {@code serviceName}
 * {@code {cluster}}, selector on the base labels, the pod template, one {@code pgdata} claim
 * template, update strategy {@code OnDelete} (the operator rolls pods itself, with switchovers),
 * {@code pod_management_policy} and {@code persistent_volume_claim_retention_policy}.
 */
public final class ClusterStatefulSet {

  private ClusterStatefulSet() {}

  public static StatefulSet build(ClusterModel model) {
    ClusterNames names = ClusterNames.of(model);
    Labels labels = Labels.of(model);
    Map<String, String> retention =
        model.config().get(Options.PERSISTENT_VOLUME_CLAIM_RETENTION_POLICY);

    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(names.statefulSet())
        .withNamespace(emptyToNull(model.namespace()))
        .withLabels(labels.withExtra())
        .withAnnotations(Annotations.orNull(Annotations.of(model).statefulSet()))
        .withOwnerReferences(OwnerReferences.forChild(model))
        .endMetadata()
        .withNewSpec()
        .withReplicas(InstanceCount.desired(model))
        .withSelector(labels.selector())
        .withServiceName(names.service(io.tusk.spec.PostgresRole.MASTER))
        .withTemplate(PodTemplate.build(model))
        .withVolumeClaimTemplates(volumeClaimTemplate(model))
        .withNewUpdateStrategy()
        .withType("OnDelete")
        .endUpdateStrategy()
        .withPodManagementPolicy(
            podManagementPolicy(model.config().get(Options.POD_MANAGEMENT_POLICY)))
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("delete".equals(retention.get("when_deleted")) ? "Delete" : "Retain")
        .withWhenScaled("delete".equals(retention.get("when_scaled")) ? "Delete" : "Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .endSpec()
        .build();
  }

  /**
   * The {@code pgdata} claim template: RWO, Filesystem, size, storage class and selector. The size
   * is the declared one, but never smaller than the current template's ({@link
   * VolumeGrowth#templateSize}).
   */
  static PersistentVolumeClaim volumeClaimTemplate(ClusterModel model) {
    Quantity size = VolumeGrowth.templateSize(model);
    Volume volume = model.spec().getVolume();
    String storageClass = volume.getStorageClass();
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(ClusterNames.DATA_VOLUME)
        .withLabels(Labels.of(model).withExtra())
        .withAnnotations(Annotations.orNull(Annotations.of(model).inherited()))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", size)
        .endResources()
        .withStorageClassName(storageClass == null || storageClass.isEmpty() ? null : storageClass)
        .withVolumeMode("Filesystem")
        .withSelector(volume.getSelector())
        .endSpec()
        .build();
  }

  /** {@code ordered_ready} → {@code OrderedReady}, {@code parallel} → {@code Parallel}. */
  static String podManagementPolicy(String configured) {
    if ("ordered_ready".equals(configured)) {
      return "OrderedReady";
    }
    if ("parallel".equals(configured)) {
      return "Parallel";
    }
    throw new InvalidSpecException(
        "pod_management_policy",
        "could not set the pod management policy to the unknown value: " + configured);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
