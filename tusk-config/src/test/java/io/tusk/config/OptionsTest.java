package io.tusk.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Checks the option table against the upstream CRD, example ConfigMap and the contract. */
class OptionsTest {

  /**
   * Keys whose OperatorConfiguration default deliberately differs from the CRD schema default, with
   * the reason. Zalando's operator_config.go decides what an omitted key means; the schema default
   * only applies when the API server stored the object with that section present.
   */
  private static final Map<String, String> SCHEMA_DEFAULT_DIVERGENCES =
      Map.ofEntries(
          Map.entry(
              "enable_pgversion_env_var", "operator_config.go copies the bool: omitted = false"),
          Map.entry(
              "enable_admin_role_for_users", "operator_config.go copies the bool: omitted = false"),
          Map.entry(
              "enable_postgres_team_crd", "operator_config.go copies the bool: omitted = false"),
          Map.entry("password_rotation_user_retention", "operator_config.go falls back to 180"),
          Map.entry("master_pod_move_timeout", "operator_config.go falls back to 10m"),
          Map.entry("aws_region", "operator_config.go copies the string: omitted = empty"),
          Map.entry("team_admin_role", "operator_config.go copies the string: omitted = empty"),
          Map.entry(
              "logical_backup_ttl_seconds_after_finished",
              "operator_config.go copies the pointer: omitted = unset"),
          Map.entry("scalyr_server_url", "operator_config.go copies the string: omitted = empty"),
          Map.entry("scalyr_cpu_request", "operator_config.go copies the string: omitted = empty"),
          Map.entry("scalyr_cpu_limit", "operator_config.go copies the string: omitted = empty"),
          Map.entry(
              "scalyr_memory_request", "operator_config.go copies the string: omitted = empty"),
          Map.entry(
              "scalyr_memory_limit", "operator_config.go copies the string: omitted = empty"));

  /**
   * Options Tusk adds beyond Zalando v2.0.1, as OperatorConfiguration paths. They are not in the
   * upstream CRD schema; each defaults to Zalando's behaviour in both sources.
   */
  static final Set<String> TUSK_ADDITIONS =
      Set.of(
          "users.enable_role_deletion",
          "users.enable_database_deletion",
          "users.force_database_deletion_with_connections",
          "aws_or_gcp.backup_status_interval",
          "connection_pooler.connection_pooler_max_pause",
          "connection_pooler.connection_pooler_reconnect_on_failover");

  /** The additions that are switches, off unless asked for. */
  static final Set<String> TUSK_SWITCHES_OFF =
      Set.of(
          "users.enable_role_deletion",
          "users.enable_database_deletion",
          "users.force_database_deletion_with_connections");

  @Test
  void tuskAdditionsAreDeclaredInBothSourcesAndSaySo() {
    for (String path : TUSK_ADDITIONS) {
      Option<?> option = Options.byKey(path.substring(path.indexOf('.') + 1));
      assertThat(option).as(path).isNotNull();
      assertThat(option.operatorConfigurationPath()).isEqualTo(path);
      assertThat(option.isConfigMapOnly()).as(path).isFalse();
      assertThat(option.configMapDefault())
          .as(path)
          .isEqualTo(option.operatorConfigurationDefault());
      assertThat(option.description()).as(path).startsWith("Tusk extension");
    }
    assertThat(
            ConfigMapLoader.load(Map.of("connection_pooler_max_pause", "5s"))
                .config()
                .get(Options.CONNECTION_POOLER_MAX_PAUSE))
        .isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(
            OperatorConfigurationLoader.load(
                    new YAMLMapper()
                        .valueToTree(
                            Map.of(
                                "connection_pooler",
                                Map.of("connection_pooler_reconnect_on_failover", false))))
                .config()
                .get(Options.CONNECTION_POOLER_RECONNECT_ON_FAILOVER))
        .isFalse();
    assertThat(OperatorConfig.defaults(Source.CONFIGMAP).get(Options.CONNECTION_POOLER_MAX_PAUSE))
        .isEqualTo(java.time.Duration.ofSeconds(30));
  }

