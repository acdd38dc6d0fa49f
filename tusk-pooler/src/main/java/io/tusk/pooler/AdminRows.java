package io.tusk.pooler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the admin console's answers (rows of column name to text) into records, by column name: a
 * column a version does not have reads as 0, empty or false, so that 1.18 and later versions read
 * alike. Pure.
 */
final class AdminRows {

  /** PgBouncer's answer to {@code PAUSE} of the admin database when the pooler is not paused. */
  static final String CANNOT_PAUSE_ADMIN_DB = "cannot pause admin db";

  /** PgBouncer's answer to {@code PAUSE} when already paused or suspended. */
  static final String ALREADY_PAUSED = "already suspended/paused";

  /** PgBouncer's answer to {@code RESUME} when neither paused nor suspended. */
  static final String NOT_PAUSED = "pooler is not paused/suspended";

  /** PgBouncer's answer to a command it does not know. */
  static final String INVALID_COMMAND = "invalid command";

  private AdminRows() {}

  static List<PoolStats> pools(List<Map<String, String>> rows) {
    List<PoolStats> out = new ArrayList<>();
    for (Map<String, String> r : rows) {
      out.add(
          new PoolStats(
              text(r, "database"),
              text(r, "user"),
              integer(r, "cl_active"),
              integer(r, "cl_waiting"),
              integer(r, "sv_active"),
              integer(r, "sv_idle"),
              integer(r, "sv_used"),
              integer(r, "sv_tested"),
              integer(r, "sv_login"),
              longValue(r, "maxwait"),
              text(r, "pool_mode")));
    }
    return out;
  }

  static List<ServerConnection> servers(List<Map<String, String>> rows) {
    List<ServerConnection> out = new ArrayList<>();
    for (Map<String, String> r : rows) {
      out.add(
          new ServerConnection(
              text(r, "user"),
              text(r, "database"),
              text(r, "state"),
              text(r, "addr"),
              integer(r, "port"),
              integer(r, "remote_pid"),
              flag(r, "close_needed"),
              text(r, "connect_time")));
    }
    return out;
  }

  static List<DatabaseInfo> databases(List<Map<String, String>> rows) {
    List<DatabaseInfo> out = new ArrayList<>();
    for (Map<String, String> r : rows) {
      out.add(
          new DatabaseInfo(
              text(r, "name"),
              text(r, "host"),
              integer(r, "port"),
              text(r, "database"),
              integer(r, "pool_size"),
              integer(r, "current_connections"),
              flag(r, "paused"),
              flag(r, "disabled")));
    }
    return out;
  }

  /** {@code SHOW STATE} (1.19+): rows {@code key}/{@code value}, yes or no. */
  static PauseMode pauseModeFromState(List<Map<String, String>> rows) {
    boolean paused = false;
    boolean suspended = false;
    for (Map<String, String> r : rows) {
      boolean yes = "yes".equalsIgnoreCase(text(r, "value"));
      switch (text(r, "key")) {
        case "paused" -> paused = yes;
        case "suspended" -> suspended = yes;
        default -> {}
      }
    }
    return suspended ? PauseMode.SUSPENDED : paused ? PauseMode.PAUSED : PauseMode.RUNNING;
  }

  /**
   * Reads PgBouncer's answer to {@code PAUSE pgbouncer}, which never pauses anything: PgBouncer
   * checks the global pause before the database, so the answer says whether the pooler is paused.
   */
  static Optional<PauseMode> pauseModeFromAdminDbPause(String error) {
    if (error == null) {
      return Optional.empty();
    }
    if (error.contains(ALREADY_PAUSED)) {
      return Optional.of(PauseMode.PAUSED_OR_SUSPENDED);
    }
    if (error.contains(CANNOT_PAUSE_ADMIN_DB)) {
      return Optional.of(PauseMode.RUNNING);
    }
    return Optional.empty();
  }

  /** The pools, admin console left out, that still hold server connections. */
  static List<PoolStats> holding(List<PoolStats> pools) {
    return pools.stream().filter(p -> !p.isAdminConsole() && p.servers() > 0).toList();
  }

  /** The text with every occurrence of the secret replaced. */
  static String redact(String text, String secret) {
    if (text == null) {
      return "";
    }
    if (secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, "*****");
  }

  private static String text(Map<String, String> r, String column) {
    String v = r.get(column.toLowerCase(Locale.ROOT));
    return v == null ? "" : v;
  }

  private static int integer(Map<String, String> r, String column) {
    long v = longValue(r, column);
    return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
  }

  private static long longValue(Map<String, String> r, String column) {
    String v = text(r, column).trim();
    if (v.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean flag(Map<String, String> r, String column) {
    String v = text(r, column).trim();
    return v.equals("1") || v.equalsIgnoreCase("t") || v.equalsIgnoreCase("yes");
  }
}
