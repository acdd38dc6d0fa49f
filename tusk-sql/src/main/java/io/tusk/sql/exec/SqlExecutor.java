package io.tusk.sql.exec;

import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.SyncError;
import io.tusk.sql.SyncResult.ExecutedStatement;
import io.tusk.sql.plan.Change;
import io.tusk.sql.statement.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies planned changes and records what happened: each statement sent (redacted), the effects of
 * changes that succeeded, and an error per failed change naming its subject. A failed change stops
 * the later changes of the same subject; other subjects go on. Retryable failures (role changes)
 * get further passes while the number of failures shrinks, as in Zalando's {@code
 * users.go#ExecuteSyncRequests} (v2.0.1).
 *
 * <p>Transactional changes run with {@code SET LOCAL synchronous_commit = 'local'}, as Zalando does
 * for role changes, so a missing synchronous standby cannot block them. In dry-run mode nothing is
 * sent: statements are recorded and changes count as successful.
 */
public final class SqlExecutor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SqlExecutor.class);

  private final Connector connector;
  private final String maintenanceDatabase;
  private final boolean dryRun;
  private final Map<String, Connection> connections = new HashMap<>();
  private final List<ExecutedStatement> statements = new ArrayList<>();
  private final List<Effect> effects = new ArrayList<>();
  private final List<SyncError> errors = new ArrayList<>();

  public SqlExecutor(Connector connector, String maintenanceDatabase, boolean dryRun) {
    this.connector = connector;
    this.maintenanceDatabase = maintenanceDatabase;
    this.dryRun = dryRun;
  }

  /** The connection to a database, opened on first use and kept until {@link #close()}. */
  public Connection connection(String database) throws SQLException {
    String db = database == null ? maintenanceDatabase : database;
    Connection c = connections.get(db);
    if (c == null || c.isClosed()) {
      c = connector.open(db);
      connections.put(db, c);
    }
    return c;
  }

  /** Runs changes in order. Returns the subjects whose changes failed (also recorded as errors). */
  public List<Subject> apply(List<Change> changes) {
    Map<Subject, Integer> failedAt = new LinkedHashMap<>();
    Map<Subject, SyncError> lastError = new LinkedHashMap<>();
    runPass(changes, 0, failedAt, lastError);
    // Retry retryable subjects from the change that failed, while that helps.
    while (!failedAt.isEmpty()) {
      List<Subject> retry =
          failedAt.keySet().stream().filter(s -> changes.get(failedAt.get(s)).retryable()).toList();
      if (retry.isEmpty()) {
        break;
      }
      int before = failedAt.size();
      Map<Subject, Integer> again = new LinkedHashMap<>();
      for (Subject s : retry) {
        again.put(s, failedAt.remove(s));
      }
      Map<Subject, Integer> newFailures = new LinkedHashMap<>();
      for (Map.Entry<Subject, Integer> e : again.entrySet()) {
        List<Change> rest = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = e.getValue(); i < changes.size(); i++) {
          if (changes.get(i).subject().equals(e.getKey())) {
            rest.add(changes.get(i));
            index.add(i);
          }
        }
        for (int j = 0; j < rest.size(); j++) {
          SyncError err = run(rest.get(j));
          if (err != null) {
            newFailures.put(e.getKey(), index.get(j));
            lastError.put(e.getKey(), err);
            break;
          }
          lastError.remove(e.getKey());
        }
      }
      failedAt.putAll(newFailures);
      if (failedAt.size() >= before) {
        break;
      }
    }
    List<Subject> failed = new ArrayList<>(failedAt.keySet());
    for (Subject s : failed) {
      errors.add(lastError.get(s));
    }
    return failed;
  }

  private void runPass(
      List<Change> changes,
      int from,
      Map<Subject, Integer> failedAt,
      Map<Subject, SyncError> lastError) {
    for (int i = from; i < changes.size(); i++) {
      Change c = changes.get(i);
      if (failedAt.containsKey(c.subject())) {
        continue;
      }
      SyncError err = run(c);
      if (err != null) {
        failedAt.put(c.subject(), i);
        lastError.put(c.subject(), err);
      }
    }
  }

  /** Runs one change; null on success. */
  private SyncError run(Change change) {
    String db = change.database() == null ? maintenanceDatabase : change.database();
    for (Statement s : change.statements()) {
      statements.add(new ExecutedStatement(db, s.display()));
    }
    if (dryRun) {
      effects.addAll(change.effects());
      return null;
    }
    try {
      Connection c = connection(change.database());
      if (change.transactional()) {
        c.setAutoCommit(false);
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("SET LOCAL synchronous_commit = 'local'");
          for (Statement s : change.statements()) {
            st.execute(s.sql());
          }
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } else {
        c.setAutoCommit(true);
        try (java.sql.Statement st = c.createStatement()) {
          for (Statement s : change.statements()) {
            st.execute(s.sql());
          }
        }
      }
      for (Effect e : change.effects()) {
        LOG.info("{}", e);
      }
      effects.addAll(change.effects());
      return null;
    } catch (SQLException e) {
      String reason = Redaction.scrub(e.getMessage());
      LOG.warn("{} failed: {}", change.subject(), reason);
      return new SyncError(change.subject(), reason);
    }
  }

  /** Closes the connection to a database, if open (before dropping that database). */
  public void disconnect(String database) {
    Connection c = connections.remove(database);
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing a connection failed: {}", e.getMessage());
      }
    }
  }

  /** Records an error found outside {@link #apply} (e.g. a database that cannot be read). */
  public void error(SyncError error) {
    errors.add(error);
  }

  public List<ExecutedStatement> statements() {
    return statements;
  }

  public List<Effect> effects() {
    return effects;
  }

  public List<SyncError> errors() {
    return errors;
  }

  public static String scrub(String message) {
    return Redaction.scrub(message);
  }

  @Override
  public void close() {
    for (Connection c : connections.values()) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing a connection failed: {}", e.getMessage());
      }
    }
    connections.clear();
  }
}
