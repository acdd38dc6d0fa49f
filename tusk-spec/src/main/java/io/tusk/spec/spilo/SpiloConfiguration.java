package io.tusk.spec.spilo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.PostgresqlParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the {@code SPILO_CONFIGURATION} environment value: the JSON document Spilo deep-merges
 * over its Patroni template. Mirrors {@code k8sres.go#generateSpiloJSONConfiguration} and {@code
 * isBootstrapOnlyParameter} (v2.0.1), including the key order of Zalando's Go structs:
 *
 * <pre>{@code
 * {"postgresql":{bin_dir?, parameters?, pg_hba?},
 *  "bootstrap":{"initdb":[{"auth-host":"scram-sha-256"},{"auth-local":"trust"},...],
 *               "dcs":{ttl, loop_wait, retry_timeout, maximum_lag_on_failover, synchronous_mode,
 *                      synchronous_mode_strict, synchronous_node_count, postgresql, slots,
 *                      failsafe_mode}}}
 * }</pre>
 *
 * <p>PostgreSQL parameters named in {@link #LOCAL_PARAMETERS} stay in the local {@code
 * postgresql.parameters} section (Spilo computes or owns them per pod); all other parameters go to
 * {@code bootstrap.dcs.postgresql.parameters}, which Patroni only reads when the cluster is
 * initialised (later changes are PATCHed through Patroni's REST API).
 */
public final class SpiloConfiguration {

  /**
   * Parameters that Zalando keeps in the local section. Zalando's predicate {@code
   * isBootstrapOnlyParameter} returns {@code false} for exactly these names.
   */
  public static final Set<String> LOCAL_PARAMETERS =
      Set.of(
          "archive_command",
          "shared_buffers",
          "logging_collector",
          "log_destination",
          "log_directory",
          "log_filename",
          "log_file_mode",
          "log_rotation_age",
          "log_truncate_on_rotation",
          "ssl",
          "ssl_ca_file",
          "ssl_crl_file",
          "ssl_cert_file",
          "ssl_key_file",
          "shared_preload_libraries",
          "bg_mon.listen_address",
          "bg_mon.history_buckets",
          "pg_stat_statements.track_utility",
          "extwlist.extensions",
          "extwlist.custom_path");

  /** initdb options that take no argument: {@code "true"} turns them into a bare flag. */
  private static final Set<String> INITDB_FLAGS =
      Set.of("data-checksums", "debug", "no-locale", "noclean", "nosync", "sync-only");

  private static final String BIN_DIR_TEMPLATE = "/usr/lib/postgresql/%s/bin";

  private SpiloConfiguration() {}

  /**
   * Zalando's {@code isBootstrapOnlyParameter}: {@code true} when the parameter belongs to {@code
   * bootstrap.dcs} (every parameter not listed in {@link #LOCAL_PARAMETERS}).
   */
  public static boolean isBootstrapOnlyParameter(String parameter) {
    return !LOCAL_PARAMETERS.contains(parameter);
  }

  /**
   * Renders the JSON.
   *
   * @param pgVersionEnvVar whether {@code enable_pgversion_env_var} is on; when off, {@code
   *     postgresql.bin_dir} pins the binaries instead of the {@code PGVERSION} variable
   * @param globalFailsafeMode {@code enable_patroni_failsafe_mode}, {@code null} when unset
   */
  public static String build(
      PostgresqlParam postgresql,
      Patroni patroni,
      boolean pgVersionEnvVar,
      Boolean globalFailsafeMode) {
    return build(
        postgresql,
        patroni,
        pgVersionEnvVar,
        globalFailsafeMode,
        postgresql == null ? null : postgresql.getVersion());
  }

  /**
   * Renders the JSON with {@code binDirVersion} in {@code postgresql.bin_dir} (when {@code
   * pgVersionEnvVar} is off): the version a running cluster keeps outside its maintenance windows
   * ({@link MajorVersionChange}).
   */
  public static String build(
      PostgresqlParam postgresql,
      Patroni patroni,
      boolean pgVersionEnvVar,
      Boolean globalFailsafeMode,
      String binDirVersion) {
    Patroni p = patroni == null ? new Patroni() : patroni;
    Map<String, Object> dcs = dcs(postgresql, p, globalFailsafeMode);
    Map<String, String> local = new TreeMap<>();
    Map<String, String> parameters = postgresql == null ? null : postgresql.getParameters();
    if (parameters != null) {
      parameters.forEach(
          (k, v) -> {
            if (!isBootstrapOnlyParameter(k)) {
              local.put(k, nullToEmpty(v));
            }
          });
    }

    // A Go map: keys come out sorted (bin_dir, parameters, pg_hba).
    Map<String, Object> localSection = new TreeMap<>();
    if (!pgVersionEnvVar) {
      localSection.put("bin_dir", String.format(BIN_DIR_TEMPLATE, nullToEmpty(binDirVersion)));
    }
    if (!local.isEmpty()) {
      localSection.put("parameters", local);
    }
    if (p.getPgHba() != null && !p.getPgHba().isEmpty()) {
      localSection.put("pg_hba", List.copyOf(p.getPgHba()));
    }

    Map<String, Object> bootstrapSection = new LinkedHashMap<>();
    bootstrapSection.put("initdb", initdb(p.getInitdb()));
    bootstrapSection.put("dcs", dcs);

    Map<String, Object> root = new LinkedHashMap<>();
    root.put("postgresql", localSection);
    root.put("bootstrap", bootstrapSection);
    return GoJson.write(root);
  }

  /**
   * The {@code bootstrap.dcs} section: Patroni's dynamic configuration as the manifest declares it.
   * Spilo seeds the DCS with it at initialisation; afterwards the operator patches the keys that
   * differ through Patroni's {@code PATCH /config}, so both read this one definition.
   */
  public static Map<String, Object> dcs(
      PostgresqlParam postgresql, Patroni patroni, Boolean globalFailsafeMode) {
    Patroni p = patroni == null ? new Patroni() : patroni;
    Map<String, Object> dcs = new LinkedHashMap<>();
    putPositive(dcs, "ttl", p.getTtl());
    putPositive(dcs, "loop_wait", p.getLoopWait());
    putPositive(dcs, "retry_timeout", p.getRetryTimeout());
    // Zalando converts to float32 and drops 0 (omitempty); Tusk writes the integer unchanged.
    if (p.getMaximumLagOnFailover() != null && p.getMaximumLagOnFailover() > 0) {
      dcs.put("maximum_lag_on_failover", p.getMaximumLagOnFailover());
    }
    if (Boolean.TRUE.equals(p.getSynchronousMode())) {
      dcs.put("synchronous_mode", true);
    }
    if (Boolean.TRUE.equals(p.getSynchronousModeStrict())) {
      dcs.put("synchronous_mode_strict", true);
    }
    if (p.getSynchronousNodeCount() != null && p.getSynchronousNodeCount() >= 1) {
      dcs.put("synchronous_node_count", p.getSynchronousNodeCount());
    }
    Map<String, String> bootstrap = new TreeMap<>();
    Map<String, String> parameters = postgresql == null ? null : postgresql.getParameters();
    if (parameters != null) {
      parameters.forEach(
          (k, v) -> {
            if (isBootstrapOnlyParameter(k)) {
              bootstrap.put(k, nullToEmpty(v));
            }
          });
    }
    if (!bootstrap.isEmpty()) {
      dcs.put("postgresql", Map.of("parameters", bootstrap));
    }
    if (p.getSlots() != null && !p.getSlots().isEmpty()) {
      Map<String, Object> slots = new TreeMap<>();
      p.getSlots()
          .forEach((name, slot) -> slots.put(name, slot == null ? null : new TreeMap<>(slot)));
      dcs.put("slots", slots);
    }
    Boolean failsafe = p.getFailsafeMode() != null ? p.getFailsafeMode() : globalFailsafeMode;
    if (failsafe != null) {
      dcs.put("failsafe_mode", failsafe);
    }
    return dcs;
  }

  /**
   * Whether two {@code SPILO_CONFIGURATION} values are equal once {@code bootstrap.dcs} is ignored
   * (it only matters at initialisation; live changes go through Patroni's API). Mirrors {@code
   * cluster.go#compareSpiloConfiguration}: unparsable JSON never matches.
   */
  public static boolean equalIgnoringDcs(String a, String b) {
    JsonNode na = GoJson.parseOrNull(a);
    JsonNode nb = GoJson.parseOrNull(b);
    if (na == null || nb == null) {
      return false;
    }
    return Objects.equals(withoutDcs(na), withoutDcs(nb));
  }

  private static JsonNode withoutDcs(JsonNode node) {
    JsonNode copy = node.deepCopy();
    if (copy.get("bootstrap") instanceof ObjectNode bootstrap) {
      bootstrap.remove("dcs");
    }
    return copy;
  }

  /**
   * Zalando's initdb merge: the two default maps first, then the manifest options sorted by name;
   * an option already present as a map key replaces that value, flags set to {@code "true"} become
   * bare strings, and a value equal to an existing bare string is dropped.
   */
  private static List<Object> initdb(Map<String, String> options) {
    List<Object> items = new ArrayList<>();
    items.add(new LinkedHashMap<>(Map.of("auth-host", "scram-sha-256")));
    items.add(new LinkedHashMap<>(Map.of("auth-local", "trust")));
    if (options == null) {
      return items;
    }
    for (Map.Entry<String, String> option : new TreeMap<>(options).entrySet()) {
      String key = option.getKey();
      String value = nullToEmpty(option.getValue());
      if (mergedIntoExisting(items, key, value)) {
        continue;
      }
      if ("true".equals(value) && INITDB_FLAGS.contains(key)) {
        items.add(key);
      } else {
        Map<String, String> item = new LinkedHashMap<>();
        item.put(key, value);
        items.add(item);
      }
    }
    return items;
  }

  @SuppressWarnings("unchecked")
  private static boolean mergedIntoExisting(List<Object> items, String key, String value) {
    for (Object item : items) {
      if (item instanceof Map<?, ?> map && map.containsKey(key)) {
        ((Map<String, String>) map).put(key, value);
        return true;
      }
      if (item instanceof String s && s.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static void putPositive(Map<String, Object> target, String key, Integer value) {
    if (value != null && value != 0) {
      target.put(key, value);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
