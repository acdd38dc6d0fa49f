package io.tusk.spec.spilo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.EnvVarSourceBuilder;
import io.tusk.api.acid.v1.CloneDescription;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.StandbyDescription;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Fixtures;
import io.tusk.spec.Observed;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Ported from Zalando's k8sres_test.go#TestGenerateSpiloPodEnvVars, TestCloneEnv, TestStandbyEnv
 * and TestAppendEnvVar. Positions are the same as upstream: the configuration reproduces the Go
 * test's (no PGVERSION, no bootstrap labels), so 16 core variables come first.
 */
class SpiloEnvTest {

  private static final String CONFIGMAP = "pod_env_cm";
  private static final String SECRET = "pod_env_sc";
  private static final Map<String, String> CONFIGMAP_DATA =
      Map.of(
          "clone_aws_endpoint", "s3.eu-west-1.amazonaws.com",
          "custom_variable", "configmap-test",
          "kubernetes_scope_label", "pgaas",
          "wal_s3_bucket", "global-s3-bucket-configmap");
  private static final Set<String> SECRET_KEYS =
      Set.of(
          "clone_aws_access_key_id", "custom_variable", "standby_google_application_credentials");

  /** The Go test's operator config: zero values, except what each case sets. */
  private static OperatorConfig goTestConfig() {
    return Fixtures.config()
        .withOverride(Options.ENABLE_PGVERSION_ENV_VAR, false)
        .withOverride(Options.ENABLE_POD_DISRUPTION_BUDGET, false);
  }

  private static List<EnvVar> env(OperatorConfig config, Consumer<PostgresSpec> spec) {
    ClusterModel model =
        new ClusterModel(
            Fixtures.cluster(
                s -> {
                  s.setClone(new CloneDescription());
                  s.setStandby(new StandbyDescription());
                  spec.accept(s);
                }),
            config,
            Observed.none().toBuilder()
                .podEnvironmentConfigMap(CONFIGMAP_DATA)
                .podEnvironmentSecretKeys(SECRET_KEYS)
                .build());
    return SpiloEnv.build(model, "{}");
  }

  private static void assertEnv(List<EnvVar> env, int index, String name, String value) {
    assertThat(env.get(index).getName()).as("name at %d", index).isEqualTo(name);
    assertThat(env.get(index).getValue()).as("value of %s", name).isEqualTo(value);
  }

  private static void assertEnvRef(List<EnvVar> env, int index, String name, EnvVarSource ref) {
    assertThat(env.get(index).getName()).as("name at %d", index).isEqualTo(name);
    assertThat(env.get(index).getValueFrom()).isEqualTo(ref);
  }

  private static EnvVarSource secretRef(String key) {
    return new EnvVarSourceBuilder()
        .withNewSecretKeyRef()
        .withName(SECRET)
        .withKey(key)
        .endSecretKeyRef()
        .build();
  }

  private static CloneDescription walClone(String s3WalPath, String endpoint) {
    CloneDescription c = new CloneDescription();
    c.setCluster("test-cluster");
    c.setTimestamp("somewhen");
    c.setUid(Fixtures.UID);
    c.setS3WalPath(s3WalPath);
    c.setS3Endpoint(endpoint);
    return c;
  }

