package io.tusk.sql.plan;

import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.catalog.DatabaseCatalog;
import io.tusk.sql.catalog.DefaultAcl;
import io.tusk.sql.catalog.SchemaGrant;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredPreparedSchema;
import io.tusk.sql.model.PoolerLookup;
import io.tusk.sql.statement.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans what goes inside one database: the schemas, privileges and extensions of a prepared
 * database, and the pooler's lookup function. Pure: the database's catalog in, changes out (all run
 * in that database).
 *
 * <p>Mirrors Zalando's {@code sync.go#syncPreparedDatabases}, {@code #syncPreparedSchemas}, {@code
 * #syncExtensions} and {@code database.go#installLookupFunction} (v2.0.1). Differences: statements
 * run as the superuser with explicit {@code AUTHORIZATION} / {@code FOR ROLE} instead of {@code SET
 * ROLE} (which Zalando leaves set on its session); privileges are checked and repaired on every
 * sync instead of only after creating the schema; the lookup function is installed only where it is
 * missing, with a fixed {@code search_path}.
 */
public final class DatabaseObjectsPlanner {

  private DatabaseObjectsPlanner() {}

  /**
   * @param prepared the prepared database this is, or null
   * @param pooler the lookup function to install, or null
   * @param roles roles that exist now (privileges for missing roles are skipped with a warning)
   */
  public static Plan plan(
      DesiredPreparedDatabase prepared,
      PoolerLookup pooler,
      DatabaseCatalog catalog,
      Set<String> roles) {
    String db = catalog.database();
    List<Change> changes = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (prepared != null) {
      PreparedPrivileges.Expected expected = PreparedPrivileges.expected(prepared);
      for (Map.Entry<String, DesiredPreparedSchema> e : prepared.schemas().entrySet()) {
        String schema = e.getKey();
        Subject subject = Subject.in(db, Subject.Kind.SCHEMA, schema);
        List<Statement> statements = new ArrayList<>();
        List<Effect> effects = new ArrayList<>();
        if (!catalog.schemas().containsKey(schema)) {
          String owner = PreparedPrivileges.schemaOwner(prepared, schema, e.getValue());
          if (!roles.contains(owner)) {
            warnings.add(subject + " not created: owner role \"" + owner + "\" does not exist");
            continue;
          }
          statements.add(
              Statement.builder()
                  .sql("CREATE SCHEMA IF NOT EXISTS ")
                  .ident(schema)
                  .sql(" AUTHORIZATION ")
                  .ident(owner)
                  .build());
          effects.add(new Effect(Effect.Kind.SCHEMA_CREATED, subject, "owner " + owner));
        }
        grants(schema, expected, catalog, roles, statements, effects, warnings, subject);
        if (!statements.isEmpty()) {
          changes.add(new Change(subject, db, true, statements, effects, false));
        }
      }
      Subject global = Subject.in(db, Subject.Kind.DEFAULT_PRIVILEGES, db);
      List<Statement> statements = new ArrayList<>();
      List<Effect> effects = new ArrayList<>();
      grants(null, expected, catalog, roles, statements, effects, warnings, global);
      if (!statements.isEmpty()) {
        changes.add(new Change(global, db, true, statements, effects, false));
      }
      for (Map.Entry<String, String> e : prepared.extensions().entrySet()) {
        Subject subject = Subject.in(db, Subject.Kind.EXTENSION, e.getKey());
        String current = catalog.extensions().get(e.getKey());
        if (current == null) {
          changes.add(
              new Change(
                  subject,
                  db,
                  true,
                  List.of(
                      Statement.builder()
                          .sql("CREATE EXTENSION IF NOT EXISTS ")
                          .ident(e.getKey())
                          .sql(" SCHEMA ")
                          .ident(e.getValue())
                          .build()),
                  List.of(
                      new Effect(
                          Effect.Kind.EXTENSION_CREATED, subject, "in schema " + e.getValue())),
                  false));
        } else if (!current.equals(e.getValue())) {
          changes.add(
              new Change(
                  subject,
                  db,
                  true,
                  List.of(
                      Statement.builder()
                          .sql("ALTER EXTENSION ")
                          .ident(e.getKey())
                          .sql(" SET SCHEMA ")
                          .ident(e.getValue())
                          .build()),
                  List.of(
                      new Effect(
                          Effect.Kind.EXTENSION_MOVED, subject, current + " -> " + e.getValue())),
                  false));
        }
      }
    }
    if (pooler != null && !catalog.poolerLookupReady()) {
      Subject subject = Subject.in(db, Subject.Kind.POOLER_LOOKUP, pooler.schema());
      if (!roles.contains(pooler.user())) {
        warnings.add(
            subject + " not installed: pooler role \"" + pooler.user() + "\" does not exist");
      } else {
        changes.add(
            new Change(
                subject,
                db,
                true,
                poolerLookup(pooler),
                List.of(
                    new Effect(
                        Effect.Kind.POOLER_LOOKUP_INSTALLED, subject, "for " + pooler.user())),
                false));
      }
    }
    return new Plan(changes, warnings);
  }

