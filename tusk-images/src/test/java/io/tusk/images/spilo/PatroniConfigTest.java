package io.tusk.images.spilo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.images.FakeInstallations;
import io.tusk.images.ImageException;
import io.tusk.images.PostgresInstallation;
import io.tusk.images.ZalandoPodEnv;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Patroni configuration rendered from the env Tusk's builders give Zalando's example pods. */
class PatroniConfigTest {

  private static final Path DATA = Path.of("/vol/pgdata/pgroot/data");
  private static final Path SOCKETS = Path.of("/scratch/run/postgresql");

  static NodeLayout layout(PostgresInstallation pg, String kubeContext) {
    Optional<NodeLayout.SslFiles> ssl =
        pg.ssl()
            ? Optional.of(
                new NodeLayout.SslFiles(
                    Path.of("/scratch/certs/server.crt"),
                    Path.of("/scratch/certs/server.key"),
                    Optional.empty(),
                    Optional.empty()))
            : Optional.empty();
    return new NodeLayout(
        "acid-minimal-cluster-0",
        "default",
        ZalandoPodEnv.POD_IP,
        DATA,
        SOCKETS,
        SOCKETS.resolve("pgpass"),
        pg,
        ssl,
        "/usr/bin/java -cp /scratch/lib/x io.tusk.images.spilo.PostBootstrap",
        kubeContext,
        Set.of("c", "c.utf8", "posix"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static PatroniConfig.Rendered render(Map<String, String> env, NodeLayout node)
      throws ImageException {
    SpiloStartupEnv spilo = new SpiloStartupEnv(env);
    return PatroniConfig.render(spilo, PatroniConfig.userConfiguration(spilo), node);
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Map<String, Object> map, String... path) {
    Object cur = map;
    for (String p : path) {
      assertThat(cur).as(String.join(".", path)).isInstanceOf(Map.class);
      cur = ((Map<String, Object>) cur).get(p);
    }
    return (T) cur;
  }

  private static Map<String, Object> mapAt(Map<String, Object> map, String... path) {
    return at(map, path);
  }

  @Test
  void minimalManifestRendersSpiloIdentityAndKubernetesDcs() throws Exception {
    Map<String, String> env = ZalandoPodEnv.of("minimal-postgres-manifest.yaml");
    Map<String, Object> c =
        render(env, layout(FakeInstallations.postgres(18, false), "tusk-pod")).config();

    assertThat(c.get("scope")).isEqualTo("acid-minimal-cluster");
    assertThat(c.get("name")).isEqualTo("acid-minimal-cluster-0");
    assertThat(c.get("namespace")).isEqualTo("default");
    assertThat((Object) at(c, "restapi", "listen")).isEqualTo("*:8008");
    assertThat((Object) at(c, "restapi", "connect_address")).isEqualTo("10.244.0.7:8008");

    Map<String, Object> k = at(c, "kubernetes");
    assertThat(k.get("labels")).isEqualTo(Map.of("application", "spilo"));
    assertThat(k.get("scope_label")).isEqualTo("cluster-name");
    assertThat(k.get("role_label")).isEqualTo("spilo-role");
    assertThat(k.get("leader_label_value")).isEqualTo("master");
    assertThat(k.get("standby_leader_label_value")).isEqualTo("master");
    assertThat(k.get("bootstrap_labels")).isEqualTo(Map.of("critical-operation", "true"));
    assertThat(k.get("bypass_api_service")).isEqualTo(false);
    assertThat(k.get("context")).isEqualTo("tusk-pod");
    // ConfigMaps mode (operator v2 default): no Endpoints keys.
    assertThat(env).containsEntry("KUBERNETES_USE_CONFIGMAPS", "true");
    assertThat(k).doesNotContainKeys("use_endpoints", "pod_ip", "ports", "use_configmaps");
  }

  @Test
  void postgresqlSectionUsesHostPathsSecretsAndTheChosenBuild() throws Exception {
    Map<String, Object> c =
        render(
                ZalandoPodEnv.of("minimal-postgres-manifest.yaml"),
                layout(FakeInstallations.postgres(17, true), null))
            .config();
    Map<String, Object> pg = at(c, "postgresql");
    assertThat(pg.get("name")).isEqualTo("acid-minimal-cluster-0");
    assertThat(pg.get("listen")).isEqualTo("*:5432");
    assertThat(pg.get("connect_address")).isEqualTo("10.244.0.7:5432");
    assertThat(pg.get("data_dir")).isEqualTo("/vol/pgdata/pgroot/data");
    assertThat(pg.get("bin_dir")).isEqualTo("/opt/fake/pg/17/bin");
    assertThat(pg.get("pgpass")).isEqualTo("/scratch/run/postgresql/pgpass");
    assertThat((Object) at(c, "postgresql", "authentication", "superuser"))
        .isEqualTo(
            Map.of(
                "username", "postgres",
                "password",
                    "secret:postgres.acid-minimal-cluster.credentials.postgresql.acid.zalan.do/password"));
    assertThat((Object) at(c, "postgresql", "authentication", "replication"))
        .isEqualTo(
            Map.of(
                "username", "standby",
                "password",
                    "secret:standby.acid-minimal-cluster.credentials.postgresql.acid.zalan.do/password"));
    Map<String, Object> params = at(c, "postgresql", "parameters");
    assertThat(params)
        .containsEntry("unix_socket_directories", "/scratch/run/postgresql")
        .containsEntry("shared_preload_libraries", "pg_stat_statements")
        .containsEntry("ssl", "on")
        .containsEntry("ssl_cert_file", "/scratch/certs/server.crt")
        .containsEntry("ssl_key_file", "/scratch/certs/server.key")
        .containsEntry("log_directory", "../pg_log")
        .containsEntry("pg_stat_statements.track_utility", "off")
        .doesNotContainKeys(
            "bg_mon.listen_address", "bg_mon.history_buckets", "extwlist.extensions");
    assertThat(pg.get("pg_hba"))
        .asList()
        .anyMatch(l -> l.toString().startsWith("hostssl all"))
        .anyMatch(l -> l.toString().startsWith("hostnossl all"))
        .noneMatch(l -> l.toString().contains("pam"));
    assertThat(pg.get("create_replica_method")).isEqualTo(List.of("basebackup"));
    assertThat(pg).doesNotContainKey("callbacks");
  }

  @Test
  void bootstrapTakesInitdbAndDcsFromSpiloConfiguration() throws Exception {
    // complete-postgres-manifest: ttl etc., synchronous_node_count, dcs parameters, initdb options
    Map<String, String> env = ZalandoPodEnv.of("complete-postgres-manifest.yaml");
    PatroniConfig.Rendered r = render(env, layout(FakeInstallations.postgres(18, false), null));
    Map<String, Object> c = r.config();
    assertThat((Object) at(c, "bootstrap", "initdb"))
        .isEqualTo(
            List.of(
                Map.of("auth-host", "scram-sha-256"),
                Map.of("auth-local", "trust"),
                "data-checksums",
                Map.of("encoding", "UTF8"),
                // en_US.UTF-8 does not exist on the (fake) machine
                Map.of("locale", "C.UTF-8")));
    assertThat(r.notes()).anyMatch(n -> n.contains("en_US.UTF-8 does not exist"));
    Map<String, Object> dcs = at(c, "bootstrap", "dcs");
    assertThat(dcs)
        .containsEntry("ttl", 30)
        .containsEntry("loop_wait", 10)
        .containsEntry("retry_timeout", 10)
        .containsEntry("maximum_lag_on_failover", 33554432)
        .containsEntry("synchronous_node_count", 1)
        .containsEntry("failsafe_mode", false);
    Map<String, Object> dynamic = at(c, "bootstrap", "dcs", "postgresql", "parameters");
    assertThat(dynamic)
        .containsEntry("log_statement", "all") // manifest
        .containsEntry("max_connections", "10") // manifest
        .containsEntry("wal_level", "hot_standby") // Spilo default
        .containsEntry("archive_mode", "on");
    assertThat((Object) at(c, "bootstrap", "dcs", "postgresql", "use_pg_rewind")).isEqualTo(true);
    assertThat((Object) at(c, "postgresql", "parameters", "shared_buffers")).isEqualTo("32MB");
    assertThat(String.valueOf((Object) at(c, "bootstrap", "post_init")))
        .endsWith("io.tusk.images.spilo.PostBootstrap zalandos");
  }

  @Test
  void endpointsModeAddsPodIpAndPorts() throws Exception {
    OperatorConfig config =
        OperatorConfig.defaults(Source.CONFIGMAP)
            .withOverride(Options.KUBERNETES_USE_CONFIGMAPS, false);
    Map<String, String> env =
        ZalandoPodEnv.of(ZalandoPodEnv.manifest("minimal-postgres-manifest.yaml"), config);
    assertThat(env).doesNotContainKey("KUBERNETES_USE_CONFIGMAPS");
    Map<String, Object> k =
        at(
            render(env, layout(FakeInstallations.postgres(18, false), "ctx")).config(),
            "kubernetes");
    assertThat(k)
        .containsEntry("use_endpoints", true)
        .containsEntry("pod_ip", "10.244.0.7")
        .containsEntry("ports", List.of(Map.of("name", "postgresql", "port", 5432)));
  }

  @Test
  void buildWithoutSslTurnsSslOffAndAcceptsPlainConnections() throws Exception {
    PatroniConfig.Rendered r =
        render(
            ZalandoPodEnv.of("minimal-postgres-manifest.yaml"),
            layout(FakeInstallations.postgres(18, false), null));
    Map<String, Object> params = at(r.config(), "postgresql", "parameters");
    assertThat(params)
        .containsEntry("ssl", "off")
        .doesNotContainKeys("ssl_cert_file", "ssl_key_file");
    List<String> hba = at(r.config(), "postgresql", "pg_hba");
    assertThat(hba).noneMatch(l -> l.startsWith("hostssl") || l.startsWith("hostnossl"));
    assertThat(hba).anyMatch(l -> l.matches("host\\s+replication\\s+standby\\s+all\\s+md5"));
    assertThat(hba).anyMatch(l -> l.matches("host\\s+all\\s+all\\s+all\\s+md5"));
    assertThat(r.notes()).anyMatch(n -> n.contains("no SSL"));
  }

  @Test
  void userPreloadListIsFilteredAndUserPgHbaReplacesTheDefault() throws Exception {
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put(
        "SPILO_CONFIGURATION",
        "{\"postgresql\":{\"parameters\":{\"shared_preload_libraries\":\"bg_mon,pg_stat_statements,pg_cron\",\"cron.database_name\":\"postgres\"},\"pg_hba\":[\"local"
            + " all all trust\",\"hostssl all +zalandos all pam\",\"host all all all md5\"]},"
            + "\"bootstrap\":{\"dcs\":{\"ttl\":20}}}");
    PatroniConfig.Rendered r = render(env, layout(FakeInstallations.postgres(17, true), null));
    assertThat((Object) at(r.config(), "postgresql", "parameters", "shared_preload_libraries"))
        .isEqualTo("pg_stat_statements");
    assertThat(mapAt(r.config(), "postgresql", "parameters"))
        .doesNotContainKey("cron.database_name");
    assertThat((Object) at(r.config(), "postgresql", "pg_hba"))
        .isEqualTo(List.of("local all all trust", "host all all all md5"));
    assertThat((Object) at(r.config(), "bootstrap", "dcs", "ttl")).isEqualTo(20);
    // template initdb when the user does not replace it
    assertThat((Object) at(r.config(), "bootstrap", "initdb"))
        .isEqualTo(
            List.of(Map.of("encoding", "UTF8"), Map.of("locale", "C.UTF-8"), "data-checksums"));
    assertThat(r.notes()).anyMatch(n -> n.contains("bg_mon") && n.contains("pg_cron"));
  }

  @Test
  void standbyFromHostAndUnsupportedWalStandby() throws Exception {
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put("STANDBY_HOST", "acid-source.default");
    env.put("STANDBY_PORT", "5433");
    Map<String, Object> standby =
        at(
            render(env, layout(FakeInstallations.postgres(17, true), null)).config(),
            "bootstrap",
            "dcs",
            "standby_cluster");
    assertThat(standby)
        .containsEntry("host", "acid-source.default")
        .containsEntry("port", 5433)
        .containsEntry("create_replica_methods", List.of("basebackup"));

    Map<String, String> walStandby =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    walStandby.put("STANDBY_WALE_S3_PREFIX", "s3://bucket/spilo/src/wal/17");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> render(walStandby, layout(FakeInstallations.postgres(17, true), null)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("WAL");
  }

  @Test
  void etcdWhenTheKubernetesApiIsNotEnabled() throws Exception {
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.remove("DCS_ENABLE_KUBERNETES_API");
    env.put("ETCD_HOST", "etcd.default:2379");
    Map<String, Object> c =
        render(env, layout(FakeInstallations.postgres(17, true), null)).config();
    assertThat(c).doesNotContainKey("kubernetes");
    assertThat((Object) at(c, "etcd")).isEqualTo(Map.of("host", "etcd.default:2379"));

    env.remove("ETCD_HOST");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> render(env, layout(FakeInstallations.postgres(17, true), null)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("no DCS configuration");
  }

  @Test
  void yamlKeepsTypesAndQuotesSwitchValues() throws Exception {
    PatroniConfig.Rendered r =
        render(
            ZalandoPodEnv.of("minimal-postgres-manifest.yaml"),
            layout(FakeInstallations.postgres(17, true), "ctx"));
    Map<String, Object> back =
        new YAMLMapper().readValue(r.yaml(), new TypeReference<Map<String, Object>>() {});
    assertThat(back).isEqualTo(r.config());
    // "on" must stay a string for PyYAML (unquoted it would be a boolean)
    assertThat(r.yaml()).contains("archive_mode: \"on\"");
  }

  @Test
  void kubernetesServiceLinkVariablesAreNotCopied() throws Exception {
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    env.put("KUBERNETES_SERVICE_PORT", "443");
    env.put("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443");
    env.put("KUBERNETES_TMP_ROLE_LABEL", "tmp-role");
    Map<String, Object> k =
        at(render(env, layout(FakeInstallations.postgres(17, true), null)).config(), "kubernetes");
    assertThat(k).doesNotContainKeys("service_host", "service_port", "port_443_tcp", "context");
    assertThat(k).containsEntry("tmp_role_label", "tmp-role");
  }
}
