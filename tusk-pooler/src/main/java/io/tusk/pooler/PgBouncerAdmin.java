package io.tusk.pooler;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A client of one PgBouncer instance's admin console (the virtual database {@code pgbouncer}): the
 * commands the operator needs around a switchover and after a failover, and what the instance
 * reports. Every call opens its own connection (simple query protocol only, as the console
 * requires) and closes it; the class holds no connection and is safe to share.
 *
 * <ul>
 *   <li>{@link #pause(Duration)}: {@code PAUSE}; returns once every server connection is released
 *       (open transactions commit or roll back first), or when the time runs out, then with the
 *       pools that still hold server connections. New queries wait meanwhile, they do not fail
 *       (until PgBouncer's {@code query_wait_timeout}, 120 s by default);
 *   <li>{@link #resume()}: {@code RESUME}; waiting queries run;
 *   <li>{@link #reconnect()}: {@code RECONNECT}; every server connection is closed once released
 *       and replaced by a new one, so none stays on a former primary;
 *   <li>{@link #waitClose(Duration)}: {@code WAIT_CLOSE}, until the connections {@code RECONNECT}
 *       marked are closed;
 *   <li>{@link #state()}, {@link #pools()}, {@link #servers()}, {@link #databases()}: {@code SHOW
 *       ...}.
 * </ul>
 *
 * <p>Every failure is a {@link PgBouncerAdminException} naming the instance and the command; the
 * password never appears in one.
 */
public final class PgBouncerAdmin {

  /** The admin console's virtual database. */
  public static final String ADMIN_DATABASE = "pgbouncer";

  private static final long POLL_MILLIS = 100;
  private static final Executor SAME_THREAD = Runnable::run;

  /**
   * PgJDBC warns on every console connection that the server version ({@code 1.18.0/bouncer}) is
   * unsupported; the console is not a PostgreSQL server, so that warning alone is dropped. Held
   * here because java.util.logging keeps loggers only weakly.
   */
  private static final Logger PGJDBC_CONNECTION_LOG = quietBouncerVersionWarning();

  private final AdminTarget target;

  public PgBouncerAdmin(AdminTarget target) {
    this.target = target;
  }

  public AdminTarget target() {
    return target;
  }

  /** {@code SHOW VERSION}, for example {@code PgBouncer 1.18.0}. */
  public String version() {
    return call("SHOW VERSION", c -> version(c));
  }

  /** {@code SHOW POOLS}, without the admin console's own pool. */
  public List<PoolStats> pools() {
    return call("SHOW POOLS", c -> pools(c));
  }

  /** {@code SHOW SERVERS}: the connections to PostgreSQL. */
  public List<ServerConnection> servers() {
    return call("SHOW SERVERS", c -> AdminRows.servers(rows(c, "SHOW SERVERS")));
  }

  /** {@code SHOW DATABASES}, without the admin console's own database. */
  public List<DatabaseInfo> databases() {
    return call("SHOW DATABASES", c -> databases(c));
  }

  /**
   * Whether the whole pooler is paused: {@code SHOW STATE} where PgBouncer has it (1.19+); before,
   * PgBouncer's answer to {@code PAUSE pgbouncer}, which pauses nothing (the admin database cannot
   * be paused, and a pooler already paused says so first). Needs a user of {@code admin_users};
   * PgBouncer 1.18 logs that probe as a {@code PAUSE 'pgbouncer'} command.
   */
  public PauseMode pauseMode() {
    return call("SHOW STATE", c -> pauseMode(c));
  }

  /** The pause mode, databases and pools, read over one connection. */
  public PoolerState state() {
    return call(
        "SHOW STATE",
        c -> new PoolerState(target.describe(), version(c), pauseMode(c), databases(c), pools(c)));
  }

  /**
   * {@code PAUSE}: new queries wait; returns once every server connection is released and closed,
   * or after {@code timeout} with what still holds. A pooler already paused (by an earlier call
   * that ran out of time, for example) is waited for in the same way. The pooler stays paused in
   * both cases until {@link #resume()}.
   */
  public DrainResult pause(Duration timeout) {
    return drain("PAUSE", timeout, true);
  }

  /**
   * {@code WAIT_CLOSE}: returns once the server connections that {@code RECONNECT} (or a reload)
   * marked are closed, or after {@code timeout} with what still holds.
   */
  public DrainResult waitClose(Duration timeout) {
    return drain("WAIT_CLOSE", timeout, false);
  }

  /**
   * {@code RESUME}: waiting queries run. Returns false, changing nothing, when the pooler was not
   * paused (so that resuming is always safe, after an operator restart for example).
   */
  public boolean resume() {
    return call(
        "RESUME",
        c -> {
          try {
            command(c, "RESUME");
            return true;
          } catch (SQLException e) {
            if (message(e).contains(AdminRows.NOT_PAUSED)) {
              return false;
            }
            throw e;
          }
        });
  }

  /**
   * {@code RECONNECT}: every server connection is closed once its client releases it (at the end of
   * the transaction in transaction mode) and new ones are opened on demand. Returns at once.
   */
  public void reconnect() {
    call(
        "RECONNECT",
        c -> {
          command(c, "RECONNECT");
          return null;
        });
  }

  // ---------------------------------------------------------------------------------------------

  private DrainResult drain(String command, Duration timeout, boolean pause) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(command + " timeout must be positive: " + timeout);
    }
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    boolean waitByPolling = false;
    try (Connection c = open(command)) {
      c.setNetworkTimeout(SAME_THREAD, Math.max(1, remainingMillis(deadline)));
      command(c, command);
      return new DrainResult(target.describe(), command, true, since(start), List.of());
    } catch (SQLException e) {
      if (timedOut(e)) {
        // The console connection is gone; PgBouncer keeps the pause and goes on closing.
        return incomplete(command, start);
      }
      if (pause && message(e).contains(AdminRows.ALREADY_PAUSED)) {
        waitByPolling = true;
      } else {
        throw failure(command, e);
      }
    }
    if (waitByPolling) {
      while (true) {
        List<PoolStats> holding = AdminRows.holding(pools());
        if (holding.isEmpty()) {
          return new DrainResult(target.describe(), command, true, since(start), List.of());
        }
        if (System.nanoTime() >= deadline) {
          return new DrainResult(target.describe(), command, false, since(start), holding);
        }
        sleep(Math.min(POLL_MILLIS, Math.max(1, remainingMillis(deadline))));
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private DrainResult incomplete(String command, long start) {
    Duration elapsed = since(start);
    List<PoolStats> holding =
        call(
            "SHOW POOLS (after " + command + " ran out of time)", c -> AdminRows.holding(pools(c)));
    return new DrainResult(target.describe(), command, false, elapsed, holding);
  }

  private String version(Connection c) throws SQLException {
    List<Map<String, String>> rows = rows(c, "SHOW VERSION");
    if (rows.isEmpty()) {
      return "";
    }
    // 1.18 answers one column "version"; older versions a NOTICE. Take the first value.
    return rows.get(0).values().stream().findFirst().orElse("");
  }

  private List<PoolStats> pools(Connection c) throws SQLException {
    return AdminRows.pools(rows(c, "SHOW POOLS")).stream()
        .filter(p -> !p.isAdminConsole())
        .toList();
  }

  private List<DatabaseInfo> databases(Connection c) throws SQLException {
    return AdminRows.databases(rows(c, "SHOW DATABASES")).stream()
        .filter(d -> !ADMIN_DATABASE.equals(d.name()))
        .toList();
  }

  private PauseMode pauseMode(Connection c) throws SQLException {
    try {
      return AdminRows.pauseModeFromState(rows(c, "SHOW STATE"));
    } catch (SQLException e) {
      if (!message(e).contains(AdminRows.INVALID_COMMAND)) {
        throw e;
      }
    }
    try {
      command(c, "PAUSE " + ADMIN_DATABASE);
    } catch (SQLException e) {
      Optional<PauseMode> mode = AdminRows.pauseModeFromAdminDbPause(message(e));
      if (mode.isPresent()) {
        return mode.get();
      }
      throw e;
    }
    throw new SQLException("PAUSE " + ADMIN_DATABASE + " was accepted; cannot tell the pause mode");
  }

  private static Logger quietBouncerVersionWarning() {
    Logger log = Logger.getLogger("org.postgresql.jdbc.PgConnection");
    Filter previous = log.getFilter();
    log.setFilter(
        r -> {
          if (isBouncerVersionWarning(r)) {
            return false;
          }
          return previous == null || previous.isLoggable(r);
        });
    return log;
  }

  static boolean isBouncerVersionWarning(LogRecord r) {
    if (r.getMessage() == null || !r.getMessage().startsWith("Unsupported Server Version")) {
      return false;
    }
    Object[] params = r.getParameters();
    return params != null && params.length > 0 && String.valueOf(params[0]).endsWith("/bouncer");
  }

  // ---------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Call<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T call(String command, Call<T> body) {
    try (Connection c = open(command)) {
      c.setNetworkTimeout(
          SAME_THREAD, (int) Math.min(Integer.MAX_VALUE, millis(target.commandTimeout())));
      return body.run(c);
    } catch (SQLException e) {
      throw failure(command, e);
    }
  }

  private Connection open(String command) {
    try {
      Connection c =
          new org.postgresql.Driver().connect(jdbcUrl(target), connectionProperties(target));
      if (c == null) {
        throw new SQLException("the PostgreSQL driver did not accept " + jdbcUrl(target));
      }
      return c;
    } catch (SQLException e) {
      throw failure("connect (for " + command + ")", e);
    }
  }

  private static void command(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
    List<Map<String, String>> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** The driver's URL: no credentials in it. */
  static String jdbcUrl(AdminTarget t) {
    return "jdbc:postgresql://" + t.address() + "/" + ADMIN_DATABASE;
  }

  /** The driver's properties: simple queries only, TLS mode, connect and login timeouts. */
  static Properties connectionProperties(AdminTarget t) {
    Properties p = new Properties();
    p.setProperty("user", t.user());
    p.setProperty("password", t.password());
    p.setProperty("sslmode", t.sslMode());
    // The console answers only the simple query protocol.
    p.setProperty("preferQueryMode", "simple");
    String connectSeconds = String.valueOf(ceilSeconds(t.connectTimeout()));
    p.setProperty("connectTimeout", connectSeconds);
    p.setProperty("loginTimeout", connectSeconds);
    return p;
  }

  static long ceilSeconds(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, s);
  }

  private PgBouncerAdminException failure(String command, Throwable e) {
    String detail = AdminRows.redact(message(e), target.password());
    return new PgBouncerAdminException(
        target.describe(), command, detail, mentionsSecret(e) ? null : e);
  }

  private boolean mentionsSecret(Throwable e) {
    String pw = target.password();
    if (pw.isEmpty()) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(pw) || String.valueOf(t).contains(pw)) {
        return true;
      }
    }
    return false;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static long millis(Duration d) {
    return Math.max(1, d.toMillis());
  }

  private static int remainingMillis(long deadlineNanos) {
    long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, ms));
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for PgBouncer", e);
    }
  }
}
