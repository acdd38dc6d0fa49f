package io.tusk.sql;

import io.tusk.sql.catalog.ActualDatabase;
import io.tusk.sql.catalog.CatalogReader;
import io.tusk.sql.catalog.ClusterCatalog;
import io.tusk.sql.catalog.DatabaseCatalog;
import io.tusk.sql.exec.Connector;
import io.tusk.sql.exec.JdbcConnector;
import io.tusk.sql.exec.SqlExecutor;
import io.tusk.sql.model.DesiredDatabase;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.plan.DatabaseObjectsPlanner;
import io.tusk.sql.plan.DatabasePlanner;
import io.tusk.sql.plan.Plan;
import io.tusk.sql.plan.RetirementPlanner;
import io.tusk.sql.plan.RolePlanner;
import io.tusk.sql.plan.Validator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes the roles and databases of one cluster match the wanted state: the database half of
 * Zalando's {@code sync.go#syncRoles}, {@code #syncDatabases}, {@code #syncPreparedDatabases} and
 * {@code database.go#installLookupFunction} / {@code #cleanupRotatedUsers} (v2.0.1).
 *
 * <p>A sync runs in three steps (read, pure plan, apply): validate the input (nothing is sent if it
 * is invalid), read the catalog, plan and apply in this order: roles (create, alter, rename back,
 * retire), databases (create, change owner), objects inside each prepared database and the pooler
 * lookup function in every database, dropped databases, dropped roles. A second sync with nothing
 * changed sends no write statement.
 *
 * <p>Thread-safe; keeps no state between syncs.
 */
public final class RoleSync {

  private final Function<ConnectionTarget, Connector> connectors;

  /** Connects with PgJDBC. */
  public RoleSync() {
    this(JdbcConnector::new);
  }

  /** Connects with the given factory (tests, pooled connections). */
  public RoleSync(Function<ConnectionTarget, Connector> connectors) {
    this.connectors = connectors;
  }

  /**
   * Applies the wanted state.
   *
   * @throws InvalidDesiredStateException if the input is invalid; nothing was sent
   * @throws SQLException if the cluster cannot be reached or read; nothing was sent
   */
  public SyncResult sync(ConnectionTarget target, DatabaseDesiredState state, SyncOptions options)
      throws SQLException {
    return run(target, state, options, false);
  }

  /**
   * A dry run: reads the cluster and returns the statements and effects a sync would have, without
   * sending any write statement.
   */
  public SyncResult plan(ConnectionTarget target, DatabaseDesiredState state, SyncOptions options)
      throws SQLException {
    return run(target, state, options, true);
  }

  /** Validation only, without a server. */
  public static List<Problem> validate(DatabaseDesiredState state, SyncOptions options) {
    return Validator.validate(state, options);
  }

  private SyncResult run(
      ConnectionTarget target, DatabaseDesiredState state, SyncOptions options, boolean dryRun)
      throws SQLException {
    List<Problem> problems = Validator.validate(state, options);
    if (!problems.isEmpty()) {
      throw new InvalidDesiredStateException(problems);
    }
    String maintenance = target.database();
    try (SqlExecutor executor = new SqlExecutor(connectors.apply(target), maintenance, dryRun)) {
      ClusterCatalog catalog = CatalogReader.readCluster(executor.connection(maintenance));
      problems = Validator.validateAgainst(state, catalog);
      if (!problems.isEmpty()) {
        throw new InvalidDesiredStateException(problems);
      }
      List<String> warnings = new ArrayList<>();

      Plan roles = RolePlanner.plan(state.roles(), catalog, options);
      RetirementPlanner.Retirement retirement =
          RetirementPlanner.plan(state, catalog, options, target.user(), maintenance);
      Plan databases = DatabasePlanner.plan(state, catalog);
      warnings.addAll(roles.warnings());
      warnings.addAll(retirement.disable().warnings());

      List<Subject> failed = new ArrayList<>();
      failed.addAll(executor.apply(roles.changes()));
      failed.addAll(executor.apply(retirement.disable().changes()));
      failed.addAll(executor.apply(databases.changes()));

      // Objects inside databases, planned against what exists after the steps above.
      ClusterCatalog now =
          dryRun ? catalog : CatalogReader.readCluster(executor.connection(maintenance));
      Set<String> roleNames = new LinkedHashSet<>(now.roles().keySet());
      if (dryRun) {
        state.roles().forEach(r -> roleNames.add(r.name()));
      }
      Set<String> dropping = new LinkedHashSet<>();
      retirement.dropDatabases().changes().forEach(c -> dropping.add(c.subject().name()));
      Map<String, DesiredPreparedDatabase> targets = databaseObjectTargets(state, now);
      for (Map.Entry<String, DesiredPreparedDatabase> e : targets.entrySet()) {
        if (dropping.contains(e.getKey())) {
          continue;
        }
        String db = e.getKey();
        boolean exists = now.databases().containsKey(db);
        if (!exists && !dryRun) {
          continue; // its creation failed and was reported
        }
        DatabaseCatalog dbCatalog;
        try {
          dbCatalog =
              exists
                  ? CatalogReader.readDatabase(executor.connection(db), db, state.poolerLookup())
                  : DatabaseCatalog.empty(db);
        } catch (SQLException ex) {
          executor.error(
              new SyncError(
                  Subject.database(db),
                  "cannot read the database: " + SqlExecutor.scrub(ex.getMessage())));
          continue;
        }
        Plan inside =
            DatabaseObjectsPlanner.plan(e.getValue(), state.poolerLookup(), dbCatalog, roleNames);
        warnings.addAll(inside.warnings());
        executor.apply(inside.changes());
      }

      for (SyncError refused : retirement.refused()) {
        executor.error(refused);
      }
      dropping.forEach(executor::disconnect);
      failed.addAll(executor.apply(retirement.dropDatabases().changes()));
      failed.addAll(executor.apply(retirement.dropRoles().changes()));

      Set<String> managedRoles = new LinkedHashSet<>();
      state.roles().stream().map(DesiredRole::name).forEach(managedRoles::add);
      Set<String> managedDatabases = new LinkedHashSet<>();
      state.preparedDatabases().stream()
          .map(DesiredPreparedDatabase::name)
          .forEach(managedDatabases::add);
      state.databases().stream().map(DesiredDatabase::name).forEach(managedDatabases::add);
      // Retired roles and databases stay "managed" until their retirement went through, so that
      // the next sync tries again.
      for (String r : retirement.stillManagedRoles()) {
        if (!retired(executor, r)) {
          managedRoles.add(r);
        }
      }
      managedDatabases.addAll(retirement.stillManagedDatabases());
      for (Subject s : failed) {
        if (s.kind() == Subject.Kind.DATABASE
            && state.previouslyManagedDatabases().contains(s.name())) {
          managedDatabases.add(s.name());
        }
      }
      return new SyncResult(
          !dryRun,
          executor.effects(),
          executor.errors(),
          warnings,
          executor.statements(),
          managedRoles,
          managedDatabases);
    }
  }

  /** True if a retirement effect (disable, rename, drop) of this role went through. */
  private static boolean retired(SqlExecutor executor, String role) {
    return executor.effects().stream()
        .anyMatch(
            e ->
                e.subject().equals(Subject.role(role))
                    && (e.kind() == Effect.Kind.ROLE_DISABLED
                        || e.kind() == Effect.Kind.ROLE_RENAMED
                        || e.kind() == Effect.Kind.ROLE_DROPPED));
  }

  /**
   * Databases to look inside: every prepared database, and with a pooler lookup function every
   * database that accepts connections and is not a template.
   */
  private static Map<String, DesiredPreparedDatabase> databaseObjectTargets(
      DatabaseDesiredState state, ClusterCatalog catalog) {
    Map<String, DesiredPreparedDatabase> targets = new LinkedHashMap<>();
    for (DesiredPreparedDatabase p : state.preparedDatabases()) {
      targets.put(p.name(), p);
    }
    if (state.poolerLookup() != null) {
      for (ActualDatabase d : catalog.databases().values()) {
        if (d.allowConnections() && !d.template()) {
          targets.putIfAbsent(d.name(), null);
        }
      }
      for (DesiredDatabase d : state.databases()) {
        targets.putIfAbsent(d.name(), null);
      }
    }
    return targets;
  }
}
