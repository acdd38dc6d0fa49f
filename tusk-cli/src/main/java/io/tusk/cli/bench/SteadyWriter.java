package io.tusk.cli.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client that commits one numbered row every {@code pauseMillis} (plus the commit's own time)
 * through one host (a master Service's ClusterIP), over one connection that it keeps open and opens
 * again after any failure, as an application's connection pool would. Every attempt that fails (to
 * connect or to commit) counts; every acknowledged row id is kept, so that the caller can check
 * afterwards that none was lost.
 */
final class SteadyWriter implements AutoCloseable {

  /** Who logs in where. */
  record Login(String host, String user, String password, String database) {
    Login on(String otherHost) {
      return new Login(otherHost, user, password, database);
    }

    /** Without the password. */
    @Override
    public String toString() {
      return user + "@" + host + "/" + database;
    }
  }

  private final Login login;
  private final String table;
  private final long pauseMillis;
  private final WriteStats stats = new WriteStats(System.nanoTime());
  private final List<Long> acknowledged = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  private SteadyWriter(Login login, String table, long pauseMillis) {
    this.login = login;
    this.table = table;
    this.pauseMillis = pauseMillis;
    this.thread = new Thread(this::run, "steady-writer");
    this.thread.setDaemon(true);
  }

  /** Creates the table (if missing) and starts writing. */
  static SteadyWriter start(Login login, String table, long pauseMillis) throws SQLException {
    try (Connection c = connect(login);
        Statement s = c.createStatement()) {
      s.execute("create table if not exists " + table + " (id bigint primary key, at timestamptz)");
    }
    SteadyWriter w = new SteadyWriter(login, table, pauseMillis);
    w.stats.startPhase(System.nanoTime());
    w.thread.start();
    return w;
  }

  /** Opens a connection with the timeouts of a client that gives up on a dead server quickly. */
  static Connection connect(Login login) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", login.user());
    p.setProperty("password", login.password());
    p.setProperty("sslmode", "require");
    p.setProperty("connectTimeout", "2");
    p.setProperty("loginTimeout", "3");
    p.setProperty("socketTimeout", "5");
    p.setProperty("ApplicationName", "tusk-bench-writer");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + login.host() + ":5432/" + login.database(), p);
  }

  /** The first column of the first row of {@code sql} on {@code login}, as text. */
  static String value(Login login, String sql) throws SQLException {
    try (Connection c = connect(login);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException(sql + " returned no row");
      }
      return rs.getString(1);
    }
  }

  WriteStats stats() {
    return stats;
  }

  /** How many acknowledged rows are missing from the table (read through the writer's host). */
  long missingAcknowledgedRows() throws SQLException {
    List<Long> acked;
    synchronized (acknowledged) {
      acked = List.copyOf(acknowledged);
    }
    Set<Long> present = new HashSet<>();
    try (Connection c = connect(login);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select id from " + table)) {
      while (rs.next()) {
        present.add(rs.getLong(1));
      }
    }
    return acked.stream().filter(id -> !present.contains(id)).count();
  }

  long acknowledgedTotal() {
    synchronized (acknowledged) {
      return acknowledged.size();
    }
  }

  private void run() {
    long id = System.currentTimeMillis() * 1000;
    Connection connection = null;
    PreparedStatement insert = null;
    while (running.get()) {
      id++;
      try {
        if (connection == null) {
          connection = connect(login);
          insert = connection.prepareStatement("insert into " + table + " values (?, now())");
        }
        insert.setLong(1, id);
        insert.executeUpdate();
        stats.acknowledged(System.nanoTime());
        synchronized (acknowledged) {
          acknowledged.add(id);
        }
      } catch (SQLException | RuntimeException e) {
        stats.failed(kind(e));
        close(connection);
        connection = null;
        insert = null;
      }
      pause();
    }
    close(connection);
  }

  /** SQLSTATE and the first line of the message, without the numbers that vary. */
  static String kind(Exception e) {
    String state = e instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "-";
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    message = message.lines().findFirst().orElse("").replaceAll("[0-9]+", "N");
    if (message.length() > 90) {
      message = message.substring(0, 90) + "...";
    }
    return state + " " + message;
  }

  private void pause() {
    try {
      Thread.sleep(pauseMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the connection is gone already
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(15_000);
  }
}
