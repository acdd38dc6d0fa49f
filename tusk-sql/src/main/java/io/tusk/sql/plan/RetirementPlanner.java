package io.tusk.sql.plan;

import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.SyncError;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.catalog.ActualDatabase;
import io.tusk.sql.catalog.ActualRole;
import io.tusk.sql.catalog.ClusterCatalog;
import io.tusk.sql.model.DesiredDatabase;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.RotationRetention;
import io.tusk.sql.statement.Statement;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plans what happens to roles and databases that are no longer wanted, and to old rotation users.
 * Pure.
 *
 * <p>By default nothing is dropped, as in Zalando ({@code users.go#ProduceSyncRequests}, v2.0.1): a
 * role that left the manifest loses LOGIN; a team member that left its team (with {@code
 * enable_team_member_deprecation}) also gets {@code role_deletion_suffix} appended; a database that
 * left the manifest is kept. With Tusk's {@code enable_role_deletion} such roles are dropped,
 * safely: in every database where the role owns objects, {@code REASSIGN OWNED BY} hands them to
 * that database's owner (or the superuser, when the role owns the database itself) and {@code DROP
 * OWNED BY} removes its privileges; databases it owns get a new owner first; only then {@code DROP
 * ROLE}. With {@code enable_database_deletion} such databases are dropped, unless they have open
 * connections and {@code force_database_deletion_with_connections} is off.
 *
 * <p>Dated rotation users older than the retention are always dropped, as {@code
 * database.go#cleanupRotatedUsers} does, the same safe way with their objects going to the role
 * they rotated; Tusk only takes roles named exactly {@code {role}YYMMDD} that are members of that
 * role (Zalando matches any name starting with the role's name).
 */
public final class RetirementPlanner {

  private static final Set<String> SYSTEM_DATABASES = Set.of("postgres", "template0", "template1");

  private RetirementPlanner() {}

  /** The three parts of a retirement plan, run at different points of a sync. */
  public record Retirement(
      Plan disable,
      Plan dropDatabases,
      Plan dropRoles,
      List<SyncError> refused,
      Set<String> stillManagedRoles,
      Set<String> stillManagedDatabases) {}

  /**
   * @param superuser the role Tusk connects as: never retired, receives objects of dropped roles
   *     when nobody better fits
   * @param maintenanceDatabase the database statements without one run in; never dropped
   */
  public static Retirement plan(
      DatabaseDesiredState state,
      ClusterCatalog catalog,
      SyncOptions options,
      String superuser,
      String maintenanceDatabase) {
    Set<String> wantedRoles = new LinkedHashSet<>();
    state.roles().forEach(r -> wantedRoles.add(r.name()));
    Set<String> wantedDatabases = new LinkedHashSet<>();
    state.databases().stream().map(DesiredDatabase::name).forEach(wantedDatabases::add);
    state.preparedDatabases().stream()
        .map(DesiredPreparedDatabase::name)
        .forEach(wantedDatabases::add);
    // Owners once the database step has run: wanted owners override the catalog.
    Map<String, String> owners = new LinkedHashMap<>();
    catalog.databases().values().forEach(d -> owners.put(d.name(), d.owner()));
    state.preparedDatabases().forEach(p -> owners.putIfAbsent(p.name(), p.ownerRole()));
    state.databases().forEach(d -> owners.put(d.name(), d.owner()));
    Set<String> wantedOwners = new LinkedHashSet<>();
    state.databases().forEach(d -> wantedOwners.add(d.owner()));

    List<Change> disable = new ArrayList<>();
    List<Change> dropDatabases = new ArrayList<>();
    List<Change> dropRoles = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<SyncError> refused = new ArrayList<>();
    Set<String> stillManagedRoles = new LinkedHashSet<>();
    Set<String> stillManagedDatabases = new LinkedHashSet<>();

    // Databases first: a dropped database needs no REASSIGN for the roles dropped after it.
    Set<String> dropped = new LinkedHashSet<>();
    for (String db : new TreeSet<>(state.previouslyManagedDatabases())) {
      ActualDatabase actual = catalog.databases().get(db);
      if (actual == null
          || wantedDatabases.contains(db)
          || SYSTEM_DATABASES.contains(db)
          || db.equals(maintenanceDatabase)) {
        continue;
      }
      Subject subject = Subject.database(db);
      if (!options.enableDatabaseDeletion()) {
        warnings.add(
            "database \""
                + db
                + "\" is no longer wanted and is kept"
                + " (enable_database_deletion is off)");
        continue;
      }
      if (actual.connections() > 0 && !options.forceDatabaseDeletionWithConnections()) {
        refused.add(
            new SyncError(
                subject,
                "not dropped: "
                    + actual.connections()
                    + " open connection(s) (force_database_deletion_with_connections is off)"));
        stillManagedDatabases.add(db);
        continue;
      }
      Statement.Builder drop = Statement.builder().sql("DROP DATABASE ").ident(db);
      String detail = "no longer wanted";
      if (actual.connections() > 0) {
        drop.sql(" WITH (FORCE)");
        detail += "; " + actual.connections() + " connection(s) terminated";
      }
      dropDatabases.add(
          new Change(
              subject,
              null,
              false,
              List.of(drop.build()),
              List.of(new Effect(Effect.Kind.DATABASE_DROPPED, subject, detail)),
              false));
      dropped.add(db);
    }

    Set<String> candidates = new TreeSet<>();
    for (String r : state.previouslyManagedRoles()) {
      if (!wantedRoles.contains(r)) {
        candidates.add(r);
      }
    }
    String pam = options.pamRoleName();
    boolean teamsKnown = state.teamMembersComplete();
    if (options.teamMemberDeprecation() && pam != null && teamsKnown) {
      for (ActualRole r : catalog.roles().values()) {
        if (r.login() && catalog.isMember(r.name(), pam) && !wantedRoles.contains(r.name())) {
          candidates.add(r.name());
        }
      }
    }
    for (String name : candidates) {
      ActualRole actual = catalog.role(name);
      if (actual == null
          || name.equals(superuser)
          || name.startsWith("pg_")
          || options.protectedRoleNames().contains(name)
          || (pam != null && name.equals(pam))) {
        continue;
      }
      if (isRotationUserOfWanted(name, wantedRoles, catalog)) {
        continue; // an older rotation user: kept until the retention drops it
      }
      if (wantedOwners.contains(name)) {
        warnings.add(
            "role \"" + name + "\" is no longer wanted but owns a wanted database;" + " kept");
        continue;
      }
      boolean teamMember = pam != null && catalog.isMember(name, pam);
      if (teamMember && !teamsKnown) {
        // The team member list is incomplete (Teams API failed): keep everyone as is.
        stillManagedRoles.add(name);
        continue;
      }
      Subject subject = Subject.role(name);
      if (options.enableRoleDeletion()) {
        dropRoles.addAll(
            dropRole(
                name,
                null,
                catalog,
                owners,
                superuser,
                dropped,
                teamMember ? "left the team" : "no longer wanted"));
        stillManagedRoles.add(name); // until the drop is confirmed
        continue;
      }
      List<Statement> statements = new ArrayList<>();
      List<Effect> effects = new ArrayList<>();
      if (actual.login()) {
        statements.add(
            Statement.builder().sql("ALTER ROLE ").ident(name).sql(" WITH NOLOGIN").build());
        effects.add(
            new Effect(
                Effect.Kind.ROLE_DISABLED,
                subject,
                teamMember ? "left the team" : "no longer wanted"));
      }
      String suffix = options.roleDeletionSuffix();
      if (teamMember
          && options.teamMemberDeprecation()
          && !suffix.isEmpty()
          && !name.endsWith(suffix)) {
        String newName = name + suffix;
        if (catalog.hasRole(newName)) {
          warnings.add(
              "role \"" + name + "\" cannot be renamed to \"" + newName + "\": that role exists");
        } else {
          statements.add(
              Statement.builder()
                  .sql("ALTER ROLE ")
                  .ident(name)
                  .sql(" RENAME TO ")
                  .ident(newName)
                  .build());
          effects.add(new Effect(Effect.Kind.ROLE_RENAMED, subject, name + " -> " + newName));
        }
      }
      if (!statements.isEmpty()) {
        disable.add(new Change(subject, null, true, statements, effects, false));
        stillManagedRoles.add(name); // until the change is confirmed
      }
    }

    for (RotationRetention rr : state.rotationRetention()) {
      Pattern p = Pattern.compile(Pattern.quote(rr.baseRole()) + "(\\d{2})(\\d{2})(\\d{2})");
      for (String name : new TreeSet<>(catalog.roles().keySet())) {
        Matcher m = p.matcher(name);
        if (!m.matches() || wantedRoles.contains(name) || !catalog.isMember(name, rr.baseRole())) {
          continue;
        }
        LocalDate created;
        try {
          created =
              LocalDate.of(
                  2000 + Integer.parseInt(m.group(1)),
                  Integer.parseInt(m.group(2)),
                  Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
          continue;
        }
        if (created.isBefore(rr.createdBefore())) {
          dropRoles.addAll(
              dropRole(
                  name,
                  rr.baseRole(),
                  catalog,
                  owners,
                  superuser,
                  dropped,
                  "rotation user older than the retention"));
        }
      }
    }
    return new Retirement(
        new Plan(disable, warnings),
        new Plan(dropDatabases, List.of()),
        new Plan(dropRoles, List.of()),
        refused,
        stillManagedRoles,
        stillManagedDatabases);
  }

  /**
   * Changes that drop a role without losing what it owns: databases it owns get a new owner, {@code
   * REASSIGN OWNED BY} + {@code DROP OWNED BY} in every database where it has objects or
   * privileges, then {@code DROP ROLE}. All share the role as subject, so a failure stops the rest.
   *
   * @param heir who receives its objects; null: each database's owner, or the superuser
   * @param owners each database's owner after the database step (wanted owners applied)
   */
  static List<Change> dropRole(
      String role,
      String heir,
      ClusterCatalog catalog,
      Map<String, String> owners,
      String superuser,
      Set<String> droppedDatabases,
      String reason) {
    Subject subject = Subject.role(role);
    List<Change> changes = new ArrayList<>();
    String fallback = heir != null && catalog.hasRole(heir) ? heir : superuser;
    for (ActualDatabase db : catalog.databases().values()) {
      if (role.equals(owners.get(db.name())) && !droppedDatabases.contains(db.name())) {
        changes.add(
            new Change(
                subject,
                null,
                true,
                List.of(
                    Statement.builder()
                        .sql("ALTER DATABASE ")
                        .ident(db.name())
                        .sql(" OWNER TO ")
                        .ident(fallback)
                        .build()),
                List.of(
                    new Effect(
                        Effect.Kind.DATABASE_OWNER_CHANGED,
                        Subject.database(db.name()),
                        "owner " + role + " is dropped; new owner " + fallback)),
                false));
      }
    }
    for (String dbName : new TreeSet<>(catalog.dependentDatabases(role))) {
      ActualDatabase db = catalog.databases().get(dbName);
      if (db == null || droppedDatabases.contains(dbName) || !db.allowConnections()) {
        continue;
      }
      String owner = owners.getOrDefault(dbName, db.owner());
      String target =
          heir != null && catalog.hasRole(heir) ? heir : owner.equals(role) ? fallback : owner;
      changes.add(
          new Change(
              subject,
              dbName,
              true,
              List.of(
                  Statement.builder()
                      .sql("REASSIGN OWNED BY ")
                      .ident(role)
                      .sql(" TO ")
                      .ident(target)
                      .build(),
                  Statement.builder().sql("DROP OWNED BY ").ident(role).build()),
              List.of(
                  new Effect(
                      Effect.Kind.OWNED_OBJECTS_REASSIGNED,
                      subject,
                      "objects in database " + dbName + " now owned by " + target)),
              false));
    }
    changes.add(
        new Change(
            subject,
            null,
            true,
            List.of(Statement.builder().sql("DROP ROLE ").ident(role).build()),
            List.of(new Effect(Effect.Kind.ROLE_DROPPED, subject, reason)),
            false));
    return changes;
  }

  private static final Pattern ROTATION_SUFFIX = Pattern.compile("^(.+)\\d{6}$");

  /** {@code {role}YYMMDD} and a member of {@code role}, a wanted role. */
  private static boolean isRotationUserOfWanted(
      String name, Set<String> wanted, ClusterCatalog catalog) {
    Matcher m = ROTATION_SUFFIX.matcher(name);
    return m.matches() && wanted.contains(m.group(1)) && catalog.isMember(name, m.group(1));
  }
}
