package io.tusk.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Connections from the test JVM (on the host) to PostgreSQL in the pods, by IP: a Service's
 * ClusterIP (forwarded by the node agent) or a pod IP. Spilo's pg_hba only admits TLS from outside
 * the pod, so every connection uses {@code sslmode=require}. Each call opens and closes its own
 * connection, as a client reconnecting after a failover would.
 */
final class Sql {

  /** Who logs in where. */
  record Login(String host, String user, String password, String database) {
    Login on(String otherHost) {
      return new Login(otherHost, user, password, database);
    }

    Login in(String otherDatabase) {
      return new Login(host, user, password, otherDatabase);
    }
  }

  private Sql() {}

  static Connection connect(Login login) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", login.user());
    p.setProperty("password", login.password());
    p.setProperty("sslmode", "require");
    p.setProperty("connectTimeout", "3");
    p.setProperty("socketTimeout", "10");
    p.setProperty("ApplicationName", "tusk-e2e");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + login.host() + ":5432/" + login.database(), p);
  }

  static void execute(Login login, String sql) throws SQLException {
    try (Connection c = connect(login);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of every row of {@code sql}, as text. */
  static List<String> column(Login login, String sql) throws SQLException {
    try (Connection c = connect(login);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }

  static String value(Login login, String sql) throws SQLException {
    List<String> values = column(login, sql);
    if (values.size() != 1) {
      throw new SQLException(sql + " returned " + values.size() + " rows");
    }
    return values.get(0);
  }
}
