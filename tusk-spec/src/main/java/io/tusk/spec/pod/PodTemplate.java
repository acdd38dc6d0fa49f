package io.tusk.spec.pod;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod template of the cluster's StatefulSet. Mirrors {@code k8sres.go#generatePodTemplate} as
 * called from {@code generateStatefulSet} (v2.0.1): the Spilo container followed by the sidecars,
 * init containers, pod security context ({@code spilo_runasuser/runasgroup/fsgroup}, overridden by
 * the manifest), service account, termination grace period, scheduling, priority class, volumes,
 * labels (base + extra) and pod annotations.
 */
public final class PodTemplate {

  private static final Duration DEFAULT_GRACE_PERIOD = Duration.ofMinutes(5);

  private PodTemplate() {}

  /**
   * The pod security context of Spilo pods (and of the logical backup job): {@code
   * spilo_runasuser}, {@code spilo_runasgroup} and {@code spilo_fsgroup}, each overridden by the
   * manifest's {@code spiloRunAsUser}, {@code spiloRunAsGroup} and {@code spiloFSGroup}.
   */
  public static PodSecurityContext securityContext(ClusterModel model) {
    OperatorConfig config = model.config();
    PostgresSpec spec = model.spec();
    return new PodSecurityContextBuilder()
        .withRunAsUser(
            spec.getSpiloRunAsUser() != null
                ? spec.getSpiloRunAsUser()
                : config.get(Options.SPILO_RUNASUSER))
        .withRunAsGroup(
            spec.getSpiloRunAsGroup() != null
                ? spec.getSpiloRunAsGroup()
                : config.get(Options.SPILO_RUNASGROUP))
        .withFsGroup(
            spec.getSpiloFSGroup() != null
                ? spec.getSpiloFSGroup()
                : config.get(Options.SPILO_FSGROUP))
        .build();
  }

  public static PodTemplateSpec build(ClusterModel model) {
    OperatorConfig config = model.config();
    PostgresSpec spec = model.spec();
    Map<String, String> podLabels = Labels.of(model).withExtra();

    VolumeMount dataMount = PodVolumes.dataMount(spec.getVolume());
    List<Container> containers = new ArrayList<>();
    containers.add(PostgresContainer.build(model, dataMount));
    containers.addAll(Sidecars.build(model, List.of(dataMount)));

    List<Container> initContainers =
        spec.getInitContainers() == null ? List.of() : List.copyOf(spec.getInitContainers());
    Sidecars.validate(initContainers, "spec.initContainers");

    List<Volume> volumes = new ArrayList<>();
    if (PodVolumes.shmVolumeNeeded(spec, config.get(Options.ENABLE_SHM_VOLUME))) {
      PodVolumes.addShm(containers, volumes);
    }
    if (Boolean.TRUE.equals(config.get(Options.SHARE_PGSOCKET_WITH_SIDECARS))) {
      PodVolumes.addRun(containers, volumes);
    }
    String secretMount = config.get(Options.ADDITIONAL_SECRET_MOUNT);
    if (secretMount != null && !secretMount.isEmpty()) {
      PodVolumes.addSecret(
          containers, volumes, secretMount, config.get(Options.ADDITIONAL_SECRET_MOUNT_PATH));
    }
    List<PodVolumes.Mount> mounts = PodVolumes.fromManifest(spec.getAdditionalVolumes());
    if (PodVolumes.tlsEnabled(spec)) {
      mounts.addAll(PodVolumes.tlsMounts(spec.getTls()));
    }
    PodVolumes.addAdditional(containers, volumes, mounts);

    Affinity nodeAffinity = Scheduling.nodeAffinity(config, spec.getNodeAffinity());
    Affinity affinity =
        Boolean.TRUE.equals(config.get(Options.ENABLE_POD_ANTIAFFINITY))
            ? Scheduling.podAntiAffinity(config, podLabels, nodeAffinity)
            : nodeAffinity;

    String priorityClass =
        spec.getPodPriorityClassName() == null || spec.getPodPriorityClassName().isEmpty()
            ? config.get(Options.POD_PRIORITY_CLASS_NAME)
            : spec.getPodPriorityClassName();

    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withServiceAccountName(config.get(Options.POD_SERVICE_ACCOUNT_NAME))
            .withTerminationGracePeriodSeconds(gracePeriodSeconds(config))
            .withContainers(containers)
            .withInitContainers(initContainers.isEmpty() ? null : initContainers)
            .withTolerations(Scheduling.tolerations(config, spec.getTolerations()))
            .withSecurityContext(securityContext(model))
            .withAffinity(affinity)
            .withTopologySpreadConstraints(
                Scheduling.topologySpreadConstraints(
                    spec.getTopologySpreadConstraints(), podLabels))
            .withVolumes(volumes);
    if (spec.getSchedulerName() != null && !spec.getSchedulerName().isEmpty()) {
      pod.withSchedulerName(spec.getSchedulerName());
    }
    if (priorityClass != null && !priorityClass.isEmpty()) {
      pod.withPriorityClassName(priorityClass);
    }

    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(podLabels)
        .withNamespace(model.namespace().isEmpty() ? null : model.namespace())
        .withAnnotations(Annotations.orNull(Annotations.of(model).pod()))
        .endMetadata()
        .withSpec(pod.build())
        .build();
  }

  /** {@code pod_terminate_grace_period} in seconds; unset or zero means 5 minutes. */
  static long gracePeriodSeconds(OperatorConfig config) {
    Duration d = config.get(Options.POD_TERMINATE_GRACE_PERIOD);
    if (d == null || d.isZero()) {
      d = DEFAULT_GRACE_PERIOD;
    }
    return d.getSeconds();
  }
}
