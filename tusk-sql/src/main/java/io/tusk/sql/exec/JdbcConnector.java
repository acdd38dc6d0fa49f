package io.tusk.sql.exec;

import io.tusk.sql.ConnectionTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * PgJDBC connections for a {@link ConnectionTarget}. Credentials go in connection properties, never
 * in the URL. Every session gets {@code standard_conforming_strings = on} (so {@link
 * io.tusk.sql.statement.Quoting} literals mean what they say) and a lock timeout so a sync cannot
 * hang behind another session's lock forever.
 */
public final class JdbcConnector implements Connector {

  private final ConnectionTarget target;

  public JdbcConnector(ConnectionTarget target) {
    this.target = target;
  }

  @Override
  public Connection open(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", target.user());
    if (target.password() != null) {
      p.setProperty("password", target.password());
    }
    p.setProperty("sslmode", target.sslMode());
    p.setProperty(
        "connectTimeout", Long.toString(Math.max(1, target.connectTimeout().toSeconds())));
    p.setProperty("ApplicationName", "tusk-operator");
    Connection c = DriverManager.getConnection(target.jdbcUrl(database), p);
    try (Statement st = c.createStatement()) {
      st.execute("SET standard_conforming_strings = on");
      st.execute("SET lock_timeout = '30s'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
