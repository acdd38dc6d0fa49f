package io.tusk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMapLoaderTest {

  private static Map<String, String> exampleData(String yaml) throws Exception {
    JsonNode data = new YAMLMapper().readTree(yaml).get("data");
    Map<String, String> map = new LinkedHashMap<>();
    data.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  @Test
  void upstreamExampleConfigMapLoadsWithItsValues() throws Exception {
    LoadResult result = ConfigMapLoader.load(exampleData(ReferenceFiles.read("configmap.yaml")));
    OperatorConfig config = result.config();

    assertThat(result.unknownKeys()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    assertThat(config.source()).isEqualTo(Source.CONFIGMAP);
    assertThat(config.get(Options.ENABLE_MASTER_LOAD_BALANCER)).isFalse(); // default true
    assertThat(config.get(Options.ENABLE_TEAMS_API)).isFalse();
    assertThat(config.get(Options.ENABLE_SPILO_WAL_PATH_COMPAT)).isTrue();
    assertThat(config.get(Options.KUBERNETES_USE_CONFIGMAPS)).isFalse();
    assertThat(config.get(Options.WATCHED_NAMESPACE)).isEqualTo("*");
    assertThat(config.get(Options.READY_WAIT_INTERVAL)).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.get(Options.MASTER_POD_MOVE_TIMEOUT)).isEqualTo(Duration.ofMinutes(20));
    assertThat(config.get(Options.CLUSTER_LABELS))
        .containsExactly(Map.entry("application", "spilo"));
    assertThat(config.get(Options.PERSISTENT_VOLUME_CLAIM_RETENTION_POLICY))
        .containsExactly(Map.entry("when_deleted", "retain"), Map.entry("when_scaled", "retain"));
    assertThat(config.get(Options.PROTECTED_ROLE_NAMES)).containsExactly("admin", "cron_admin");
    assertThat(config.get(Options.POSTGRES_SUPERUSER_TEAMS)).containsExactly("postgres_superusers");
    assertThat(config.get(Options.TEAMS_API_URL))
        .isEqualTo("http://fake-teams-api.default.svc.cluster.local");
    assertThat(config.get(Options.PAM_CONFIGURATION))
        .isEqualTo("https://info.example.com/oauth2/tokeninfo?access_token= uid realm=/employees");
    assertThat(config.get(Options.TEAM_API_ROLE_CONFIGURATION))
        .containsExactly(Map.entry("log_statement", "all"));
    assertThat(config.get(Options.LOGICAL_BACKUP_S3_SSE)).isEqualTo("AES256");
    assertThat(config.get(Options.LOGICAL_BACKUP_S3_BUCKET)).isEqualTo("my-bucket-url");
    assertThat(config.get(Options.MIN_CPU_LIMIT)).isEqualTo("250m");
    assertThat(config.get(Options.DEFAULT_MEMORY_LIMIT)).isEqualTo("500Mi");
    assertThat(config.get(Options.CONNECTION_POOLER_DEFAULT_CPU_REQUEST)).isEqualTo("500m");
    assertThat(config.get(Options.API_PORT)).isEqualTo(8080);
    assertThat(config.get(Options.WORKERS)).isEqualTo(8);
    assertThat(config.get(Options.MAX_INSTANCES)).isEqualTo(-1);
    assertThat(config.get(Options.ETCD_HOST)).isEmpty();
    assertThat(config.get(Options.DOCKER_IMAGE)).isEqualTo("ghcr.io/zalando/spilo-18:4.1-p2");
    // not in the example: ConfigMap defaults
    assertThat(config.get(Options.ENABLE_MASTER_NODE_PORT)).isFalse();
    assertThat(config.get(Options.LOGICAL_BACKUP_TTL_SECONDS_AFTER_FINISHED)).isEqualTo(86400);
  }

  @Test
  void commentedOutExamplesOfTheUpstreamConfigMapParseToo() throws Exception {
    String uncommented =
        ReferenceFiles.read("configmap.yaml").replaceAll("(?m)^(\\s+)# (?=[a-z0-9_]+:)", "$1");
    LoadResult result = ConfigMapLoader.load(exampleData(uncommented));
    OperatorConfig config = result.config();

    assertThat(result.unknownKeys()).isEmpty();
    assertThat(config.get(Options.TOLERATION))
        .containsExactly(
            Map.entry("key", "db-only"),
            Map.entry("operator", "Exists"),
            Map.entry("effect", "NoSchedule"));
    assertThat(config.get(Options.MAINTENANCE_WINDOWS))
        .containsExactly("Sat:22:00-23:59", "Sun:00:00-01:00");
    assertThat(config.get(Options.CUSTOM_SERVICE_ANNOTATIONS))
        .containsExactly(Map.entry("keyx", "valuez"), Map.entry("keya", "valuea"));
    assertThat(config.get(Options.INHERITED_LABELS)).containsExactly("application", "environment");
    assertThat(config.get(Options.DOWNSCALER_ANNOTATIONS))
        .containsExactly("deployment-time", "downscaler/*");
    assertThat(config.get(Options.NODE_READINESS_LABEL))
        .containsExactly(Map.entry("status", "ready"));
    assertThat(config.get(Options.SPILO_RUNASUSER)).isEqualTo(101L);
    assertThat(config.get(Options.SPILO_FSGROUP)).isEqualTo(103L);
    assertThat(config.get(Options.MAX_MEMORY_REQUEST)).isEqualTo("4Gi");
    assertThat(config.get(Options.INFRASTRUCTURE_ROLES_SECRETS))
        .containsExactly(
            new InfrastructureRoleSecret(
                "monitoring-roles", "user", "password", "inrole", "", "", "", false));
    assertThat(config.get(Options.INFRASTRUCTURE_ROLES_SECRET_NAME))
        .isEqualTo("postgresql-infrastructure-roles");
    // sidecar_docker_images and infrastructure_roles_secret_name are deprecated
    assertThat(result.warnings()).anyMatch(w -> w.contains("infrastructure_roles_secret_name"));
  }

  @Test
  void listsAreSplitAtCommasAndTrimmed() {
    OperatorConfig config =
        load(Map.of("inherited_labels", "a, b ,,c", "additional_owner_roles", "cron_admin"));
    assertThat(config.get(Options.INHERITED_LABELS)).containsExactly("a", "b", "c");
    assertThat(config.get(Options.ADDITIONAL_OWNER_ROLES)).containsExactly("cron_admin");
  }

  @Test
  void mapValuesMayContainColonsAndQuotedCommas() {
    OperatorConfig config =
        load(
            Map.of(
                "custom_pod_annotations",
                "url:http://x.example.com:8080/a, b:c",
                "custom_service_annotations",
                "ranges:'10.0.0.0/8,192.168.0.0/16',k:v"));
    assertThat(config.get(Options.CUSTOM_POD_ANNOTATIONS))
        .containsExactly(Map.entry("url", "http://x.example.com:8080/a"), Map.entry("b", "c"));
    assertThat(config.get(Options.CUSTOM_SERVICE_ANNOTATIONS))
        .containsExactly(Map.entry("ranges", "'10.0.0.0/8,192.168.0.0/16'"), Map.entry("k", "v"));
  }

  @Test
  void badMapsNameTheKey() {
    assertThatThrownBy(() -> load(Map.of("cluster_labels", "application")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("cluster_labels: invalid map item 'application'");
    assertThatThrownBy(() -> load(Map.of("toleration", "key:'db-only,effect:NoSchedule")))
        .hasMessageContaining("toleration: unmatched quote starting at position 5");
  }

  @Test
  void durationsUseGoSyntaxOrPlainSeconds() {
    OperatorConfig config =
        load(
            Map.of(
                "resync_period", "1h30m",
                "repair_period", "90",
                "ready_wait_interval", "1.5s",
                "patroni_api_check_interval", "300ms",
                "pod_terminate_grace_period", "0"));
    assertThat(config.get(Options.RESYNC_PERIOD)).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.get(Options.REPAIR_PERIOD)).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.get(Options.READY_WAIT_INTERVAL)).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.get(Options.PATRONI_API_CHECK_INTERVAL)).isEqualTo(Duration.ofMillis(300));
    assertThat(config.get(Options.POD_TERMINATE_GRACE_PERIOD)).isEqualTo(Duration.ZERO);
  }

  @Test
  void booleansAcceptWhatGoParseBoolAccepts() {
    OperatorConfig config =
        load(
            Map.of(
                "enable_sidecars", "False", "enable_readiness_probe", "1", "debug_logging", "F"));
    assertThat(config.get(Options.ENABLE_SIDECARS)).isFalse();
    assertThat(config.get(Options.ENABLE_READINESS_PROBE)).isTrue();
    assertThat(config.get(Options.DEBUG_LOGGING)).isFalse();
  }

  @Test
  void everyBadValueIsReportedWithItsKey() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "workers", "abc",
                        "resync_period", "soon",
                        "enable_sidecars", "yes",
                        "spilo_runasuser", "root")))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "workers: not a number: 'abc'",
                        "resync_period: not a duration: 'soon' (expected e.g. 30s, 5m, 1h30m)",
                        "enable_sidecars: not a boolean: 'yes' (use true or false)",
                        "spilo_runasuser: not a number: 'root'"));
  }

  @Test
  void presentButEmptyKeysKeepTheZeroValueLikeZalando() {
    OperatorConfig config =
        load(Map.of("enable_master_load_balancer", "", "docker_image", "", "cluster_labels", ""));
    assertThat(config.get(Options.ENABLE_MASTER_LOAD_BALANCER)).isFalse();
    assertThat(config.get(Options.DOCKER_IMAGE)).isEmpty();
    assertThat(config.get(Options.CLUSTER_LABELS)).isEmpty();
  }

  @Test
  void unknownKeysAreCollectedAndReported() {
    LoadResult result =
        ConfigMapLoader.load(Map.of("enable_master_loadbalancer", "true", "workers", "4"));
    assertThat(result.unknownKeys()).containsExactly("enable_master_loadbalancer");
    assertThat(result.warnings())
        .containsExactly("unknown configuration key 'enable_master_loadbalancer' is ignored");
    assertThat(result.config().get(Options.WORKERS)).isEqualTo(4);
  }

  @Test
  void deprecatedKeysAndOptionsAreAcceptedWithAWarning() {
    LoadResult result =
        ConfigMapLoader.load(
            Map.of(
                "replica_dns_old_name_format", "{cluster}-r.{team}.{hostedzone}",
                "enable_load_balancer", "true",
                "sidecar_docker_images", "exporter:exporter:1.0"));
    assertThat(result.config().get(Options.REPLICA_LEGACY_DNS_NAME_FORMAT))
        .isEqualTo("{cluster}-r.{team}.{hostedzone}");
    assertThat(result.config().get(Options.SIDECAR_DOCKER_IMAGES))
        .containsExactly(Map.entry("exporter", "exporter:1.0"));
    assertThat(result.warnings())
        .anyMatch(
            w ->
                w.contains(
                    "'replica_dns_old_name_format' is deprecated, use 'replica_legacy_dns_name_format'"))
        .anyMatch(w -> w.startsWith("'enable_load_balancer' is deprecated"))
        .anyMatch(w -> w.startsWith("'sidecar_docker_images' is deprecated"));
  }

  @Test
  void validationReportsAllInconsistenciesAtOnce() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "min_instances", "3",
                        "max_instances", "2",
                        "workers", "0",
                        "connection_pooler_number_of_instances", "0",
                        "connection_pooler_user", "postgres")))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "min_instances: 3 is higher than max_instances 2 (use -1 to disable either limit)",
                        "workers: must be greater than 0, got 0",
                        "connection_pooler_number_of_instances: must be at least 1, got 0",
                        "connection_pooler_user: must differ from super_username, both are 'postgres'"));
  }

  @Test
  void disabledInstanceLimitsAreNotCompared() {
    OperatorConfig config = load(Map.of("min_instances", "3", "max_instances", "-1"));
    assertThat(config.get(Options.MIN_INSTANCES)).isEqualTo(3);
  }

  @Test
  void enumValuesAreChecked() {
    assertThatThrownBy(() -> load(Map.of("major_version_upgrade_mode", "auto")))
        .hasMessageContaining(
            "major_version_upgrade_mode: 'auto' is not one of [full, manual, off]");
  }

  @Test
  void passwordRotationRetentionIsRaisedToTwiceTheInterval() {
    LoadResult result =
        ConfigMapLoader.load(
            Map.of("password_rotation_interval", "30", "password_rotation_user_retention", "40"));
    assertThat(result.config().get(Options.PASSWORD_ROTATION_USER_RETENTION)).isEqualTo(60);
    assertThat(result.warnings())
        .containsExactly(
            "password_rotation_user_retention: 40 days is less than twice"
                + " password_rotation_interval (30); using 60");
  }

  @Test
  void noConfigMapMeansConfigMapDefaults() {
    assertThat(ConfigMapLoader.load(null).config())
        .isEqualTo(OperatorConfig.defaults(Source.CONFIGMAP));
    assertThat(ConfigMapLoader.load(Map.of()).warnings()).isEmpty();
  }

  @Test
  void structuredValuesMayBeGivenAsYamlText() {
    OperatorConfig config =
        load(
            Map.of(
                "sidecars", "[{name: exporter, image: 'exporter:1.0'}]",
                "liveness_probe", "{httpGet: {path: /liveness, port: 8008}, periodSeconds: 10}"));
    assertThat(config.get(Options.SIDECARS))
        .singleElement()
        .satisfies(c -> assertThat(c.getImage()).isEqualTo("exporter:1.0"));
    assertThat(config.get(Options.LIVENESS_PROBE).getHttpGet().getPort().getIntVal())
        .isEqualTo(8008);
    assertThat(config.get(Options.LIVENESS_PROBE).getPeriodSeconds()).isEqualTo(10);
  }

  private static OperatorConfig load(Map<String, String> data) {
    LoadResult result = ConfigMapLoader.load(data);
    assertThat(result.unknownKeys()).isEqualTo(List.of());
    return result.config();
  }
}