  @Test
  void tuskAdditionsAreDeclaredOffByDefaultAndSaySo() {
    for (String path : TUSK_SWITCHES_OFF) {
      Option<?> option = Options.byKey(path.substring(path.indexOf('.') + 1));
      assertThat(option).as(path).isNotNull();
      assertThat(option.operatorConfigurationPath()).isEqualTo(path);
      assertThat(option.isConfigMapOnly()).as(path).isFalse();
      assertThat(option.configMapDefault()).as(path).isEqualTo(false);
      assertThat(option.operatorConfigurationDefault()).as(path).isEqualTo(false);
      assertThat(option.description()).as(path).startsWith("Tusk extension");
    }
    assertThat(OperatorConfig.defaults(Source.CONFIGMAP).get(Options.ENABLE_ROLE_DELETION))
        .isFalse();
    assertThat(
            ConfigMapLoader.load(Map.of("enable_database_deletion", "true"))
                .config()
                .get(Options.ENABLE_DATABASE_DELETION))
        .isTrue();
    JsonNode resource =
        new YAMLMapper()
            .valueToTree(Map.of("users", Map.of("force_database_deletion_with_connections", true)));
    assertThat(
            OperatorConfigurationLoader.load(resource)
                .config()
                .get(Options.FORCE_DATABASE_DELETION_WITH_CONNECTIONS))
        .isTrue();
  }

  @Test
  void everyOptionHasADescriptionAUniqueKeyAndAKnownSection() {
    Set<String> keys = new HashSet<>();
    for (Option<?> option : Options.all()) {
      assertThat(option.description()).as(option.key()).isNotBlank();
      assertThat(keys.add(option.key())).as("duplicate key " + option.key()).isTrue();
      assertThat(Options.SECTIONS).as(option.key()).contains(option.section());
      for (String alias : option.deprecatedKeys()) {
        assertThat(keys.add(alias)).as("alias clashes: " + alias).isTrue();
      }
    }
    assertThat(Options.all()).hasSizeGreaterThan(150);
  }

  @Test
  void constantsAreNamedAfterTheirKeys() throws Exception {
    for (var field : Options.class.getFields()) {
      if (field.getType() == Option.class) {
        Option<?> option = (Option<?>) field.get(null);
        assertThat(field.getName()).isEqualTo(option.key().toUpperCase(java.util.Locale.ROOT));
      }
    }
  }

  @Test
  void secretBearingOptionsAreMarkedSecret() {
    assertThat(Options.LOGICAL_BACKUP_S3_SECRET_ACCESS_KEY.isSecret()).isTrue();
    assertThat(Options.LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_KEY.isSecret()).isTrue();
    assertThat(Options.SCALYR_API_KEY.isSecret()).isTrue();
    assertThat(Options.DOCKER_IMAGE.isSecret()).isFalse();
  }

