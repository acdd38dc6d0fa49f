package io.tusk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigurationLoaderTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  private static JsonNode configuration(String resourceYaml) throws Exception {
    return YAML.readTree(resourceYaml).get("configuration");
  }

  private static LoadResult load(String configurationYaml) throws Exception {
    return OperatorConfigurationLoader.load(YAML.readTree(configurationYaml));
  }

  @Test
  void upstreamDefaultConfigurationLoadsWithItsValues() throws Exception {
    LoadResult result =
        OperatorConfigurationLoader.load(
            configuration(ReferenceFiles.read("postgresql-operator-default-configuration.yaml")));
    OperatorConfig config = result.config();

    assertThat(result.unknownKeys()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    assertThat(config.source()).isEqualTo(Source.OPERATOR_CONFIGURATION);
    assertThat(config.get(Options.DOCKER_IMAGE)).isEqualTo("ghcr.io/zalando/spilo-18:4.1-p2");
    assertThat(config.get(Options.ENABLE_PGVERSION_ENV_VAR)).isTrue();
    assertThat(config.get(Options.KUBERNETES_USE_CONFIGMAPS)).isTrue();
    assertThat(config.get(Options.RESYNC_PERIOD)).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.get(Options.WORKERS)).isEqualTo(8);
    assertThat(config.get(Options.MAX_INSTANCES)).isEqualTo(-1);
    assertThat(config.get(Options.PASSWORD_ROTATION_USER_RETENTION)).isEqualTo(180);
    assertThat(config.get(Options.MINIMAL_MAJOR_VERSION)).isEqualTo("14");
    assertThat(config.get(Options.CLUSTER_LABELS))
        .containsExactly(Map.entry("application", "spilo"));
    assertThat(config.get(Options.PERSISTENT_VOLUME_CLAIM_RETENTION_POLICY))
        .containsExactly(Map.entry("when_deleted", "retain"), Map.entry("when_scaled", "retain"));
    assertThat(config.get(Options.PDB_NAME_FORMAT)).isEqualTo("postgres-{cluster}-pdb");
    assertThat(config.get(Options.SECRET_NAME_TEMPLATE))
        .isEqualTo("{username}.{cluster}.credentials.{tprkind}.{tprgroup}");
    assertThat(config.get(Options.OAUTH_TOKEN_SECRET_NAME)).isEqualTo("postgresql-operator");
    assertThat(config.get(Options.READY_WAIT_INTERVAL)).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.get(Options.RESOURCE_CHECK_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.get(Options.MASTER_POD_MOVE_TIMEOUT)).isEqualTo(Duration.ofMinutes(20));
    assertThat(config.get(Options.ENABLE_MASTER_LOAD_BALANCER)).isFalse();
    assertThat(config.get(Options.AWS_REGION)).isEqualTo("eu-central-1");
    assertThat(config.get(Options.LOGICAL_BACKUP_S3_BUCKET)).isEqualTo("my-bucket-url");
    assertThat(config.get(Options.LOGICAL_BACKUP_S3_SSE)).isEqualTo("AES256");
    assertThat(config.get(Options.PROTECTED_ROLE_NAMES)).containsExactly("admin", "cron_admin");
    assertThat(config.get(Options.TEAM_API_ROLE_CONFIGURATION))
        .containsExactly(Map.entry("log_statement", "all"));
    assertThat(config.get(Options.TEAM_ADMIN_ROLE)).isEqualTo("admin");
    assertThat(config.get(Options.API_PORT)).isEqualTo(8080);
    assertThat(config.get(Options.CONNECTION_POOLER_DEFAULT_CPU_LIMIT)).isEqualTo("1");
    assertThat(config.get(Options.DEFAULT_CPU_REQUEST)).isEqualTo("100m");
    // omitted from the example: OperatorConfiguration defaults, not ConfigMap defaults
    assertThat(config.get(Options.ENABLE_ADMIN_ROLE_FOR_USERS)).isFalse();
    assertThat(config.get(Options.ENABLE_LAZY_SPILO_UPGRADE)).isFalse();
    assertThat(config.get(Options.LOGICAL_BACKUP_TTL_SECONDS_AFTER_FINISHED)).isNull();
    assertThat(config.get(Options.CONNECTION_POOLER_USER)).isEqualTo("pooler");
  }

  @Test
  void commentedOutExamplesOfTheUpstreamConfigurationParseToo() throws Exception {
    String uncommented =
        ReferenceFiles.read("postgresql-operator-default-configuration.yaml")
            .replaceAll("(?m)^(\\s*)# ", "$1");
    LoadResult result = OperatorConfigurationLoader.load(configuration(uncommented));
    OperatorConfig config = result.config();

    assertThat(result.unknownKeys()).isEmpty();
    assertThat(config.get(Options.SIDECARS))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getName()).isEqualTo("global-sidecar-1");
              assertThat(c.getImage()).isEqualTo("image:123");
              assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(80);
            });
    assertThat(config.get(Options.LIVENESS_PROBE).getHttpGet().getPath()).isEqualTo("/liveness");
    assertThat(config.get(Options.LIVENESS_PROBE).getFailureThreshold()).isEqualTo(3);
    assertThat(config.get(Options.INFRASTRUCTURE_ROLES_SECRETS))
        .containsExactly(
            new InfrastructureRoleSecret(
                "monitoring-roles", "user", "password", "inrole", "", "", "", false),
            new InfrastructureRoleSecret(
                "other-infrastructure-role",
                "other-user-key",
                "other-password-key",
                "",
                "",
                "",
                "",
                false));
    assertThat(config.get(Options.TOLERATION))
        .containsExactly(
            Map.entry("key", "db-only"),
            Map.entry("operator", "Exists"),
            Map.entry("effect", "NoSchedule"));
    assertThat(config.get(Options.MAINTENANCE_WINDOWS))
        .containsExactly("Sat:22:00-23:59", "Sun:00:00-01:00");
    assertThat(config.get(Options.CUSTOM_POD_ANNOTATIONS))
        .containsExactly(Map.entry("keya", "valuea"), Map.entry("keyb", "valueb"));
    assertThat(config.get(Options.ENABLE_CROSS_NAMESPACE_SECRET)).isFalse(); // written as "false"
    assertThat(config.get(Options.SPILO_RUNASGROUP)).isEqualTo(103L);
    assertThat(config.get(Options.CONNECTION_POOLER_MAX_DB_CONNECTIONS)).isEqualTo(60);
    assertThat(config.get(Options.REPLICA_LEGACY_DNS_NAME_FORMAT))
        .isEqualTo("{cluster}-repl.{team}.{hostedzone}");
    assertThat(result.warnings())
        .anyMatch(w -> w.contains("'load_balancer.replica_dns_old_name_format' is deprecated"));
  }

  @Test
  void tuskDeletionSwitchesLiveInTheUsersSection() throws Exception {
    LoadResult result =
        load(
            """
            users:
              enable_role_deletion: true
              enable_database_deletion: true
              force_database_deletion_with_connections: true
            """);
    assertThat(result.unknownKeys()).isEmpty();
    assertThat(result.config().get(Options.ENABLE_ROLE_DELETION)).isTrue();
    assertThat(result.config().get(Options.ENABLE_DATABASE_DELETION)).isTrue();
    assertThat(result.config().get(Options.FORCE_DATABASE_DELETION_WITH_CONNECTIONS)).isTrue();
    assertThat(OperatorConfigurationLoader.load(null).config().get(Options.ENABLE_ROLE_DELETION))
        .isFalse();
  }

  @Test
  void missingConfigurationMeansOperatorConfigurationDefaults() {
    assertThat(OperatorConfigurationLoader.load(null).config())
        .isEqualTo(OperatorConfig.defaults(Source.OPERATOR_CONFIGURATION));
  }

  @Test
  void keysInTheWrongSectionAndUnknownKeysAreReported() throws Exception {
    LoadResult result =
        load(
            """
            enable_master_load_balancer: true
            kubernetes:
              workers: 4
              no_such_option: x
            no_such_section:
              a: b
            """);
    assertThat(result.unknownKeys())
        .containsExactly(
            "enable_master_load_balancer",
            "kubernetes.workers",
            "kubernetes.no_such_option",
            "no_such_section");
    assertThat(result.warnings())
        .contains(
            "configuration key 'enable_master_load_balancer' is ignored: it belongs at"
                + " 'load_balancer.enable_master_load_balancer'");
    assertThat(result.config().get(Options.ENABLE_MASTER_LOAD_BALANCER)).isFalse();
    assertThat(result.config().get(Options.WORKERS)).isEqualTo(8);
  }

  @Test
  void configMapOnlyKeysAreUnknownInTheResource() throws Exception {
    LoadResult result = load("load_balancer: {enable_load_balancer: true}");
    assertThat(result.unknownKeys()).containsExactly("load_balancer.enable_load_balancer");
  }

  @Test
  void structuredFormsAndLenientScalars() throws Exception {
    OperatorConfig config =
        load("""
            resync_period: 1h
            repair_period: 120
            workers: "4"
            kubernetes:
              inherited_labels: [team, env]
              node_readiness_label: {status: ready}
              spilo_runasuser: 101
              watched_namespace: apps
            major_version_upgrade:
              minimal_major_version: 15
            """)
            .config();
    assertThat(config.get(Options.RESYNC_PERIOD)).isEqualTo(Duration.ofHours(1));
    assertThat(config.get(Options.REPAIR_PERIOD)).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.get(Options.WORKERS)).isEqualTo(4);
    assertThat(config.get(Options.INHERITED_LABELS)).containsExactly("team", "env");
    assertThat(config.get(Options.NODE_READINESS_LABEL))
        .containsExactly(Map.entry("status", "ready"));
    assertThat(config.get(Options.SPILO_RUNASUSER)).isEqualTo(101L);
    assertThat(config.get(Options.WATCHED_NAMESPACE)).isEqualTo("apps");
    assertThat(config.get(Options.MINIMAL_MAJOR_VERSION)).isEqualTo("15");
  }

  @Test
  void badValuesNameTheirPath() throws Exception {
    assertThatThrownBy(
            () ->
                load(
                    """
                    workers: many
                    kubernetes:
                      cluster_labels: [a, b]
                      enable_sidecars: maybe
                    timeouts:
                      ready_wait_timeout: 5 minutes
                    users: 7
                    """))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "workers: not a number: 'many'",
                        "kubernetes.cluster_labels: expected a map but got array [\"a\",\"b\"]",
                        "kubernetes.enable_sidecars: not a boolean: 'maybe' (use true or false)",
                        "timeouts.ready_wait_timeout: not a duration: '5 minutes' (expected e.g. 30s, 5m, 1h30m)",
                        "users: expected an object but got NUMBER"));
  }

  @Test
  void validationAppliesInThisModeToo() throws Exception {
    assertThatThrownBy(
            () ->
                load(
                    """
                    min_instances: 5
                    max_instances: 3
                    users: {super_username: pooler}
                    """))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "min_instances: 5 is higher than max_instances 3 (use -1 to disable either limit)",
                        "connection_pooler_user: must differ from super_username, both are 'pooler'"));
  }

  @Test
  void poolerInstancesBelowTwoAreRaisedAsZalandoDoes() throws Exception {
    LoadResult result = load("connection_pooler: {connection_pooler_number_of_instances: 1}");
    assertThat(result.config().get(Options.CONNECTION_POOLER_NUMBER_OF_INSTANCES)).isEqualTo(2);
    assertThat(result.warnings()).singleElement().asString().contains("raised to 2");
  }

  @Test
  void nullValuesAreTreatedAsOmitted() throws Exception {
    OperatorConfig config = load("docker_image: null\nkubernetes: null").config();
    assertThat(config.get(Options.DOCKER_IMAGE)).isEqualTo("ghcr.io/zalando/spilo-18:4.1-p2");
  }
}