  @Test
  void coreVariablesComeFirstInZalandosOrder() {
    List<EnvVar> env = env(Fixtures.config(), s -> {});
    assertThat(env.stream().map(EnvVar::getName).limit(18))
        .containsExactly(
            "SCOPE",
            "PGROOT",
            "POD_IP",
            "POD_NAMESPACE",
            "PGUSER_SUPERUSER",
            "KUBERNETES_SCOPE_LABEL",
            "KUBERNETES_ROLE_LABEL",
            "PGPASSWORD_SUPERUSER",
            "PGUSER_STANDBY",
            "PGPASSWORD_STANDBY",
            "PAM_OAUTH2",
            "HUMAN_ROLE",
            "PGVERSION",
            "KUBERNETES_LABELS",
            "SPILO_CONFIGURATION",
            "DCS_ENABLE_KUBERNETES_API",
            "KUBERNETES_BOOTSTRAP_LABELS",
            "KUBERNETES_USE_CONFIGMAPS");
    assertEnv(env, 0, "SCOPE", "acid-test-cluster");
    assertEnv(env, 1, "PGROOT", "/home/postgres/pgdata/pgroot");
    assertThat(env.get(2).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    assertThat(env.get(3).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertEnv(env, 4, "PGUSER_SUPERUSER", "postgres");
    assertEnv(env, 5, "KUBERNETES_SCOPE_LABEL", "cluster-name");
    assertEnv(env, 6, "KUBERNETES_ROLE_LABEL", "spilo-role");
    assertThat(env.get(7).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("postgres.acid-test-cluster.credentials.postgresql.acid.zalan.do");
    assertThat(env.get(7).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    assertEnv(env, 8, "PGUSER_STANDBY", "standby");
    assertThat(env.get(9).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("standby.acid-test-cluster.credentials.postgresql.acid.zalan.do");
    assertEnv(
        env,
        10,
        "PAM_OAUTH2",
        "https://info.example.com/oauth2/tokeninfo?access_token= uid realm=/employees");
    assertEnv(env, 11, "HUMAN_ROLE", "zalandos");
    assertEnv(env, 12, "PGVERSION", "18");
    assertEnv(env, 13, "KUBERNETES_LABELS", "{\"application\":\"spilo\"}");
    assertEnv(env, 15, "DCS_ENABLE_KUBERNETES_API", "true");
    assertEnv(env, 16, "KUBERNETES_BOOTSTRAP_LABELS", "{\"critical-operation\":\"true\"}");
    assertEnv(env, 17, "KUBERNETES_USE_CONFIGMAPS", "true");
  }

  @Test
  void setsEnableWalPathCompat() {
    assertEnv(
        env(goTestConfig().withOverride(Options.ENABLE_SPILO_WAL_PATH_COMPAT, true), s -> {}),
        12,
        "ENABLE_WAL_PATH_COMPAT",
        "true");
  }

  @Test
  void setsWalS3Bucket() {
    List<EnvVar> env =
        env(goTestConfig().withOverride(Options.WAL_S3_BUCKET, "global-s3-bucket"), s -> {});
    assertEnv(env, 16, "WAL_S3_BUCKET", "global-s3-bucket");
    assertEnv(env, 17, "WAL_BUCKET_SCOPE_SUFFIX", "/" + Fixtures.UID);
    assertEnv(env, 18, "WAL_BUCKET_SCOPE_PREFIX", "");
  }

  @Test
  void setsGoogleApplicationCredentials() {
    List<EnvVar> env =
        env(
            goTestConfig()
                .withOverride(Options.WAL_GS_BUCKET, "global-gs-bucket")
                .withOverride(Options.GCP_CREDENTIALS, "some-path-to-credentials"),
            s -> {});
    assertEnv(env, 16, "WAL_GS_BUCKET", "global-gs-bucket");
    assertEnv(env, 17, "WAL_BUCKET_SCOPE_SUFFIX", "/" + Fixtures.UID);
    assertEnv(env, 18, "WAL_BUCKET_SCOPE_PREFIX", "");
    assertEnv(env, 19, "GOOGLE_APPLICATION_CREDENTIALS", "some-path-to-credentials");
  }

  @Test
  void podEnvironmentConfigMapCannotOverrideScopeLabel() {
    List<EnvVar> env =
        env(
            goTestConfig().withOverride(Options.POD_ENVIRONMENT_CONFIGMAP, CONFIGMAP),
            s -> s.setEnv(List.of(EnvVars.value("KUBERNETES_SCOPE_LABEL", "my-scope-label"))));
    assertEnv(env, 5, "KUBERNETES_SCOPE_LABEL", "cluster-name");
    assertThat(env.stream().filter(e -> e.getName().equalsIgnoreCase("KUBERNETES_SCOPE_LABEL")))
        .hasSize(1);
  }

  @Test
  void podEnvironmentConfigMapOverridesGlobalWalBucket() {
    List<EnvVar> env =
        env(
            goTestConfig()
                .withOverride(Options.POD_ENVIRONMENT_CONFIGMAP, CONFIGMAP)
                .withOverride(Options.WAL_S3_BUCKET, "global-s3-bucket"),
            s -> {});
    assertEnv(env, 18, "wal_s3_bucket", "global-s3-bucket-configmap");
    assertThat(env.stream().filter(e -> e.getName().equalsIgnoreCase("WAL_S3_BUCKET"))).hasSize(1);
  }

  @Test
  void manifestEnvOverridesGlobalWalBucket() {
    List<EnvVar> env =
        env(
            goTestConfig().withOverride(Options.WAL_GS_BUCKET, "global-s3-bucket"),
            s -> s.setEnv(List.of(EnvVars.value("WAL_S3_BUCKET", "custom-s3-bucket"))));
    assertEnv(env, 16, "WAL_S3_BUCKET", "custom-s3-bucket");
  }

  @Test
  void podEnvironmentSecretWinsOverConfigMap() {
    List<EnvVar> env =
        env(
            goTestConfig()
                .withOverride(Options.POD_ENVIRONMENT_CONFIGMAP, CONFIGMAP)
                .withOverride(Options.POD_ENVIRONMENT_SECRET, SECRET),
            s -> {});
    assertEnvRef(env, 17, "custom_variable", secretRef("custom_variable"));
  }

  @Test
  void podEnvironmentConfigMapVariable() {
    assertEnv(
        env(goTestConfig().withOverride(Options.POD_ENVIRONMENT_CONFIGMAP, CONFIGMAP), s -> {}),
        17,
        "custom_variable",
        "configmap-test");
  }

  @Test
  void manifestEnvWinsOverPodEnvironmentSecretAndConfigMap() {
    List<EnvVar> env =
        env(
            goTestConfig()
                .withOverride(Options.POD_ENVIRONMENT_CONFIGMAP, CONFIGMAP)
                .withOverride(Options.POD_ENVIRONMENT_SECRET, SECRET),
            s -> s.setEnv(List.of(EnvVars.value("CUSTOM_VARIABLE", "spec-env-test"))));
    assertEnv(env, 16, "CUSTOM_VARIABLE", "spec-env-test");
    assertThat(env.stream().filter(e -> e.getName().equalsIgnoreCase("custom_variable")))
        .hasSize(1);
  }

  @Test
  void cloneParametersFromSpecWinOverGlobalConfig() {
    List<EnvVar> env =
        env(
            goTestConfig()
                .withOverride(Options.POD_ENVIRONMENT_CONFIGMAP, CONFIGMAP)
                .withOverride(Options.WAL_S3_BUCKET, "global-s3-bucket"),
            s -> s.setClone(walClone("s3://another-bucket", "s3.eu-central-1.amazonaws.com")));
    assertEnv(env, 17, "CLONE_WALE_S3_PREFIX", "s3://another-bucket");
    assertEnv(env, 20, "CLONE_WAL_BUCKET_SCOPE_PREFIX", "");
    assertEnv(env, 21, "CLONE_AWS_ENDPOINT", "s3.eu-central-1.amazonaws.com");
  }

  /**
   * Zalando emits CLONE_WAL_BUCKET_SCOPE_PREFIX twice here (manifest value at 16, its own at 21)
   * and expects CLONE_AWS_ENDPOINT at 22; Tusk keeps only the manifest's, so it moves to 21.
   */
  @Test
  void cloneParametersFromManifestEnvWinWithoutDuplicates() {
    List<EnvVar> env =
        env(
            goTestConfig()
                .withOverride(Options.POD_ENVIRONMENT_CONFIGMAP, CONFIGMAP)
                .withOverride(Options.WAL_S3_BUCKET, "global-s3-bucket"),
            s -> {
              s.setEnv(List.of(EnvVars.value("CLONE_WAL_BUCKET_SCOPE_PREFIX", "test-cluster")));
              s.setClone(walClone("s3://another-bucket", "s3.eu-central-1.amazonaws.com"));
            });
    assertEnv(env, 16, "CLONE_WAL_BUCKET_SCOPE_PREFIX", "test-cluster");
    assertEnv(env, 18, "CLONE_WALE_S3_PREFIX", "s3://another-bucket");
    assertEnv(env, 21, "CLONE_AWS_ENDPOINT", "s3.eu-central-1.amazonaws.com");
    assertThat(env.stream().filter(e -> e.getName().equals("CLONE_WAL_BUCKET_SCOPE_PREFIX")))
        .hasSize(1);
  }

  @Test
  void cloneAwsEndpointFromPodEnvironmentConfigMap() {
    List<EnvVar> env =
        env(
            goTestConfig()
                .withOverride(Options.POD_ENVIRONMENT_CONFIGMAP, CONFIGMAP)
                .withOverride(Options.WAL_S3_BUCKET, "global-s3-bucket"),
            s -> s.setClone(walClone(null, null)));
    assertEnv(env, 17, "CLONE_WAL_S3_BUCKET", "global-s3-bucket");
    assertEnv(env, 18, "CLONE_WAL_BUCKET_SCOPE_SUFFIX", "/" + Fixtures.UID);
    assertEnv(env, 22, "clone_aws_endpoint", "s3.eu-west-1.amazonaws.com");
  }

  @Test
  void cloneAccessKeyFromPodEnvironmentSecret() {
    List<EnvVar> env =
        env(
            goTestConfig()
                .withOverride(Options.POD_ENVIRONMENT_SECRET, SECRET)
                .withOverride(Options.WAL_S3_BUCKET, "global-s3-bucket"),
            s -> s.setClone(walClone(null, null)));
    assertEnvRef(env, 22, "clone_aws_access_key_id", secretRef("clone_aws_access_key_id"));
  }

  @Test
  void standbyCredentialsFromPodEnvironmentSecret() {
    List<EnvVar> env =
        env(
            goTestConfig()
                .withOverride(Options.POD_ENVIRONMENT_SECRET, SECRET)
                .withOverride(Options.WAL_S3_BUCKET, "global-s3-bucket"),
            s -> {
              StandbyDescription standby = new StandbyDescription();
              standby.setGsWalPath("gs://some/path/");
              s.setStandby(standby);
            });
    assertEnv(env, 16, "STANDBY_WALE_GS_PREFIX", "gs://some/path/");
    assertEnvRef(
        env,
        21,
        "standby_google_application_credentials",
        secretRef("standby_google_application_credentials"));
  }

  @Test
  void podEnvironmentSourcesAreIgnoredWhenNotConfigured() {
    List<EnvVar> env = env(goTestConfig(), s -> {});
    assertThat(env).hasSize(16);
  }

  @Test
  void etcdReplacesKubernetesDcs() {
    List<EnvVar> env = env(Fixtures.config(Options.ETCD_HOST, "etcd:2379"), s -> {});
    assertThat(env)
        .extracting(EnvVar::getName)
        .contains("ETCD_HOST")
        .doesNotContain(
            "DCS_ENABLE_KUBERNETES_API",
            "KUBERNETES_USE_CONFIGMAPS",
            "KUBERNETES_BOOTSTRAP_LABELS");
  }

  @Test
  void endpointsModeOmitsUseConfigMaps() {
    List<EnvVar> env = env(Fixtures.config(Options.KUBERNETES_USE_CONFIGMAPS, false), s -> {});
    assertThat(env)
        .extracting(EnvVar::getName)
        .contains("DCS_ENABLE_KUBERNETES_API")
        .doesNotContain("KUBERNETES_USE_CONFIGMAPS");
  }

  @Test
  void fullUpgradeModeRaisesOldVersionsToTarget() {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.MAJOR_VERSION_UPGRADE_MODE, "full")
            .withOverride(Options.MINIMAL_MAJOR_VERSION, "16");
    List<EnvVar> old = env(config, s -> s.getPostgresql().setVersion("15"));
    List<EnvVar> current = env(config, s -> s.getPostgresql().setVersion("17"));
    assertThat(
            old.stream()
                .filter(e -> e.getName().equals("PGVERSION"))
                .findFirst()
                .orElseThrow()
                .getValue())
        .isEqualTo("18");
    assertThat(
            current.stream()
                .filter(e -> e.getName().equals("PGVERSION"))
                .findFirst()
                .orElseThrow()
                .getValue())
        .isEqualTo("17");
  }

  @Test
  void kubernetesLabelsAreSortedJson() {
    List<EnvVar> env =
        env(
            Fixtures.config(Options.CLUSTER_LABELS, Map.of("b", "2", "application", "spilo")),
            s -> {});
    assertThat(
            env.stream()
                .filter(e -> e.getName().equals("KUBERNETES_LABELS"))
                .findFirst()
                .orElseThrow()
                .getValue())
        .isEqualTo("{\"application\":\"spilo\",\"b\":\"2\"}");
  }

  // ---- TestCloneEnv

  @Test
  void cloneWithCustomS3Path() {
    CloneDescription clone = walClone("s3://some/path/", null);
    List<EnvVar> env =
        CloneAndStandbyEnv.clone(
            clone, Fixtures.config(Options.WAL_S3_BUCKET, "wale-bucket"), names());
    assertEnv(env, 1, "CLONE_WALE_S3_PREFIX", "s3://some/path/");
  }

  @Test
  void cloneWithGeneratedS3PathAndTargetTime() {
    CloneDescription clone = walClone(null, null);
    clone.setUid("0000");
    List<EnvVar> env =
        CloneAndStandbyEnv.clone(
            clone, Fixtures.config(Options.WAL_S3_BUCKET, "wale-bucket"), names());
    assertEnv(env, 1, "CLONE_WAL_S3_BUCKET", "wale-bucket");
    assertEnv(env, 2, "CLONE_WAL_BUCKET_SCOPE_SUFFIX", "/0000");
    assertEnv(env, 4, "CLONE_TARGET_TIME", "somewhen");
  }

  @Test
  void cloneFromRunningClusterUsesBasebackupWithSourceReplicationSecret() {
    CloneDescription clone = new CloneDescription();
    clone.setCluster("acid-source");
    List<EnvVar> env = CloneAndStandbyEnv.clone(clone, Fixtures.config(), names());
    assertThat(env)
        .extracting(EnvVar::getName)
        .containsExactly(
            "CLONE_SCOPE",
            "CLONE_METHOD",
            "CLONE_HOST",
            "CLONE_PORT",
            "CLONE_USER",
            "CLONE_PASSWORD");
    assertEnv(env, 1, "CLONE_METHOD", "CLONE_WITH_BASEBACKUP");
    assertEnv(env, 2, "CLONE_HOST", "acid-source");
    assertEnv(env, 3, "CLONE_PORT", "5432");
    assertEnv(env, 4, "CLONE_USER", "standby");
    assertThat(env.get(5).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("standby.acid-source.credentials.postgresql.acid.zalan.do");
  }

  @Test
  void cloneToTheEndOfTheArchiveWhenTheManifestAsksForIt() {
    CloneDescription clone = new CloneDescription();
    clone.setCluster("acid-source");
    clone.setUid("0000");
    List<EnvVar> env =
        CloneAndStandbyEnv.clone(
            clone, Fixtures.config(Options.WAL_S3_BUCKET, "wale-bucket"), names(), true);
    assertThat(env)
        .extracting(EnvVar::getName)
        .contains("CLONE_WAL_S3_BUCKET", "CLONE_WAL_BUCKET_SCOPE_SUFFIX", "CLONE_TARGET_TIME")
        .doesNotContain("CLONE_HOST", "CLONE_PASSWORD");
    assertThat(env)
        .filteredOn(e -> e.getName().equals("CLONE_METHOD"))
        .extracting(EnvVar::getValue)
        .containsExactly("CLONE_WITH_WALE");
    assertThat(env)
        .filteredOn(e -> e.getName().equals("CLONE_TARGET_TIME"))
        .extracting(EnvVar::getValue)
        .containsExactly("");

    io.tusk.api.acid.v1.Postgresql pg =
        Fixtures.cluster(
            s -> {
              CloneDescription c = new CloneDescription();
              c.setCluster("acid-source");
              c.setUid("0000");
              s.setClone(c);
            });
    pg.getMetadata()
        .setAnnotations(
            java.util.Map.of(
                CloneAndStandbyEnv.CLONE_TARGET_ANNOTATION,
                CloneAndStandbyEnv.CLONE_TO_END_OF_ARCHIVE));
    List<EnvVar> podEnv =
        SpiloEnv.build(
            Fixtures.model(pg, Fixtures.config(Options.WAL_S3_BUCKET, "wale-bucket")), "{}");
    assertThat(podEnv)
        .filteredOn(e -> e.getName().equals("CLONE_METHOD"))
        .extracting(EnvVar::getValue)
        .containsExactly("CLONE_WITH_WALE");
  }

  @Test
  void cloneAddsIrsaAndForcePathStyle() {
    CloneDescription clone = walClone("s3://x", null);
    clone.setS3ForcePathStyle(true);
    clone.setS3AccessKeyId("id");
    clone.setS3SecretAccessKey("key");
    List<EnvVar> env =
        CloneAndStandbyEnv.clone(
            clone, Fixtures.config(Options.IRSA_ROLE_ARN, "arn:aws:iam::1:role/r"), names());
    assertThat(env)
        .extracting(EnvVar::getName)
        .contains(
            "CLONE_AWS_ACCESS_KEY_ID",
            "CLONE_AWS_SECRET_ACCESS_KEY",
            "CLONE_AWS_ROLE_ARN",
            "CLONE_AWS_WEB_IDENTITY_TOKEN_FILE");
    assertThat(
            env.stream()
                .filter(e -> e.getName().equals("CLONE_AWS_S3_FORCE_PATH_STYLE"))
                .findFirst()
                .orElseThrow()
                .getValue())
        .isEqualTo("1");
  }

  // ---- TestStandbyEnv

  private static void assertStandby(
      StandbyDescription d, int pos, String name, String value, int length) {
    List<EnvVar> env = CloneAndStandbyEnv.standby(d, Fixtures.config());
    assertEnv(env, pos, name, value);
    assertThat(env).hasSize(length);
  }

  private static StandbyDescription standby(
      String s3, String gs, String host, String port, String slot) {
    StandbyDescription d = new StandbyDescription();
    d.setS3WalPath(s3);
    d.setGsWalPath(gs);
    d.setStandbyHost(host);
    d.setStandbyPort(port);
    d.setStandbyPrimarySlotName(slot);
    return d;
  }

  @Test
  void standbyEnvironments() {
    assertStandby(
        standby("s3://some/path/", null, null, null, null),
        0,
        "STANDBY_WALE_S3_PREFIX",
        "s3://some/path/",
        3);
    assertStandby(
        standby("s3://some/path/", "gs://some/path/", null, null, null),
        1,
        "STANDBY_METHOD",
        "STANDBY_WITH_WALE",
        3);
    assertStandby(
        standby(null, null, "remote-primary", null, null), 0, "STANDBY_HOST", "remote-primary", 1);
    assertStandby(
        standby(null, null, "remote-primary", "9876", null), 1, "STANDBY_PORT", "9876", 2);
    assertStandby(
        standby("s3://some/path/", null, "remote-primary", null, null),
        0,
        "STANDBY_HOST",
        "remote-primary",
        4);
    assertStandby(
        standby("s3://some/path/", null, "remote-primary", null, null),
        1,
        "STANDBY_WALE_S3_PREFIX",
        "s3://some/path/",
        4);
    assertStandby(
        standby(null, "gs://some/path/", "remote-primary", null, null),
        0,
        "STANDBY_HOST",
        "remote-primary",
        4);
    assertStandby(
        standby(null, null, "remote-primary", null, "my_slot"),
        1,
        "STANDBY_PRIMARY_SLOT_NAME",
        "my_slot",
        2);
  }

  // ---- TestAppendEnvVar

  @Test
  void appendSkipsExistingNamesCaseInsensitively() {
    List<EnvVar> base = List.of(EnvVars.value("CUSTOM_VARIABLE", "test"));
    List<EnvVar> result =
        EnvVars.appendIfAbsent(
            base,
            List.of(EnvVars.value("custom_variable", "new-test"), EnvVars.value("ANOTHER", "x")));
    assertThat(result).hasSize(2);
    assertThat(result.get(0).getValue()).isEqualTo("test");
    assertThat(EnvVars.appendIfAbsent(base, List.of())).hasSize(1);
    assertThat(EnvVars.appendIfAbsent(base, null)).hasSize(1);
  }

  private static io.tusk.spec.naming.ClusterNames names() {
    return io.tusk.spec.naming.ClusterNames.of(
        "acid-test-cluster", "default", "acid", Fixtures.config());
  }
}
