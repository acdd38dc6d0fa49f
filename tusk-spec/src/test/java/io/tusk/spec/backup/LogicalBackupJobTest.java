package io.tusk.spec.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Fixtures;
import io.tusk.spec.Observed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Zalando's logical backup CronJob ({@code k8sres.go#generateLogicalBackupJob}, v2.0.1). */
class LogicalBackupJobTest {

  private static CronJob job(OperatorConfig config, boolean enabled, String schedule) {
    return LogicalBackupJob.build(
            Fixtures.model(
                Fixtures.cluster(
                    s -> {
                      s.setEnableLogicalBackup(enabled);
                      s.setLogicalBackupSchedule(schedule);
                    }),
                config))
        .orElseThrow();
  }

  /** name -> value, or "secret:NAME/KEY", or "field:PATH". */
  private static Map<String, String> env(Container c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv()) {
      String v = e.getValue();
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        v =
            "secret:"
                + e.getValueFrom().getSecretKeyRef().getName()
                + "/"
                + e.getValueFrom().getSecretKeyRef().getKey();
      } else if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
        v = "field:" + e.getValueFrom().getFieldRef().getFieldPath();
      }
      out.put(e.getName(), v);
    }
    return out;
  }

  @Test
  void offMeansNoCronJobAndNoneInTheDesiredState() {
    ClusterModel model = Fixtures.model(Fixtures.cluster());
    assertThat(LogicalBackupJob.build(model)).isEmpty();
    assertThat(ClusterBuilder.build(model).all()).noneMatch(o -> o instanceof CronJob);
  }

  @Test
  void zalandosCronJobWithItsDefaults() {
    CronJob job = job(Fixtures.config(), true, null);
    assertThat(job.getMetadata().getName()).isEqualTo("logical-backup-acid-test-cluster");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("application", "spilo-logical-backup")
        .containsEntry("cluster-name", "acid-test-cluster")
        .containsEntry("team", "acid");
    assertThat(job.getSpec().getSchedule()).isEqualTo("30 00 * * *");
    assertThat(job.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(job.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
    assertThat(job.getSpec().getFailedJobsHistoryLimit()).isEqualTo(3);
    assertThat(job.getSpec().getJobTemplate().getSpec().getTtlSecondsAfterFinished())
        .isEqualTo(86400);
    PodSpec pod = job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getServiceAccountName()).isEqualTo("postgres-pod");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(300L);
    assertThat(
            pod.getAffinity()
                .getPodAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()
                .get(0)
                .getPodAffinityTerm()
                .getLabelSelector()
                .getMatchLabels())
        .containsEntry("application", "spilo-logical-backup");
    Container c = pod.getContainers().get(0);
    assertThat(c.getName()).isEqualTo("logical-backup");
    assertThat(c.getImage()).isEqualTo("ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1");
    assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(c.getPorts())
        .extracting(p -> p.getContainerPort())
        .containsExactly(8008, 5432, 8080);
    assertThat(c.getCommand()).isNullOrEmpty();
  }

  @Test
  void theEnvironmentOfDumpShInZalandosOrder() {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.LOGICAL_BACKUP_S3_BUCKET, "backups")
            .withOverride(Options.LOGICAL_BACKUP_S3_ENDPOINT, "http://10.244.0.1:9000")
            .withOverride(Options.LOGICAL_BACKUP_S3_ACCESS_KEY_ID, "AK");
    Map<String, String> env =
        env(
            job(config, true, "* * * * *")
                .getSpec()
                .getJobTemplate()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0));
    assertThat(List.copyOf(env.keySet()))
        .containsExactly(
            "SCOPE",
            "CLUSTER_NAME_LABEL",
            "POD_NAMESPACE",
            "PG_VERSION",
            "PGPORT",
            "PGUSER",
            "PGDATABASE",
            "PGSSLMODE",
            "PGPASSWORD",
            "LOGICAL_BACKUP_PROVIDER",
            "LOGICAL_BACKUP_S3_BUCKET",
            "LOGICAL_BACKUP_S3_BUCKET_PREFIX",
            "LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX",
            "LOGICAL_BACKUP_S3_REGION",
            "LOGICAL_BACKUP_S3_ENDPOINT",
            "LOGICAL_BACKUP_S3_SSE",
            "LOGICAL_BACKUP_S3_RETENTION_TIME",
            "AWS_ACCESS_KEY_ID");
    assertThat(env)
        .containsEntry("SCOPE", "acid-test-cluster")
        .containsEntry("POD_NAMESPACE", "field:metadata.namespace")
        .containsEntry("PG_VERSION", "18")
        .containsEntry("PGSSLMODE", "require")
        .containsEntry(
            "PGPASSWORD",
            "secret:postgres.acid-test-cluster.credentials.postgresql.acid.zalan.do/password")
        .containsEntry("LOGICAL_BACKUP_S3_BUCKET_PREFIX", "spilo")
        .containsEntry("LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX", "/" + Fixtures.UID)
        .containsEntry("LOGICAL_BACKUP_S3_ENDPOINT", "http://10.244.0.1:9000")
        .containsEntry("LOGICAL_BACKUP_S3_REGION", "");
  }

  @Test
  void theManifestsScheduleAndTheEnvironmentSecretsKeys() {
    OperatorConfig config =
        Fixtures.config().withOverride(Options.LOGICAL_BACKUP_CRONJOB_ENVIRONMENT_SECRET, "lb-env");
    ClusterModel model =
        new ClusterModel(
            Fixtures.cluster(
                s -> {
                  s.setEnableLogicalBackup(true);
                  s.setLogicalBackupSchedule("5 4 * * *");
                  s.setLogicalBackupRetention("2 weeks");
                }),
            config,
            Observed.none().toBuilder().logicalBackupSecretKeys(Set.of("B_KEY", "A_KEY")).build());
    CronJob job = LogicalBackupJob.build(model).orElseThrow();
    assertThat(job.getSpec().getSchedule()).isEqualTo("5 4 * * *");
    Map<String, String> env =
        env(
            job.getSpec()
                .getJobTemplate()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0));
    assertThat(env)
        .containsEntry("LOGICAL_BACKUP_S3_RETENTION_TIME", "2 weeks")
        .containsEntry("A_KEY", "secret:lb-env/A_KEY")
        .containsEntry("B_KEY", "secret:lb-env/B_KEY");
  }
}
