package io.tusk.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.ConfigMapLoader;
import io.tusk.config.OperatorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which clusters the operator asks about their WAL archive. */
class BackupStatusRefresherTest {

  private static Postgresql cluster(List<EnvVar> env) {
    Postgresql pg = new Postgresql();
    PostgresSpec spec = new PostgresSpec();
    spec.setEnv(env);
    pg.setSpec(spec);
    return pg;
  }

  private static OperatorConfig config(Map<String, String> data) {
    return ConfigMapLoader.load(data).config();
  }

  @Test
  void aClusterArchivesWhenTheConfigurationOrItsEnvNamesAWalBucket() {
    Postgresql plain = cluster(null);
    assertThat(BackupStatusRefresher.archives(plain, config(Map.of()))).isFalse();
    assertThat(BackupStatusRefresher.archives(plain, config(Map.of("wal_s3_bucket", "b"))))
        .isTrue();
    assertThat(BackupStatusRefresher.archives(plain, config(Map.of("wal_gs_bucket", "b"))))
        .isTrue();
    assertThat(
            BackupStatusRefresher.archives(
                plain, config(Map.of("pod_environment_secret", "backup-keys"))))
        .as("the pod environment may name the bucket")
        .isTrue();
    assertThat(
            BackupStatusRefresher.archives(
                cluster(List.of(new EnvVar("WAL_S3_BUCKET", "b", null))), config(Map.of())))
        .isTrue();
    assertThat(
            BackupStatusRefresher.archives(
                cluster(List.of(new EnvVar("WAL_S3_BUCKET", "", null))), config(Map.of())))
        .isFalse();
    assertThat(
            BackupStatusRefresher.archives(
                cluster(List.of(new EnvVar("BACKUP_SCHEDULE", "* * * * *", null))),
                config(Map.of())))
        .isFalse();
  }

  @Test
  void theMergePatchClearsWhatThisReadingDidNotFind() {
    io.tusk.api.acid.v1.BackupStatus s = new io.tusk.api.acid.v1.BackupStatus();
    s.setCheckedAt("2026-12-07T10:00:00Z");
    s.setBaseBackups(2);
    var patch = BackupStatusRefresher.mergePatchOf(s);
    assertThat(patch.get("baseBackups").asInt()).isEqualTo(2);
    assertThat(patch.has("message")).isTrue();
    assertThat(patch.get("message").isNull()).isTrue();
    assertThat(patch.get("lastArchivedWal").isNull()).isTrue();
    assertThat(patch.size()).isEqualTo(12);
  }
}
