package io.tusk.images.spilo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tusk.images.ImageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders Patroni's configuration for a Spilo container, as {@code configure_spilo.py} does, then
 * adapts it to the local node. Pure: environment and {@link NodeLayout} in, configuration tree and
 * notes out.
 *
 * <p>Mirrors {@code configure_spilo.py#TEMPLATE}, {@code #get_dcs_config}, {@code #deep_update} and
 * {@code spilo_commons.py#append_extensions} (Spilo 4.0-p3 snapshot). Local differences:
 *
 * <ul>
 *   <li>{@code restapi.listen '*:8008'} (Patroni's validator rejects Spilo's {@code ':8008'});
 *   <li>{@code bin_dir}, {@code data_dir}, socket directory, pgpass and certificates are host
 *       paths; {@code unix_socket_directories} is always set;
 *   <li>{@code shared_preload_libraries} keeps only modules this build has, and settings of missing
 *       modules ({@code bg_mon.*}, {@code extwlist.*} ...) go;
 *   <li>without SSL in the build: {@code ssl off}, no {@code ssl_*} files, {@code pg_hba} without
 *       {@code hostssl}/{@code hostnossl};
 *   <li>{@code post_init} runs Tusk's post-bootstrap step instead of {@code post_init.sh}; no
 *       {@code on_role_change} callback; replicas are created with Patroni's {@code basebackup}
 *       instead of {@code basebackup.sh}; no WAL archiving;
 *   <li>{@code shared_buffers 128MB} and {@code max_connections 100} (Spilo sizes them from the
 *       memory limit; a 1 GiB pod gets 204MB / 100).
 * </ul>
 */
public final class PatroniConfig {

  private static final ObjectMapper YAML_READER = new YAMLMapper();
  private static final ObjectMapper YAML_WRITER =
      YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();

  /** Libraries Spilo preloads ({@code TEMPLATE} plus {@code append_extensions}). */
  static final List<String> SPILO_PRELOAD =
      List.of(
          "bg_mon",
          "pg_stat_statements",
          "pgextwlist",
          "pg_auth_mon",
          "set_user",
          "timescaledb",
          "pg_cron",
          "pg_stat_kcache");

  /** Setting prefixes of Spilo's modules; dropped when the module is not loaded. */
  private static final Map<String, String> MODULE_OF_PREFIX =
      Map.of(
          "bg_mon", "bg_mon",
          "extwlist", "pgextwlist",
          "pg_auth_mon", "pg_auth_mon",
          "set_user", "set_user",
          "cron", "pg_cron",
          "pg_stat_kcache", "pg_stat_kcache",
          "timescaledb", "timescaledb",
          "pg_mon", "pg_mon");

  private static final Set<String> SSL_FILE_PARAMETERS =
      Set.of("ssl_cert_file", "ssl_key_file", "ssl_ca_file", "ssl_crl_file");

  /** The rendered configuration and what the container log should say about it. */
  public record Rendered(Map<String, Object> config, List<String> notes) {
    public String yaml() {
      try {
        return YAML_WRITER.writeValueAsString(config);
      } catch (Exception e) {
        throw new IllegalStateException("cannot write Patroni configuration", e);
      }
    }
  }

  private PatroniConfig() {}

  /**
   * {@code SPILO_CONFIGURATION} (or the legacy {@code PATRONI_CONFIGURATION}) as a map; empty when
   * unset.
   *
   * @throws ImageException when it is not a YAML/JSON object
   */
  public static Map<String, Object> userConfiguration(SpiloStartupEnv env) throws ImageException {
    String text =
        env.value("SPILO_CONFIGURATION").or(() -> env.value("PATRONI_CONFIGURATION")).orElse(null);
    if (text == null) {
      return Map.of();
    }
    try {
      Object parsed = YAML_READER.readValue(text, Object.class);
      if (parsed == null) {
        return Map.of();
      }
      if (!(parsed instanceof Map)) {
        throw new ImageException("SPILO_CONFIGURATION is not a YAML/JSON object");
      }
      return YAML_READER.convertValue(parsed, new TypeReference<Map<String, Object>>() {});
    } catch (ImageException e) {
      throw e;
    } catch (Exception e) {
      throw new ImageException("SPILO_CONFIGURATION cannot be parsed: " + e.getMessage());
    }
  }

  public static Rendered render(SpiloStartupEnv env, Map<String, Object> user, NodeLayout node)
      throws ImageException {
    List<String> notes = new ArrayList<>();
    Map<String, Object> template = template(env, node, notes);
    template.putAll(DcsSection.build(env, node.podIp(), node.kubeContext(), notes));
    Map<String, Object> config = DeepMerge.merge(user, template);
    adapt(config, user, node, notes);
    return new Rendered(config, notes);
  }

  private static Map<String, Object> template(
      SpiloStartupEnv env, NodeLayout node, List<String> notes) throws ImageException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scope", env.scope());
    root.put("name", node.podName());
    root.put("namespace", env.value("POD_NAMESPACE", node.namespace()));
    root.put("bootstrap", bootstrap(env, node, notes));
    Map<String, Object> restapi = new LinkedHashMap<>();
    restapi.put("listen", "*:" + env.apiPort());
    restapi.put(
        "connect_address",
        hostPort(env.value("RESTAPI_CONNECT_ADDRESS", node.podIp()), env.apiPort()));
    root.put("restapi", restapi);
    if (env.isSet("SSL_RESTAPI_CERTIFICATE_FILE") || env.isSet("SSL_RESTAPI_CERTIFICATE")) {
      notes.add("REST API TLS (SSL_RESTAPI_*) is not supported here; the REST API is plain HTTP");
    }
    root.put("postgresql", postgresql(env, node, notes));
    return root;
  }

  private static Map<String, Object> bootstrap(
      SpiloStartupEnv env, NodeLayout node, List<String> notes) throws ImageException {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("post_init", node.postInitCommand() + " " + ShellQuoting.quote(env.humanRole()));
    Map<String, Object> dcs = new LinkedHashMap<>();
    StandbyCluster.build(env, node.standbyArchive(), notes)
        .ifPresent(s -> dcs.put("standby_cluster", s));
    dcs.put("ttl", 30);
    dcs.put("loop_wait", 10);
    dcs.put("retry_timeout", 10);
    dcs.put("maximum_lag_on_failover", 33554432);
    Map<String, Object> pg = new LinkedHashMap<>();
    pg.put("use_pg_rewind", true);
    pg.put("use_slots", true);
    pg.put("parameters", dynamicParameters());
    dcs.put("postgresql", pg);
    b.put("dcs", dcs);
    node.cloneBootstrap()
        .ifPresent(
            c -> {
              b.put("method", c.method());
              b.put(c.method(), c.section());
            });
    // Machines without en_US get C.UTF-8 (see initdbWithLocales).
    String locale = env.value("INITDB_LOCALE", "en_US");
    b.put(
        "initdb",
        List.of(Map.of("encoding", "UTF8"), Map.of("locale", locale + ".UTF-8"), "data-checksums"));
    return b;
  }

  static Map<String, Object> dynamicParameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("archive_mode", "on");
    p.put("archive_timeout", "1800s");
    p.put("wal_level", "hot_standby");
    p.put("wal_log_hints", "on");
    p.put("wal_compression", "on");
    p.put("max_wal_senders", 10);
    p.put("max_connections", 100);
    p.put("max_replication_slots", 10);
    p.put("hot_standby", "on");
    p.put("tcp_keepalives_idle", 900);
    p.put("tcp_keepalives_interval", 100);
    p.put("log_line_prefix", "%t [%p]: [%l-1] %c %x %d %u %a %h ");
    p.put("log_checkpoints", "on");
    p.put("log_lock_waits", "on");
    p.put("log_min_duration_statement", 500);
    p.put("log_autovacuum_min_duration", 0);
    p.put("log_connections", "on");
    p.put("log_disconnections", "on");
    p.put("log_statement", "ddl");
    p.put("log_temp_files", 0);
    p.put("track_functions", "all");
    p.put("checkpoint_completion_target", 0.9);
    p.put("autovacuum_max_workers", 5);
    p.put("autovacuum_vacuum_scale_factor", 0.05);
    p.put("autovacuum_analyze_scale_factor", 0.02);
    return p;
  }

  private static Map<String, Object> postgresql(
      SpiloStartupEnv env, NodeLayout node, List<String> notes) {
    Map<String, Object> pg = new LinkedHashMap<>();
    pg.put("name", node.podName());
    pg.put("listen", "*:" + env.pgPort());
    pg.put(
        "connect_address", hostPort(env.value("PG_CONNECT_ADDRESS", node.podIp()), env.pgPort()));
    pg.put("data_dir", node.dataDir().toString());
    pg.put("bin_dir", node.postgres().binDir().toString());
    pg.put("pgpass", node.pgpass().toString());
    pg.put("use_unix_socket", true);
    // During a custom bootstrap (a clone) Patroni's pg_hba.conf trusts the superuser only where
    // its local replication connections come from; the post-bootstrap hook connects over TCP
    // (JDBC), so for clones those go over loopback as well.
    pg.put("use_unix_socket_repl", node.cloneBootstrap().isEmpty());
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("superuser", Map.of("username", env.superuser(), "password", env.superuserPassword()));
    auth.put(
        "replication",
        Map.of("username", env.replicationUser(), "password", env.replicationPassword()));
    pg.put("authentication", auth);
    pg.put("parameters", localParameters(env, node));
    pg.put("pg_hba", PgHba.defaults(env));
    pg.put("create_replica_method", List.of("basebackup"));
    // Spilo's basebackup.sh is not here; Patroni's built-in method with a fast checkpoint keeps
    // replica creation quick on an idle local cluster.
    pg.put("basebackup", List.of(Map.of("checkpoint", "fast")));
    node.walArchive()
        .ifPresent(w -> pg.put("recovery_conf", Map.of("restore_command", w.restoreCommand())));
    node.standbyArchive()
        .ifPresent(
            a -> {
              Map<String, Object> method = new LinkedHashMap<>();
              method.put("command", a.bootstrapCommand());
              method.put("no_leader", true);
              pg.put(StandbyCluster.ARCHIVE_METHOD, method);
            });
    return pg;
  }

  private static Map<String, Object> localParameters(SpiloStartupEnv env, NodeLayout node) {
    boolean hourly = env.isTrue("LOG_SHIP_HOURLY");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(
        "archive_command",
        node.walArchive().map(NodeLayout.WalArchive::archiveCommand).orElse("/bin/true"));
    p.put("shared_buffers", "128MB");
    p.put("logging_collector", "on");
    p.put("log_destination", "csvlog");
    p.put("log_directory", "../pg_log");
    p.put("log_filename", hourly ? "postgresql-%u-%H.log" : "postgresql-%u.log");
    p.put("log_file_mode", "0644");
    p.put("log_rotation_age", hourly ? "1h" : "1d");
    p.put("log_truncate_on_rotation", "on");
    p.put("ssl", "on");
    p.put("shared_preload_libraries", String.join(",", SPILO_PRELOAD));
    p.put("bg_mon.listen_address", "0.0.0.0");
    p.put("bg_mon.history_buckets", 120);
    p.put("pg_stat_statements.track_utility", "off");
    p.put(
        "extwlist.extensions",
        "btree_gin,btree_gist,citext,extra_window_functions,first_last_agg,hll,hstore,hypopg,"
            + "intarray,ltree,pgcrypto,pgq,pgq_node,pg_trgm,postgres_fdw,roaringbitmap,tablefunc,"
            + "uuid-ossp,vector,timescaledb,pg_partman");
    p.put("extwlist.custom_path", "/scripts");
    return p;
  }

  /** Local adaptations after the merge (see class comment). */
  @SuppressWarnings("unchecked")
  private static void adapt(
      Map<String, Object> config, Map<String, Object> user, NodeLayout node, List<String> notes) {
    Map<String, Object> pg = (Map<String, Object>) config.get("postgresql");
    pg.put("bin_dir", node.postgres().binDir().toString());
    pg.put("data_dir", node.dataDir().toString());
    pg.put("pgpass", node.pgpass().toString());
    Map<String, Object> params =
        pg.get("parameters") instanceof Map
            ? (Map<String, Object>) pg.get("parameters")
            : new LinkedHashMap<>();
    pg.put("parameters", params);
    params.put("unix_socket_directories", node.socketDir().toString());

    Set<String> loaded = preloadLibraries(params, node, notes);
    List<String> dropped = new ArrayList<>();
    for (String key : new ArrayList<>(params.keySet())) {
      int dot = key.indexOf('.');
      if (dot > 0) {
        String module = MODULE_OF_PREFIX.get(key.substring(0, dot));
        if (module != null && !loaded.contains(module)) {
          params.remove(key);
          dropped.add(key);
        }
      }
    }
    if (!dropped.isEmpty()) {
      notes.add("settings of modules that are not loaded dropped: " + String.join(", ", dropped));
    }

    if (node.ssl().isPresent()) {
      NodeLayout.SslFiles ssl = node.ssl().get();
      params.put("ssl", "on");
      params.put("ssl_cert_file", ssl.cert().toString());
      params.put("ssl_key_file", ssl.key().toString());
      ssl.ca()
          .ifPresentOrElse(
              ca -> params.put("ssl_ca_file", ca.toString()), () -> params.remove("ssl_ca_file"));
      ssl.crl()
          .ifPresentOrElse(
              crl -> params.put("ssl_crl_file", crl.toString()),
              () -> params.remove("ssl_crl_file"));
    } else {
      params.put("ssl", "off");
      SSL_FILE_PARAMETERS.forEach(params::remove);
      notes.add(
          "PostgreSQL "
              + node.postgres().version()
              + " ("
              + node.postgres().source()
              + ") has no SSL support: ssl is off");
    }

    Object hba = pg.get("pg_hba");
    if (hba instanceof List<?> lines) {
      pg.put("pg_hba", PgHba.adapt(lines, node.ssl().isPresent(), notes));
    }

    if (config.get("bootstrap") instanceof Map<?, ?> bootstrap
        && bootstrap.get("initdb") instanceof List<?> initdb) {
      ((Map<String, Object>) bootstrap).put("initdb", initdbWithLocales(initdb, node, notes));
    }

    Map<String, Object> userPg =
        user.get("postgresql") instanceof Map
            ? (Map<String, Object>) user.get("postgresql")
            : Map.of();
    if (userPg.containsKey("callbacks") || userPg.containsKey("create_replica_method")) {
      notes.add("callbacks / create_replica_method from SPILO_CONFIGURATION are kept as given");
    }
  }

  private static final Set<String> LOCALE_OPTIONS =
      Set.of(
          "locale",
          "lc-collate",
          "lc-ctype",
          "lc-messages",
          "lc-monetary",
          "lc-numeric",
          "lc-time");

  /** initdb options naming a locale this machine lacks get {@code C.UTF-8} instead. */
  private static List<Object> initdbWithLocales(
      List<?> initdb, NodeLayout node, List<String> notes) {
    List<Object> out = new ArrayList<>();
    for (Object option : initdb) {
      if (option instanceof Map<?, ?> m && m.size() == 1) {
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String key = String.valueOf(e.getKey());
        String value = String.valueOf(e.getValue());
        if (LOCALE_OPTIONS.contains(key) && !node.locales().contains(Locales.normalize(value))) {
          notes.add(
              "initdb " + key + " " + value + " does not exist on this machine: C.UTF-8 instead");
          out.add(Map.of(key, "C.UTF-8"));
          continue;
        }
      }
      out.add(option);
    }
    return out;
  }

  /**
   * Keeps the preload libraries this build has. When {@code SPILO_CONFIGURATION} does not set the
   * list, Spilo's defaults apply (in practice: {@code pg_stat_statements} only).
   */
  private static Set<String> preloadLibraries(
      Map<String, Object> params, NodeLayout node, List<String> notes) {
    Object value = params.get("shared_preload_libraries");
    List<String> requested = new ArrayList<>();
    if (value != null) {
      for (String lib : String.valueOf(value).split(",")) {
        String l = lib.strip().replace("\"", "");
        if (!l.isEmpty() && !requested.contains(l)) {
          requested.add(l);
        }
      }
    }
    Set<String> kept = new TreeSet<>();
    List<String> keptOrdered = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String lib : requested) {
      if (node.postgres().libraries().contains(lib)) {
        kept.add(lib);
        keptOrdered.add(lib);
      } else {
        missing.add(lib);
      }
    }
    if (keptOrdered.isEmpty()) {
      params.remove("shared_preload_libraries");
    } else {
      params.put("shared_preload_libraries", String.join(",", keptOrdered));
    }
    if (!missing.isEmpty()) {
      notes.add(
          "shared_preload_libraries: not available in this build: " + String.join(", ", missing));
    }
    return kept;
  }

  /** {@code host:port}, with brackets around IPv6 addresses. */
  static String hostPort(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }
}