  /** Statements installing {@code {schema}.user_lookup(text)} for the pooler user. */
  static List<Statement> poolerLookup(PoolerLookup pooler) {
    String fn = io.tusk.sql.statement.Quoting.ident(pooler.schema()) + ".user_lookup";
    return List.of(
        Statement.builder().sql("CREATE SCHEMA IF NOT EXISTS ").ident(pooler.schema()).build(),
        Statement.of(
            "CREATE OR REPLACE FUNCTION "
                + fn
                + "(in i_username text, out uname text, out phash text) RETURNS record AS $$\n"
                + "BEGIN\n"
                + "  SELECT usename, passwd FROM pg_catalog.pg_shadow\n"
                + "  WHERE usename = i_username INTO uname, phash;\n"
                + "  RETURN;\n"
                + "END;\n"
                + "$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog"),
        Statement.builder()
            .sql("REVOKE ALL ON FUNCTION " + fn + "(text) FROM PUBLIC, ")
            .ident(pooler.user())
            .build(),
        Statement.builder()
            .sql("GRANT EXECUTE ON FUNCTION " + fn + "(text) TO ")
            .ident(pooler.user())
            .build(),
        Statement.builder()
            .sql("GRANT USAGE ON SCHEMA ")
            .ident(pooler.schema())
            .sql(" TO ")
            .ident(pooler.user())
            .build());
  }

  /** Missing grants for one schema (or the database-wide ones when {@code schema} is null). */
  private static void grants(
      String schema,
      PreparedPrivileges.Expected expected,
      DatabaseCatalog catalog,
      Set<String> roles,
      List<Statement> statements,
      List<Effect> effects,
      List<String> warnings,
      Subject subject) {
    if (schema != null) {
      Map<String, Boolean> grantees = new LinkedHashMap<>();
      for (SchemaGrant g : expected.schemaGrants()) {
        if (g.schema().equals(schema) && !catalog.schemaGrants().contains(g)) {
          grantees.put(g.grantee(), true);
        }
      }
      for (String grantee : grantees.keySet()) {
        if (!roles.contains(grantee)) {
          warnings.add(
              subject + ": USAGE for \"" + grantee + "\" skipped, the role does not exist");
          continue;
        }
        statements.add(
            Statement.builder()
                .sql("GRANT USAGE ON SCHEMA ")
                .ident(schema)
                .sql(" TO ")
                .ident(grantee)
                .build());
        effects.add(
            new Effect(
                Effect.Kind.PRIVILEGES_GRANTED,
                subject,
                "USAGE on schema " + schema + " to " + grantee));
      }
    }
    // Group missing default privileges by (creator, object type, grantee).
    Map<List<Object>, List<String>> missing = new LinkedHashMap<>();
    for (DefaultAcl a : expected.defaultAcls()) {
      if (!java.util.Objects.equals(a.schema(), schema) || catalog.defaultAcls().contains(a)) {
        continue;
      }
      missing
          .computeIfAbsent(
              List.of(a.forRole(), a.objectType(), a.grantee()), k -> new ArrayList<>())
          .add(a.privilege());
    }
    for (Map.Entry<List<Object>, List<String>> e : missing.entrySet()) {
      String forRole = (String) e.getKey().get(0);
      char type = (Character) e.getKey().get(1);
      String grantee = (String) e.getKey().get(2);
      if (!roles.contains(forRole) || !roles.contains(grantee)) {
        warnings.add(
            subject
                + ": default privileges of \""
                + forRole
                + "\" for \""
                + grantee
                + "\" skipped, a role does not exist");
        continue;
      }
      Statement.Builder b =
          Statement.builder().sql("ALTER DEFAULT PRIVILEGES FOR ROLE ").ident(forRole);
      if (schema != null) {
        b.sql(" IN SCHEMA ").ident(schema);
      }
      String privileges = String.join(", ", e.getValue());
      b.sql(" GRANT " + privileges + " ON " + objects(type) + " TO ").ident(grantee);
      statements.add(b.build());
      effects.add(
          new Effect(
              Effect.Kind.PRIVILEGES_GRANTED,
              subject,
              privileges
                  + " on "
                  + objects(type).toLowerCase(java.util.Locale.ROOT)
                  + " created by "
                  + forRole
                  + (schema == null ? "" : " in " + schema)
                  + " to "
                  + grantee));
    }
  }

  private static String objects(char type) {
    return switch (type) {
      case 'r' -> "TABLES";
      case 'S' -> "SEQUENCES";
      case 'f' -> "FUNCTIONS";
      case 'T' -> "TYPES";
      case 'n' -> "SCHEMAS";
      default -> throw new IllegalArgumentException("unknown object type " + type);
    };
  }
}
