package io.tusk.sql.testing;

import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.RoleSync;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.SyncResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base for integration tests: one {@link LocalPostgres} per test class, reset before each test, and
 * small query functions.
 */
public abstract class PostgresTestSupport {

  protected static LocalPostgres pg;
  protected final RoleSync roleSync = new RoleSync();

  @BeforeAll
  static void startServer() {
    pg = LocalPostgres.start();
  }

  @AfterAll
  static void stopServer() {
    if (pg != null) {
      pg.close();
      pg = null;
    }
  }

  @BeforeEach
  void resetServer() throws SQLException {
    pg.reset();
  }

  protected SyncResult sync(DatabaseDesiredState state, SyncOptions options) throws SQLException {
    return roleSync.sync(pg.target(), state, options);
  }

  /**
   * Syncs again and returns what the server logged as DDL during that sync (should be nothing when
   * nothing changed), after checking that Tusk recorded no statement either.
   */
  protected List<String> ddlOfSecondSync(DatabaseDesiredState state, SyncOptions options)
      throws SQLException {
    long mark = pg.logMark();
    SyncResult again = sync(state, options);
    List<String> ddl = new ArrayList<>(pg.ddlSince(mark));
    again.statements().forEach(s -> ddl.add("recorded: " + s));
    again.errors().forEach(e -> ddl.add("error: " + e));
    return ddl;
  }

  /** First column of every row, as strings. */
  protected static List<String> column(String database, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = pg.connect(database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  protected static String scalar(String database, String sql) throws SQLException {
    List<String> values = column(database, sql);
    return values.isEmpty() ? null : values.get(0);
  }

  protected static boolean canLogin(String user, String password) {
    try (Connection c = pg.connect("postgres", user, password)) {
      return c.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }
}
