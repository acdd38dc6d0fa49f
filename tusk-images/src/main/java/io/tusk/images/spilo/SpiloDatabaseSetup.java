package io.tusk.images.spilo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What Spilo's {@code post_init.sh} leaves in a new cluster, as far as the local builds allow; all
 * steps are idempotent (they run again on every bootstrap attempt and may be re-run by hand).
 *
 * <p>Cluster-wide, in the bootstrap database: the roles {@code admin} (CREATEDB, NOLOGIN), {@code
 * cron_admin} (NOLOGIN, granted to admin), the human role ({@code HUMAN_ROLE}, default {@code
 * zalandos}) and {@code robot_zmon}, all reset to exactly these attributes when they exist; the
 * csvlog access objects ({@code file_fdw}, server {@code pglog}, {@code public.postgres_log} with
 * {@code postgres_log_0..7} and {@code failed_authentication_0..7}) when {@code file_fdw} exists.
 *
 * <p>In every database that allows connections (including {@code template1}, so new databases
 * inherit it): schema {@code user_management} with its SECURITY DEFINER functions for {@code
 * admin}, extension {@code pg_stat_statements} when the build has it (reset function granted to
 * admin), {@code pg_switch_wal()} granted to admin.
 *
 * <p>Not done, because the modules are not in the local builds: {@code pg_auth_mon}, {@code
 * pg_cron} objects, {@code set_user}, {@code pg_stat_kcache}, {@code pg_mon}, the {@code
 * zmon_utils} schema (needs plpython3u), {@code metric_helpers}, TimescaleDB/PostGIS upgrades.
 *
 * <p>Mirrors {@code post_init.sh} and {@code create_user_functions.sql} of Spilo (4.0-p3).
 */
final class SpiloDatabaseSetup {

  private SpiloDatabaseSetup() {}

  /** The cluster-wide part, on the bootstrap database's connection. */
  static void clusterWide(Connection c, String humanRole, Consumer<String> log)
      throws SQLException {
    ensureRole(c, "admin", "CREATEDB NOLOGIN NOCREATEROLE NOSUPERUSER NOREPLICATION INHERIT", log);
    ensureRole(
        c, "cron_admin", "NOCREATEDB NOLOGIN NOCREATEROLE NOSUPERUSER NOREPLICATION INHERIT", log);
    execute(c, "GRANT cron_admin TO admin");
    log.accept("granted cron_admin to admin");
    ensureRole(
        c, humanRole, "NOCREATEDB NOLOGIN NOCREATEROLE NOSUPERUSER NOREPLICATION INHERIT", log);
    ensureRole(
        c, "robot_zmon", "NOCREATEDB NOLOGIN NOCREATEROLE NOSUPERUSER NOREPLICATION INHERIT", log);
    if (available(c, "file_fdw")) {
      logTables(c, log);
    } else {
      log.accept("file_fdw is not in this build: no postgres_log tables");
    }
  }

