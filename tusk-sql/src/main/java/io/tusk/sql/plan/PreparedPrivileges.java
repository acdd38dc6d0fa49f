package io.tusk.sql.plan;

import io.tusk.sql.catalog.DefaultAcl;
import io.tusk.sql.catalog.SchemaGrant;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredPreparedSchema;
import io.tusk.sql.model.PreparedRoles;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The privileges a prepared database must have, as a set to compare with the catalog. Mirrors
 * Zalando's {@code database.go} {@code globalDefaultPrivilegesSQL}, {@code
 * schemaDefaultPrivilegesSQL} and {@code #execCreateDatabaseSchema} (v2.0.1):
 *
 * <ul>
 *   <li>for objects the database owner (and {@code {db}_owner_user}) creates anywhere: USAGE on
 *       schemas for reader and writer, SELECT on tables and sequences for the reader, INSERT,
 *       UPDATE, DELETE on tables and USAGE, UPDATE on sequences for the writer, EXECUTE on
 *       functions and USAGE on types for both;
 *   <li>per schema: USAGE on the schema for {@code {db}_reader}/{@code _writer} and the same
 *       default privileges inside the schema for objects its owner creates; with schema roles, also
 *       for {@code {db}_{schema}_reader}/{@code _writer} for objects any of the owner roles create.
 * </ul>
 *
 * <p>Zalando sets these only when it creates the database or schema; Tusk checks them on every sync
 * and grants what is missing.
 */
public final class PreparedPrivileges {

  /** Expected schema grants and default privileges. */
  public record Expected(Set<SchemaGrant> schemaGrants, Set<DefaultAcl> defaultAcls) {}

  private PreparedPrivileges() {}

  /** The owner role of a schema: {@code {db}_{schema}_owner} with default roles, else the db's. */
  public static String schemaOwner(
      DesiredPreparedDatabase db, String schema, DesiredPreparedSchema s) {
    return s.defaultRoles() ? db.name() + "_" + schema + PreparedRoles.OWNER : db.ownerRole();
  }

  public static Expected expected(DesiredPreparedDatabase db) {
    Set<SchemaGrant> grants = new LinkedHashSet<>();
    Set<DefaultAcl> acls = new LinkedHashSet<>();
    for (String owner : ownerRoles(db.name(), db.defaultUsers())) {
      global(owner, db.name(), acls);
    }
    for (Map.Entry<String, DesiredPreparedSchema> e : db.schemas().entrySet()) {
      String schema = e.getKey();
      DesiredPreparedSchema s = e.getValue();
      String schemaOwner = schemaOwner(db, schema, s);
      inSchema(schema, schemaOwner, db.name(), grants, acls);
      if (s.defaultRoles()) {
        if (s.defaultUsers()) {
          inSchema(schema, schemaOwner + PreparedRoles.USER, db.name(), grants, acls);
        }
        List<String> owners = new ArrayList<>(ownerRoles(db.name(), db.defaultUsers()));
        owners.addAll(ownerRoles(db.name() + "_" + schema, s.defaultUsers()));
        for (String owner : owners) {
          inSchema(schema, owner, db.name() + "_" + schema, grants, acls);
        }
      } else if (db.defaultUsers()) {
        inSchema(schema, db.ownerRole() + PreparedRoles.USER, db.name(), grants, acls);
      }
    }
    return new Expected(grants, acls);
  }

  private static List<String> ownerRoles(String prefix, boolean withUser) {
    List<String> owners = new ArrayList<>();
    owners.add(prefix + PreparedRoles.OWNER);
    if (withUser) {
      owners.add(prefix + PreparedRoles.OWNER + PreparedRoles.USER);
    }
    return owners;
  }

  private static void global(String owner, String prefix, Set<DefaultAcl> acls) {
    String reader = prefix + PreparedRoles.READER;
    String writer = prefix + PreparedRoles.WRITER;
    acls.add(new DefaultAcl(owner, null, 'n', writer, "USAGE"));
    acls.add(new DefaultAcl(owner, null, 'n', reader, "USAGE"));
    objectPrivileges(owner, null, reader, writer, acls);
  }

  private static void inSchema(
      String schema, String owner, String prefix, Set<SchemaGrant> grants, Set<DefaultAcl> acls) {
    String reader = prefix + PreparedRoles.READER;
    String writer = prefix + PreparedRoles.WRITER;
    grants.add(new SchemaGrant(schema, reader, "USAGE"));
    grants.add(new SchemaGrant(schema, writer, "USAGE"));
    objectPrivileges(owner, schema, reader, writer, acls);
  }

  private static void objectPrivileges(
      String owner, String schema, String reader, String writer, Set<DefaultAcl> acls) {
    acls.add(new DefaultAcl(owner, schema, 'r', reader, "SELECT"));
    acls.add(new DefaultAcl(owner, schema, 'S', reader, "SELECT"));
    for (String p : List.of("INSERT", "UPDATE", "DELETE")) {
      acls.add(new DefaultAcl(owner, schema, 'r', writer, p));
    }
    for (String p : List.of("USAGE", "UPDATE")) {
      acls.add(new DefaultAcl(owner, schema, 'S', writer, p));
    }
    acls.add(new DefaultAcl(owner, schema, 'f', reader, "EXECUTE"));
    acls.add(new DefaultAcl(owner, schema, 'f', writer, "EXECUTE"));
    acls.add(new DefaultAcl(owner, schema, 'T', reader, "USAGE"));
    acls.add(new DefaultAcl(owner, schema, 'T', writer, "USAGE"));
  }
}
