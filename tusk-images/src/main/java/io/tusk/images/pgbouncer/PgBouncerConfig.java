package io.tusk.images.pgbouncer;

import io.tusk.images.ImageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders {@code pgbouncer.ini} from the environment Zalando's operator gives its pooler
 * containers, like the pooler image's template does with {@code envsubst}. Pure.
 *
 * <p>Mirrors {@code pooler/pgbouncer.ini.tmpl} of postgres-operator v2.0.1 (env from {@code
 * connection_pooler.go}). Local differences:
 *
 * <ul>
 *   <li>{@code auth_dbname} and {@code max_prepared_statements} only when the PgBouncer here knows
 *       them (1.19 and 1.21; Debian bookworm has 1.18): without {@code auth_dbname} the lookup runs
 *       in the client's database, where the operator installs {@code <schema>.user_lookup} too;
 *   <li>{@code server_tls_sslmode = prefer} instead of {@code require}: the PostgreSQL 18 build
 *       here has no SSL;
 *   <li>no {@code logfile} (PgBouncer logs to stderr, which becomes the container log); pid file,
 *       unix socket, auth file and certificates live in the container's scratch directory.
 * </ul>
 */
public final class PgBouncerConfig {

  /** Host paths the configuration refers to. */
  public record Files(
      Path authFile,
      Path pidFile,
      Optional<Path> unixSocketDir,
      Path tlsCert,
      Path tlsKey,
      Optional<Path> tlsCa) {}

  private PgBouncerConfig() {}

  public static String render(Map<String, String> env, Files files, String pgbouncerVersion)
      throws ImageException {
    String host = required(env, "PGHOST");
    String port = value(env, "PGPORT", "5432");
    String user = required(env, "PGUSER");
    String schema = value(env, "PGSCHEMA", "pooler");
    StringBuilder ini = new StringBuilder();
    ini.append("; rendered by Tusk from the pooler container's environment\n");
    ini.append("[databases]\n");
    String target = "host=" + host + " port=" + port + " auth_user=" + user;
    ini.append("* = ").append(target).append('\n');
    ini.append("postgres = ").append(target).append('\n');
    ini.append('\n');
    ini.append("[pgbouncer]\n");
    line(ini, "pool_mode", value(env, "CONNECTION_POOLER_MODE", "transaction"));
    line(ini, "listen_port", value(env, "CONNECTION_POOLER_PORT", "5432"));
    line(ini, "listen_addr", "*");
    line(ini, "admin_users", user);
    value(env, "INFRASTRUCTURE_ROLES").ifPresent(v -> line(ini, "stats_users", v));
    if (atLeast(pgbouncerVersion, 1, 19)) {
      line(ini, "auth_dbname", "postgres");
    }
    line(ini, "auth_file", files.authFile().toString());
    line(ini, "auth_query", "SELECT * FROM " + schema + ".user_lookup($1)");
    line(ini, "auth_type", "md5");
    line(ini, "pidfile", files.pidFile().toString());
    line(ini, "unix_socket_dir", files.unixSocketDir().map(Path::toString).orElse(""));
    ini.append('\n');
    line(ini, "server_tls_sslmode", "prefer");
    line(ini, "server_tls_ca_file", files.tlsCert().toString());
    line(ini, "server_tls_protocols", "secure");
    line(ini, "client_tls_sslmode", "require");
    line(ini, "client_tls_key_file", files.tlsKey().toString());
    line(ini, "client_tls_cert_file", files.tlsCert().toString());
    files.tlsCa().ifPresent(ca -> line(ini, "client_tls_ca_file", ca.toString()));
    ini.append('\n');
    line(ini, "log_connections", "0");
    line(ini, "log_disconnections", "0");
    if (atLeast(pgbouncerVersion, 1, 21)) {
      line(ini, "max_prepared_statements", "200");
    }
    line(ini, "default_pool_size", value(env, "CONNECTION_POOLER_DEFAULT_SIZE", "15"));
    line(ini, "reserve_pool_size", value(env, "CONNECTION_POOLER_RESERVE_SIZE", "7"));
    line(ini, "max_client_conn", value(env, "CONNECTION_POOLER_MAX_CLIENT_CONN", "10000"));
    line(ini, "max_db_connections", value(env, "CONNECTION_POOLER_MAX_DB_CONN", "30"));
    line(ini, "idle_transaction_timeout", "600");
    line(ini, "server_login_retry", "5");
    line(ini, "ignore_startup_parameters", "extra_float_digits,options");
    return ini.toString();
  }

  /** The userlist line of older pooler images: {@code "<PGUSER>" "<PGPASSWORD>"}. */
  public static String userlist(Map<String, String> env) throws ImageException {
    return quoted(required(env, "PGUSER")) + " " + quoted(required(env, "PGPASSWORD")) + "\n";
  }

  /** Whether a dotted version is at least major.minor (unknown versions count as old). */
  static boolean atLeast(String version, int major, int minor) {
    if (version == null) {
      return false;
    }
    String[] parts = version.split("\\.");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static void line(StringBuilder ini, String key, String value) {
    if (value.contains("\n")) {
      throw new IllegalArgumentException(key + " must be a single line");
    }
    ini.append(key).append(" = ").append(value).append('\n');
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static String value(Map<String, String> env, String name, String defaultValue) {
    return value(env, name).orElse(defaultValue);
  }

  private static String required(Map<String, String> env, String name) throws ImageException {
    return value(env, name)
        .orElseThrow(() -> new ImageException("the pooler container has no " + name));
  }

  /** Keys of the rendered file, for tests and notes. */
  static List<String> keys(String ini) {
    return ini.lines()
        .filter(l -> l.contains(" = "))
        .map(l -> l.substring(0, l.indexOf(" = ")))
        .toList();
  }
}
