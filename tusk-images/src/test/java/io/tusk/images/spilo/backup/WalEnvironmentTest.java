package io.tusk.images.spilo.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.images.spilo.SpiloStartupEnv;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The envdir of {@code configure_spilo.py#write_wale_environment}, for S3. */
class WalEnvironmentTest {

  private static Map<String, String> zalandoEnv() {
    // What Zalando's operator sets with wal_s3_bucket, plus a pod_environment_secret for MinIO-like
    // storage.
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SCOPE", "acid-minimal-cluster");
    env.put("PGPORT", "5432");
    env.put("WAL_S3_BUCKET", "backups");
    env.put("WAL_BUCKET_SCOPE_SUFFIX", "/0b1e4c2e-uid");
    env.put("WAL_BUCKET_SCOPE_PREFIX", "");
    env.put("AWS_ENDPOINT", "http://10.244.0.1:9000");
    env.put("AWS_ACCESS_KEY_ID", "AK");
    env.put("AWS_SECRET_ACCESS_KEY", "SK");
    return env;
  }

  private static Map<String, String> files(Map<String, String> env, String namespace) {
    WalEnvironment.Outcome o =
        WalEnvironment.of(new SpiloStartupEnv(env), 17, namespace, "/pgdata/tmp");
    assertThat(o).isInstanceOf(WalEnvironment.Envdir.class);
    return ((WalEnvironment.Envdir) o).files();
  }

  @Test
  void zalandosBucketGivesSpilosPrefixAndS3CompatibleSettings() {
    Map<String, String> f = files(zalandoEnv(), "team-a");
    assertThat(f)
        .containsEntry(
            "WALG_S3_PREFIX", "s3://backups/spilo/acid-minimal-cluster/0b1e4c2e-uid/wal/17")
        .containsEntry(
            "WALE_S3_PREFIX", "s3://backups/spilo/acid-minimal-cluster/0b1e4c2e-uid/wal/17")
        .containsEntry("AWS_ENDPOINT", "http://10.244.0.1:9000")
        .containsEntry("WALE_S3_ENDPOINT", "http+path://10.244.0.1:9000")
        .containsEntry("AWS_S3_FORCE_PATH_STYLE", "true")
        .containsEntry("WALG_DISABLE_S3_SSE", "true")
        .containsEntry("WALE_DISABLE_S3_SSE", "true")
        .containsEntry("AWS_ACCESS_KEY_ID", "AK")
        .containsEntry("AWS_SECRET_ACCESS_KEY", "SK")
        .containsEntry("AWS_REGION", "us-east-1")
        .containsEntry("BACKUP_NUM_TO_RETAIN", "5")
        .containsEntry("PGPORT", "5432")
        .containsEntry("TMPDIR", "/pgdata/tmp")
        .containsEntry("USE_WALG_BACKUP", "true")
        .containsEntry("USE_WALG_RESTORE", "true")
        .doesNotContainKeys("WALG_S3_SSE", "AWS_INSTANCE_PROFILE");
  }

  @Test
  void scopePrefixDefaultsToTheNamespaceOutsideDefault() {
    Map<String, String> env = zalandoEnv();
    env.remove("WAL_BUCKET_SCOPE_PREFIX");
    env.remove("WAL_BUCKET_SCOPE_SUFFIX");
    assertThat(files(env, "team-a").get("WALG_S3_PREFIX"))
        .isEqualTo("s3://backups/spilo/team-a-acid-minimal-cluster/wal/17");
    assertThat(files(env, "default").get("WALG_S3_PREFIX"))
        .isEqualTo("s3://backups/spilo/acid-minimal-cluster/wal/17");
  }

  @Test
  void aSourcesScopePrefixIsEmptyUnlessSetEvenOutsideDefault() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CLONE_WAL_S3_BUCKET", "backups");
    env.put("CLONE_SCOPE", "acid-source");
    env.put("CLONE_WAL_BUCKET_SCOPE_SUFFIX", "/uid-1");
    WalEnvironment.Outcome o =
        WalEnvironment.source(new SpiloStartupEnv(env), "CLONE_", "team-a", "/tmp");
    assertThat(((WalEnvironment.Envdir) o).prefix())
        .isEqualTo("s3://backups/spilo/acid-source/uid-1/wal/");
  }

  @Test
  void anExplicitPrefixWinsAndAwsWithoutKeysUsesTheInstanceProfileAndEncryption() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WAL_S3_BUCKET", "ignored");
    env.put("WALG_S3_PREFIX", "s3://other/custom/path");
    env.put("BACKUP_NUM_TO_RETAIN", "3");
    env.put("WALG_BACKUP_FROM_REPLICA", "TRUE");
    Map<String, String> f = files(env, "default");
    assertThat(f)
        .containsEntry("WALG_S3_PREFIX", "s3://other/custom/path")
        .containsEntry("AWS_INSTANCE_PROFILE", "true")
        .containsEntry("WALG_S3_SSE", "AES256")
        .containsEntry("BACKUP_NUM_TO_RETAIN", "3")
        .containsEntry("WALG_BACKUP_FROM_REPLICA", "true")
        .doesNotContainKeys("AWS_ENDPOINT", "AWS_S3_FORCE_PATH_STYLE");
  }

  @Test
  void walesEndpointFormIsTranslated() {
    Map<String, String> env = zalandoEnv();
    env.remove("AWS_ENDPOINT");
    env.put("WALE_S3_ENDPOINT", "https+path://s3.example:443");
    assertThat(files(env, "default"))
        .containsEntry("AWS_ENDPOINT", "https://s3.example:443")
        .containsEntry("WALE_S3_ENDPOINT", "https+path://s3.example:443");
  }

  @Test
  void otherStoresAreRefusedAndNoneMeansNoArchiving() {
    assertThat(
            WalEnvironment.of(
                new SpiloStartupEnv(Map.of("WAL_GS_BUCKET", "b")), 17, "default", "/tmp"))
        .isInstanceOfSatisfying(
            WalEnvironment.Unsupported.class,
            u -> assertThat(u.reason()).contains("WAL_GS_BUCKET", "S3-compatible storage only"));
    assertThat(WalEnvironment.of(new SpiloStartupEnv(Map.of()), 17, "default", "/tmp"))
        .isInstanceOf(WalEnvironment.NotConfigured.class);
  }
}
