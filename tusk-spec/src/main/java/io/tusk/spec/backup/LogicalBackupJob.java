package io.tusk.spec.backup;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.ResourceDescription;
import io.tusk.api.acid.v1.Resources;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.pod.ContainerResources;
import io.tusk.spec.pod.PodTemplate;
import io.tusk.spec.pod.PodVolumes;
import io.tusk.spec.pod.Scheduling;
import io.tusk.spec.spilo.EnvVars;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The logical backup CronJob {@code logical-backup-{cluster}}, exactly as Zalando generates it
 * ({@code k8sres.go#generateLogicalBackupJob} and {@code #generateLogicalBackupPodEnvVars},
 * v2.0.1): the schedule of the manifest or the configuration, {@code Forbid}, the history limits
 * and TTL of the configuration, a pod with the {@code logical-backup} container of {@code
 * logical_backup_docker_image} under the pods' service account, restart policy {@code Never}, the
 * labels of the cluster with {@code application: spilo-logical-backup}, and the environment of
 * Zalando's {@code dump.sh}.
 *
 * <p>Zalando's quirks are kept on purpose, since existing tooling sees the same object: the pod
 * affinity selects other logical backup pods (its labels), not the database pods; the manifest's
 * node affinity is not used.
 */
public final class LogicalBackupJob {

  public static final String CONTAINER = "logical-backup";
  public static final String APPLICATION = "spilo-logical-backup";

  private LogicalBackupJob() {}

  /** The CronJob when {@code enableLogicalBackup} is on, else empty. */
  public static Optional<CronJob> build(ClusterModel model) {
    PostgresSpec spec = model.spec();
    if (!Boolean.TRUE.equals(spec.getEnableLogicalBackup())) {
      return Optional.empty();
    }
    OperatorConfig config = model.config();
    Map<String, String> labels = new TreeMap<>(Labels.of(model).withExtra());
    labels.put("application", APPLICATION);
    Annotations annotations = Annotations.of(model);
    Map<String, String> podAnnotations = annotations.pod();
    Map<String, String> objectAnnotations = new TreeMap<>(podAnnotations);
    objectAnnotations.remove(Annotations.KUBE_IAM_ROLE);

    Resources wanted = new Resources();
    ResourceDescription requests = new ResourceDescription();
    requests.setCpu(config.get(Options.LOGICAL_BACKUP_CPU_REQUEST));
    requests.setMemory(config.get(Options.LOGICAL_BACKUP_MEMORY_REQUEST));
    ResourceDescription limits = new ResourceDescription();
    limits.setCpu(config.get(Options.LOGICAL_BACKUP_CPU_LIMIT));
    limits.setMemory(config.get(Options.LOGICAL_BACKUP_MEMORY_LIMIT));
    wanted.setRequests(requests);
    wanted.setLimits(limits);

    List<Volume> volumes = new ArrayList<>();
    List<Container> containers = new ArrayList<>();
    containers.add(
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(config.get(Options.LOGICAL_BACKUP_DOCKER_IMAGE))
            .withImagePullPolicy("IfNotPresent")
            .withEnv(environment(model))
            .withPorts(ports())
            .withVolumeMounts(List.of())
            .withResources(
                ContainerResources.build(
                    model,
                    wanted,
                    ContainerResources.defaults(config),
                    CONTAINER,
                    "logical_backup"))
            .withSecurityContext(
                new SecurityContextBuilder()
                    .withAllowPrivilegeEscalation(
                        config.get(Options.SPILO_ALLOW_PRIVILEGE_ESCALATION))
                    .withPrivileged(config.get(Options.SPILO_PRIVILEGED))
                    .withReadOnlyRootFilesystem(false)
                    .build())
            .build());
    String secretMount = config.get(Options.ADDITIONAL_SECRET_MOUNT);
    if (secretMount != null && !secretMount.isEmpty()) {
      PodVolumes.addSecret(
          containers, volumes, secretMount, config.get(Options.ADDITIONAL_SECRET_MOUNT_PATH));
    }

    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withServiceAccountName(config.get(Options.POD_SERVICE_ACCOUNT_NAME))
            .withTerminationGracePeriodSeconds(
                config.get(Options.POD_TERMINATE_GRACE_PERIOD).toSeconds())
            .withRestartPolicy("Never")
            .withContainers(containers)
            .withTolerations(Scheduling.tolerations(config, spec.getTolerations()))
            .withSecurityContext(PodTemplate.securityContext(model))
            .withAffinity(affinity(config, labels))
            .withTopologySpreadConstraints(spec.getTopologySpreadConstraints())
            .withVolumes(volumes);

    String schedule =
        spec.getLogicalBackupSchedule() == null || spec.getLogicalBackupSchedule().isEmpty()
            ? config.get(Options.LOGICAL_BACKUP_SCHEDULE)
            : spec.getLogicalBackupSchedule();
    Integer ttl = config.get(Options.LOGICAL_BACKUP_TTL_SECONDS_AFTER_FINISHED);
    Integer succeeded = config.get(Options.LOGICAL_BACKUP_SUCCESSFUL_JOBS_HISTORY_LIMIT);
    Integer failed = config.get(Options.LOGICAL_BACKUP_FAILED_JOBS_HISTORY_LIMIT);
    return Optional.of(
        new CronJobBuilder()
            .withNewMetadata()
            .withName(ClusterNames.of(model).logicalBackupCronJob())
            .withNamespace(model.namespace().isEmpty() ? null : model.namespace())
            .withLabels(labels)
            .withAnnotations(Annotations.orNull(objectAnnotations))
            .withOwnerReferences(OwnerReferences.forChild(model))
            .endMetadata()
            .withNewSpec()
            .withSchedule(schedule)
            .withConcurrencyPolicy("Forbid")
            .withSuccessfulJobsHistoryLimit(succeeded == null ? 3 : succeeded)
            .withFailedJobsHistoryLimit(failed == null ? 3 : failed)
            .withNewJobTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .withAnnotations(Annotations.orNull(objectAnnotations))
            .endMetadata()
            .withNewSpec()
            .withTtlSecondsAfterFinished(ttl == null ? 86400 : ttl)
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .withNamespace(model.namespace().isEmpty() ? null : model.namespace())
            .withAnnotations(Annotations.orNull(podAnnotations))
            .endMetadata()
            .withSpec(pod.build())
            .endTemplate()
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .build());
  }

  /** {@code generateLogicalBackupPodEnvVars}, in Zalando's order. */
  static List<EnvVar> environment(ClusterModel model) {
    OperatorConfig config = model.config();
    PostgresSpec spec = model.spec();
    String superuser = config.get(Options.SUPER_USERNAME);
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.value("SCOPE", model.name()));
    env.add(EnvVars.value("CLUSTER_NAME_LABEL", config.get(Options.CLUSTER_NAME_LABEL)));
    env.add(EnvVars.fieldRef("POD_NAMESPACE", "metadata.namespace"));
    env.add(
        EnvVars.value(
            "PG_VERSION", spec.getPostgresql() == null ? "" : spec.getPostgresql().getVersion()));
    env.add(EnvVars.value("PGPORT", "5432"));
    env.add(EnvVars.value("PGUSER", superuser));
    env.add(EnvVars.value("PGDATABASE", superuser));
    env.add(EnvVars.value("PGSSLMODE", "require"));
    env.add(
        EnvVars.secretKeyRef(
            "PGPASSWORD", ClusterNames.of(model).credentialSecret(superuser), "password"));
    String provider = config.get(Options.LOGICAL_BACKUP_PROVIDER);
    env.add(EnvVars.value("LOGICAL_BACKUP_PROVIDER", provider));
    env.add(
        EnvVars.value("LOGICAL_BACKUP_S3_BUCKET", config.get(Options.LOGICAL_BACKUP_S3_BUCKET)));
    env.add(
        EnvVars.value(
            "LOGICAL_BACKUP_S3_BUCKET_PREFIX",
            config.get(Options.LOGICAL_BACKUP_S3_BUCKET_PREFIX)));
    String uid = model.uid();
    env.add(
        EnvVars.value(
            "LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX",
            uid == null || uid.isEmpty() ? "" : "/" + uid));
    switch (provider == null ? "" : provider) {
      case "s3" -> {
        env =
            EnvVars.appendIfAbsent(
                env,
                List.of(
                    EnvVars.value(
                        "LOGICAL_BACKUP_S3_REGION", config.get(Options.LOGICAL_BACKUP_S3_REGION)),
                    EnvVars.value(
                        "LOGICAL_BACKUP_S3_ENDPOINT",
                        config.get(Options.LOGICAL_BACKUP_S3_ENDPOINT)),
                    EnvVars.value(
                        "LOGICAL_BACKUP_S3_SSE", config.get(Options.LOGICAL_BACKUP_S3_SSE)),
                    EnvVars.value(
                        "LOGICAL_BACKUP_S3_RETENTION_TIME",
                        spec.getLogicalBackupRetention() == null
                                || spec.getLogicalBackupRetention().isEmpty()
                            ? config.get(Options.LOGICAL_BACKUP_S3_RETENTION_TIME)
                            : spec.getLogicalBackupRetention())));
        String key = config.get(Options.LOGICAL_BACKUP_S3_ACCESS_KEY_ID);
        if (key != null && !key.isEmpty()) {
          env.add(EnvVars.value("AWS_ACCESS_KEY_ID", key));
        }
        String secret = config.get(Options.LOGICAL_BACKUP_S3_SECRET_ACCESS_KEY);
        if (secret != null && !secret.isEmpty()) {
          env.add(EnvVars.value("AWS_SECRET_ACCESS_KEY", secret));
        }
      }
      case "gcs" -> {
        String creds = config.get(Options.LOGICAL_BACKUP_GOOGLE_APPLICATION_CREDENTIALS);
        if (creds != null && !creds.isEmpty()) {
          env.add(EnvVars.value("LOGICAL_BACKUP_GOOGLE_APPLICATION_CREDENTIALS", creds));
        }
      }
      case "az" -> {
        env.add(
            EnvVars.value(
                "LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_NAME",
                config.get(Options.LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_NAME)));
        env.add(
            EnvVars.value(
                "LOGICAL_BACKUP_AZURE_STORAGE_CONTAINER",
                config.get(Options.LOGICAL_BACKUP_AZURE_STORAGE_CONTAINER)));
        String key = config.get(Options.LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_KEY);
        if (key != null && !key.isEmpty()) {
          env.add(EnvVars.value("LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_KEY", key));
        }
      }
      default -> {}
    }
    String envSecret = config.get(Options.LOGICAL_BACKUP_CRONJOB_ENVIRONMENT_SECRET);
    if (envSecret != null && !envSecret.isEmpty()) {
      for (String key : model.observed().logicalBackupSecretKeys()) {
        env.add(EnvVars.secretKeyRef(key, envSecret, key));
      }
    }
    return env;
  }

  private static List<ContainerPort> ports() {
    return List.of(
        new ContainerPortBuilder().withContainerPort(8008).withProtocol("TCP").build(),
        new ContainerPortBuilder().withContainerPort(5432).withProtocol("TCP").build(),
        new ContainerPortBuilder().withContainerPort(8080).withProtocol("TCP").build());
  }

  /**
   * Preferred pod affinity to pods with the job's own labels (Zalando's selector), and the node
   * readiness label as a required node affinity when configured.
   */
  private static Affinity affinity(OperatorConfig config, Map<String, String> labels) {
    AffinityBuilder a =
        new AffinityBuilder()
            .withNewPodAffinity()
            .addNewPreferredDuringSchedulingIgnoredDuringExecution()
            .withWeight(1)
            .withNewPodAffinityTerm()
            .withNewLabelSelector()
            .withMatchLabels(labels)
            .endLabelSelector()
            .withTopologyKey("kubernetes.io/hostname")
            .endPodAffinityTerm()
            .endPreferredDuringSchedulingIgnoredDuringExecution()
            .endPodAffinity();
    Map<String, String> readiness = config.get(Options.NODE_READINESS_LABEL);
    if (readiness != null && !readiness.isEmpty()) {
      a.withNewNodeAffinity()
          .withNewRequiredDuringSchedulingIgnoredDuringExecution()
          .addNewNodeSelectorTerm()
          .withMatchExpressions(
              readiness.entrySet().stream()
                  .map(
                      e ->
                          new NodeSelectorRequirementBuilder()
                              .withKey(e.getKey())
                              .withOperator("In")
                              .withValues(e.getValue())
                              .build())
                  .toList())
          .endNodeSelectorTerm()
          .endRequiredDuringSchedulingIgnoredDuringExecution()
          .endNodeAffinity();
    }
    return a.build();
  }
}