  @Test
  void defaultsFollowTheContractPerSource() {
    OperatorConfig cm = OperatorConfig.defaults(Source.CONFIGMAP);
    OperatorConfig crd = OperatorConfig.defaults(Source.OPERATOR_CONFIGURATION);

    // true in config.go, plain bool without fallback in operator_config.go
    for (Option<Boolean> option :
        List.of(
            Options.ENABLE_MASTER_LOAD_BALANCER,
            Options.ENABLE_PGVERSION_ENV_VAR,
            Options.ENABLE_TEAMS_API,
            Options.ENABLE_ADMIN_ROLE_FOR_USERS)) {
      assertThat(cm.get(option)).as(option.key()).isTrue();
      assertThat(crd.get(option)).as(option.key()).isFalse();
      assertThat(option.defaultsDiffer()).isTrue();
    }
    assertThat(cm.get(Options.MASTER_POD_MOVE_TIMEOUT)).isEqualTo(Duration.ofMinutes(20));
    assertThat(crd.get(Options.MASTER_POD_MOVE_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
    assertThat(cm.get(Options.OAUTH_TOKEN_SECRET_NAME)).isEqualTo("postgresql-operator");
    assertThat(crd.get(Options.OAUTH_TOKEN_SECRET_NAME)).isEqualTo("postgres-operator");

    // the same in both sources
    for (OperatorConfig config : List.of(cm, crd)) {
      assertThat(config.get(Options.KUBERNETES_USE_CONFIGMAPS)).isTrue();
      assertThat(config.get(Options.DOCKER_IMAGE)).isEqualTo("ghcr.io/zalando/spilo-18:4.1-p2");
      assertThat(config.get(Options.RESYNC_PERIOD)).isEqualTo(Duration.ofMinutes(30));
      assertThat(config.get(Options.REPAIR_PERIOD)).isEqualTo(Duration.ofMinutes(5));
      assertThat(config.get(Options.SECRET_NAME_TEMPLATE))
          .isEqualTo("{username}.{cluster}.credentials.{tprkind}.{tprgroup}");
      assertThat(config.get(Options.PDB_NAME_FORMAT)).isEqualTo("postgres-{cluster}-pdb");
      assertThat(config.get(Options.CLUSTER_LABELS))
          .containsExactly(Map.entry("application", "spilo"));
      assertThat(config.get(Options.WORKERS)).isEqualTo(8);
      assertThat(config.get(Options.MAX_INSTANCES)).isEqualTo(-1);
      assertThat(config.get(Options.MIN_INSTANCES)).isEqualTo(-1);
      assertThat(config.get(Options.SUPER_USERNAME)).isEqualTo("postgres");
      assertThat(config.get(Options.PASSWORD_ROTATION_INTERVAL)).isEqualTo(90);
      assertThat(config.get(Options.PASSWORD_ROTATION_USER_RETENTION)).isEqualTo(180);
      assertThat(config.get(Options.ENABLE_PASSWORD_ROTATION)).isFalse();
      assertThat(config.get(Options.MINIMAL_MAJOR_VERSION)).isEqualTo("14");
      assertThat(config.get(Options.TARGET_MAJOR_VERSION)).isEqualTo("18");
      assertThat(config.get(Options.CONNECTION_POOLER_NUMBER_OF_INSTANCES)).isEqualTo(2);
      assertThat(config.get(Options.PROTECTED_ROLE_NAMES)).containsExactly("admin", "cron_admin");
      assertThat(config.get(Options.TEAM_API_ROLE_CONFIGURATION))
          .containsExactly(Map.entry("log_statement", "all"));
      assertThat(config.get(Options.LOGICAL_BACKUP_DOCKER_IMAGE))
          .isEqualTo("ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1");
      assertThat(config.get(Options.CONNECTION_POOLER_IMAGE))
          .isEqualTo("ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1");
      assertThat(config.get(Options.CRD_CATEGORIES)).containsExactly("all");
      assertThat(config.get(Options.SPILO_RUNASUSER)).isNull();
      assertThat(config.get(Options.LIVENESS_PROBE)).isNull();
    }
    assertThat(cm.get(Options.PERSISTENT_VOLUME_CLAIM_RETENTION_POLICY))
        .containsExactly(Map.entry("when_deleted", "retain"), Map.entry("when_scaled", "retain"));
    assertThat(cm.get(Options.LOGICAL_BACKUP_TTL_SECONDS_AFTER_FINISHED)).isEqualTo(86400);
    assertThat(crd.get(Options.LOGICAL_BACKUP_TTL_SECONDS_AFTER_FINISHED)).isNull();
  }

  @Test
  void everyKeyOfTheUpstreamCrdSchemaIsDeclaredInItsSection() throws Exception {
    Map<String, JsonNode> schemaKeys = crdSchemaKeys();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : schemaKeys.entrySet()) {
      String path = entry.getKey();
      String key = path.contains(".") ? path.substring(path.indexOf('.') + 1) : path;
      Option<?> option = Options.byKey(key);
      if (option == null
          || !option.key().equals(key)
          || !option.operatorConfigurationPath().equals(path)) {
        missing.add(path);
      }
    }
    // No deliberate exceptions: every field of the v2.0.1 OperatorConfiguration is modelled.
    assertThat(missing).isEmpty();

    Set<String> declaredForCrd = new TreeSet<>();
    for (Option<?> option : Options.all()) {
      if (!option.isConfigMapOnly()
          && !TUSK_ADDITIONS.contains(option.operatorConfigurationPath())) {
        declaredForCrd.add(option.operatorConfigurationPath());
      }
    }
    assertThat(declaredForCrd).isEqualTo(new TreeSet<>(schemaKeys.keySet()));
    assertThat(schemaKeys.keySet()).doesNotContainAnyElementsOf(TUSK_ADDITIONS);
  }

  @Test
  void operatorConfigurationDefaultsMatchTheCrdSchemaUnlessListed() throws Exception {
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : crdSchemaKeys().entrySet()) {
      JsonNode defaultNode = entry.getValue().get("default");
      if (defaultNode == null) {
        continue;
      }
      String path = entry.getKey();
      Option<?> option = Options.byKey(path.substring(path.indexOf('.') + 1));
      Object schemaDefault = option.type().readJson(defaultNode);
      boolean same = java.util.Objects.equals(schemaDefault, option.operatorConfigurationDefault());
      boolean listed = SCHEMA_DEFAULT_DIVERGENCES.containsKey(option.key());
      if (same == listed) {
        unexpected.add(
            path
                + " schema="
                + schemaDefault
                + " ours="
                + option.operatorConfigurationDefault()
                + (listed ? " (listed as divergent but equal)" : ""));
      }
    }
    assertThat(unexpected).isEmpty();
  }

