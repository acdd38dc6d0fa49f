package io.tusk.sql.streams;

import io.tusk.sql.ConnectionTarget;
import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.SyncError;
import io.tusk.sql.exec.Connector;
import io.tusk.sql.exec.JdbcConnector;
import io.tusk.sql.exec.SqlExecutor;
import io.tusk.sql.plan.Change;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes the publications of the event streams match what they want, in every database of a cluster:
 * read, plan ({@link PublicationPlanner}), apply. Dropping the publications nobody wants is a
 * second call ({@link #drop}), made once their slots are out of Patroni's configuration, so a slot
 * of Tusk's is never left behind without the publication that marks it as Tusk's.
 *
 * <p>Every database that accepts connections and is not a template is read, as in Zalando's {@code
 * streams.go#syncStreams}, so publications of streams removed from the manifest are found wherever
 * they are. A second sync with nothing changed sends no write statement. Thread-safe; keeps no
 * state.
 */
public final class PublicationSync {

  private static final String DATABASES =
      "SELECT datname FROM pg_catalog.pg_database"
          + " WHERE datallowconn AND NOT datistemplate ORDER BY 1";

  private final Function<ConnectionTarget, Connector> connectors;

  public PublicationSync() {
    this(JdbcConnector::new);
  }

  public PublicationSync(Function<ConnectionTarget, Connector> connectors) {
    this.connectors = connectors;
  }

  /**
   * What a sync found and did.
   *
   * @param ready wanted publications that are in place
   * @param waiting wanted publications that are not, with the reason
   * @param release Tusk's publications that no stream wants (see {@link #drop})
   * @param effects what changed
   * @param errors statements that failed, by publication
   * @param statements the statements sent (none contains a secret)
   * @param walLevel the primary's {@code wal_level} (logical slots need {@code logical}), or null
   *     when not read
   */
  public record Result(
      Set<PublicationRef> ready,
      Map<PublicationRef, String> waiting,
      List<PublicationRef> release,
      List<Effect> effects,
      List<SyncError> errors,
      List<String> statements,
      String walLevel) {

    public Result {
      ready = Set.copyOf(ready);
      waiting = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(waiting));
      release = List.copyOf(release);
      effects = List.copyOf(effects);
      errors = List.copyOf(errors);
      statements = List.copyOf(statements);
    }
  }

  /**
   * Creates and updates the wanted publications and finds Tusk's unwanted ones.
   *
   * @param keep publication names never released (slots of the manifest's {@code patroni.slots})
   * @throws SQLException when the cluster cannot be reached or its databases listed
   */
  public Result sync(
      ConnectionTarget target, Collection<DesiredPublication> wanted, Set<String> keep)
      throws SQLException {
    Map<String, List<DesiredPublication>> byDatabase = new LinkedHashMap<>();
    wanted.forEach(w -> byDatabase.computeIfAbsent(w.database(), k -> new ArrayList<>()).add(w));
    Set<PublicationRef> ready = new LinkedHashSet<>();
    Map<PublicationRef, String> waiting = new LinkedHashMap<>();
    List<PublicationRef> release = new ArrayList<>();
    try (SqlExecutor executor =
        new SqlExecutor(connectors.apply(target), target.database(), false)) {
      String walLevel = walLevel(executor.connection(null));
      List<String> databases = databases(executor.connection(null));
      for (Map.Entry<String, List<DesiredPublication>> e : byDatabase.entrySet()) {
        if (!databases.contains(e.getKey())) {
          e.getValue()
              .forEach(
                  w -> waiting.put(w.ref(), "database \"" + w.database() + "\" does not exist"));
        }
      }
      for (String db : databases) {
        List<DesiredPublication> here = byDatabase.getOrDefault(db, List.of());
        PublicationCatalog catalog;
        try {
          Set<TableName> tables = new LinkedHashSet<>();
          here.forEach(w -> tables.addAll(w.tables()));
          catalog = PublicationReader.read(executor.connection(db), db, tables);
        } catch (SQLException ex) {
          String reason = "cannot read the database: " + SqlExecutor.scrub(ex.getMessage());
          executor.error(new SyncError(Subject.database(db), reason));
          here.forEach(w -> waiting.put(w.ref(), reason));
          continue;
        }
        PublicationPlanner.DatabasePlan plan =
            PublicationPlanner.plan(here, catalog, keep, target.user());
        List<Subject> failed = executor.apply(plan.changes());
        for (PublicationRef r : plan.ready()) {
          if (failed.contains(Subject.in(r.database(), Subject.Kind.PUBLICATION, r.name()))) {
            waiting.put(r, "the publication could not be created or changed");
          } else {
            ready.add(r);
          }
        }
        waiting.putAll(plan.waiting());
        release.addAll(plan.release());
      }
      return new Result(
          ready,
          waiting,
          release,
          executor.effects(),
          executor.errors(),
          executor.statements().stream().map(s -> s.toString()).toList(),
          walLevel);
    }
  }

  /** Drops Tusk's publications (whose slots were released). */
  public Result drop(ConnectionTarget target, Collection<PublicationRef> publications)
      throws SQLException {
    List<Change> changes = publications.stream().map(PublicationPlanner::drop).toList();
    try (SqlExecutor executor =
        new SqlExecutor(connectors.apply(target), target.database(), false)) {
      executor.apply(changes);
      return new Result(
          Set.of(),
          Map.of(),
          List.of(),
          executor.effects(),
          executor.errors(),
          executor.statements().stream().map(s -> s.toString()).toList(),
          null);
    }
  }

  private static String walLevel(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_catalog.current_setting('wal_level')")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static List<String> databases(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(DATABASES)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