  /** The per-database part. */
  static void perDatabase(Connection c, String humanRole, Consumer<String> log)
      throws SQLException {
    String db = single(c, "SELECT current_database()");
    execute(c, userManagementSql(humanRole));
    log.accept(db + ": schema user_management");
    if (available(c, "pg_stat_statements")) {
      execute(c, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public");
      for (String signature :
          list(
              c,
              "SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p"
                  + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                  + " WHERE n.nspname = 'public' AND p.proname = 'pg_stat_statements_reset'")) {
        execute(c, "GRANT EXECUTE ON FUNCTION " + signature + " TO admin");
      }
      log.accept(db + ": extension pg_stat_statements");
    }
    execute(c, "GRANT EXECUTE ON FUNCTION pg_catalog.pg_switch_wal() TO admin");
  }

  /** The databases to visit, as Spilo selects them ({@code datallowconn}). */
  static List<String> databases(Connection c) throws SQLException {
    return list(
        c, "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY datname");
  }

  private static void ensureRole(Connection c, String role, String attributes, Consumer<String> log)
      throws SQLException {
    boolean exists =
        !list(c, "SELECT 1 FROM pg_catalog.pg_authid WHERE rolname = " + literal(role)).isEmpty();
    if (exists) {
      execute(c, "ALTER ROLE " + ident(role) + " WITH " + attributes);
      log.accept("role " + role + " reset to " + attributes);
    } else {
      execute(c, "CREATE ROLE " + ident(role) + " WITH " + attributes);
      log.accept("role " + role + " created (" + attributes + ")");
    }
  }

  private static void logTables(Connection c, Consumer<String> log) throws SQLException {
    int major = Integer.parseInt(single(c, "SELECT current_setting('server_version_num')")) / 10000;
    String owner = single(c, "SELECT session_user");
    execute(c, "CREATE EXTENSION IF NOT EXISTS file_fdw SCHEMA public");
    if (list(c, "SELECT 1 FROM pg_catalog.pg_foreign_server WHERE srvname = 'pglog'").isEmpty()) {
      execute(c, "CREATE SERVER pglog FOREIGN DATA WRAPPER file_fdw");
    }
    execute(
        c,
        "CREATE TABLE IF NOT EXISTS public.postgres_log ("
            + " log_time timestamp(3) with time zone, user_name text, database_name text,"
            + " process_id integer, connection_from text, session_id text NOT NULL,"
            + " session_line_num bigint NOT NULL, command_tag text,"
            + " session_start_time timestamp with time zone, virtual_transaction_id text,"
            + " transaction_id bigint, error_severity text, sql_state_code text, message text,"
            + " detail text, hint text, internal_query text, internal_query_pos integer,"
            + " context text, query text, query_pos integer, location text,"
            + " application_name text,"
            + " CONSTRAINT postgres_log_check CHECK (false) NO INHERIT)");
    execute(c, "GRANT SELECT ON public.postgres_log TO admin");
    // csvlog gained columns over the versions; file_fdw needs the exact column list.
    if (major >= 13) {
      execute(c, "ALTER TABLE public.postgres_log ADD COLUMN IF NOT EXISTS backend_type text");
    }
    if (major >= 14) {
      execute(c, "ALTER TABLE public.postgres_log ADD COLUMN IF NOT EXISTS leader_pid integer");
      execute(c, "ALTER TABLE public.postgres_log ADD COLUMN IF NOT EXISTS query_id bigint");
    }
    // Day of week 0..7: Sunday is 0 or 7 depending on the format, so both exist (as in Spilo).
    for (int day = 0; day <= 7; day++) {
      String table = "public.postgres_log_" + day;
      execute(
          c,
          "CREATE FOREIGN TABLE IF NOT EXISTS "
              + table
              + " () INHERITS (public.postgres_log) SERVER pglog OPTIONS (filename "
              + literal("../pg_log/postgresql-" + day + ".csv")
              + ", format 'csv', header 'false')");
      execute(c, "GRANT SELECT ON " + table + " TO admin");
      String view = "public.failed_authentication_" + day;
      execute(
          c,
          "CREATE OR REPLACE VIEW "
              + view
              + " WITH (security_barrier) AS SELECT * FROM "
              + table
              + " WHERE command_tag = 'authentication' AND error_severity = 'FATAL'");
      execute(c, "ALTER VIEW " + view + " OWNER TO " + ident(owner));
      execute(c, "GRANT SELECT ON TABLE " + view + " TO robot_zmon");
    }
    log.accept("csvlog tables public.postgres_log_0..7 and failed_authentication_0..7");
  }

  static String userManagementSql(String humanRole) {
    try (InputStream in = SpiloDatabaseSetup.class.getResourceAsStream("user_management.sql")) {
      if (in == null) {
        throw new IllegalStateException("user_management.sql is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${HUMAN_ROLE}", ident(humanRole).replace("%", "%%").replace("'", "''"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean available(Connection c, String extension) throws SQLException {
    return !list(
            c,
            "SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = " + literal(extension))
        .isEmpty();
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String single(Connection c, String sql) throws SQLException {
    List<String> rows = list(c, sql);
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static List<String> list(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** A quoted SQL identifier. */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** A quoted SQL string literal (standard_conforming_strings is on since 9.1). */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