  @Test
  void everyKeyOfTheUpstreamExampleConfigMapIsDeclared() throws Exception {
    String text = ReferenceFiles.read("configmap.yaml");
    JsonNode data = new YAMLMapper().readTree(text).get("data");
    List<String> missing = new ArrayList<>();
    data.fieldNames()
        .forEachRemaining(
            k -> {
              if (Options.byKey(k) == null) {
                missing.add(k);
              }
            });
    // the commented-out examples document keys too
    Matcher commented = Pattern.compile("(?m)^\\s+#\\s*([a-z0-9_]+):").matcher(text);
    int commentedKeys = 0;
    while (commented.find()) {
      commentedKeys++;
      if (Options.byKey(commented.group(1)) == null) {
        missing.add(commented.group(1));
      }
    }
    assertThat(data.size()).isGreaterThan(100);
    assertThat(commentedKeys).isGreaterThan(20);
    assertThat(missing).isEmpty();
  }

  /** Keys of {@code configuration} in the upstream CRD schema, as "key" or "section.key". */
  static Map<String, JsonNode> crdSchemaKeys() throws Exception {
    JsonNode crd = new YAMLMapper().readTree(ReferenceFiles.read("operatorconfiguration.crd.yaml"));
    JsonNode configuration =
        crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/configuration/properties");
    assertThat(configuration.isObject()).isTrue();
    Map<String, JsonNode> keys = new java.util.TreeMap<>();
    configuration
        .fields()
        .forEachRemaining(
            e -> {
              if (Options.SECTIONS.contains(e.getKey())) {
                e.getValue()
                    .get("properties")
                    .fields()
                    .forEachRemaining(s -> keys.put(e.getKey() + "." + s.getKey(), s.getValue()));
              } else {
                keys.put(e.getKey(), e.getValue());
              }
            });
    return keys;
  }
}
