package io.tusk.sql.plan;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.Problem;
import io.tusk.sql.Subject;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.catalog.ClusterCatalog;
import io.tusk.sql.model.DesiredDatabase;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredPreparedSchema;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PasswordSpec;
import io.tusk.sql.model.PreparedRoles;
import io.tusk.sql.model.RoleFlags;
import io.tusk.sql.model.RotationRetention;
import io.tusk.sql.password.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the wanted state before anything is sent, so an invalid input changes nothing. Mirrors the
 * checks of Zalando's {@code cluster.go#initRobotUsers}, {@code #initInfrastructureRoles}, {@code
 * #shouldAvoidProtectedOrSystemRole} and {@code database.go#databaseNameOwnerValid} (v2.0.1), but
 * where Zalando logs and skips, Tusk rejects the input with a message naming the role or database.
 */
public final class Validator {

  /** Zalando's {@code userRegexp}, for manifest and infrastructure roles. */
  private static final Pattern USER_NAME =
      Pattern.compile("^[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$");

  /** Zalando's {@code databaseNameRegexp}, for databases and schemas. */
  private static final Pattern DATABASE_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

  private static final Pattern PARAMETER_NAME =
      Pattern.compile("^[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)*$");

  /** Names PostgreSQL does not accept for a role. */
  private static final Set<String> RESERVED_ROLE_NAMES =
      Set.of("public", "none", "current_user", "current_role", "session_user", "user");

  /** PostgreSQL's NAMEDATALEN - 1; longer names are silently truncated by the server. */
  public static final int MAX_NAME_BYTES = 63;

  private Validator() {}

  /** Problems that need no server: names, flags, collisions, duplicates. */
  public static List<Problem> validate(DatabaseDesiredState state, SyncOptions options) {
    List<Problem> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> systemNames = new HashSet<>();
    for (DesiredRole r : state.roles()) {
      if (r.origin().isSystemLike()) {
        systemNames.add(r.name());
      }
    }
    for (DesiredRole r : state.roles()) {
      Subject s = Subject.role(r.name());
      if (!seen.add(r.name())) {
        problems.add(new Problem(s, "the role is wanted twice"));
        continue;
      }
      roleName(r.name(), problems, s);
      if ((r.origin() == RoleOrigin.MANIFEST || r.origin() == RoleOrigin.INFRASTRUCTURE)
          && !USER_NAME.matcher(r.name()).matches()) {
        problems.add(new Problem(s, "invalid user name (must match " + USER_NAME.pattern() + ")"));
      }
      try {
        RoleFlags.parse(r.flags());
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(s, e.getMessage()));
      }
      if (!r.origin().isSystemLike()) {
        if (options.protectedRoleNames().contains(r.name())) {
          problems.add(
              new Problem(
                  s,
                  origin(r)
                      + " role collides with the protected role \""
                      + r.name()
                      + "\" (protected_role_names)"));
        }
        if (systemNames.contains(r.name())) {
          problems.add(
              new Problem(
                  s, origin(r) + " role collides with the system role \"" + r.name() + "\""));
        }
      }
      for (String g : r.memberOf()) {
        referencedName(g, "member of", problems, s);
      }
      if (r.adminRole() != null) {
        referencedName(r.adminRole(), "admin role", problems, s);
      }
      if (r.rotationOf() != null) {
        referencedName(r.rotationOf(), "rotated role", problems, s);
      }
      for (Map.Entry<String, String> p : r.parameters().entrySet()) {
        if (p.getKey() == null || !PARAMETER_NAME.matcher(p.getKey()).matches()) {
          problems.add(new Problem(s, "invalid setting name \"" + p.getKey() + "\""));
        }
        if (p.getValue() == null || p.getValue().indexOf('\0') >= 0) {
          problems.add(new Problem(s, "invalid value for setting \"" + p.getKey() + "\""));
        } else if (ParameterValues.isList(p.getKey())
            && ParameterValues.parseManifestList(p.getValue()).isEmpty()) {
          problems.add(new Problem(s, "empty list for setting \"" + p.getKey() + "\""));
        }
      }
      if (r.password() instanceof PasswordSpec.Hashed h && !PasswordHashes.isHashed(h.verifier())) {
        problems.add(new Problem(s, "the hashed password is neither md5 nor SCRAM-SHA-256"));
      }
      if (r.password() instanceof PasswordSpec.Plain p
          && (p.password().isEmpty() || p.password().indexOf('\0') >= 0)) {
        problems.add(new Problem(s, "the password is empty or contains a NUL character"));
      }
    }

    Set<String> dbs = new HashSet<>();
    for (DesiredDatabase d : state.databases()) {
      Subject s = Subject.database(d.name());
      if (!dbs.add(d.name())) {
        problems.add(new Problem(s, "the database is wanted twice"));
      }
      databaseName(d.name(), "database", problems, s);
      if (d.name().equals("template0") || d.name().equals("template1")) {
        problems.add(new Problem(s, "template databases cannot be managed"));
      }
      referencedName(d.owner(), "owner", problems, s);
    }
    Set<String> prepared = new HashSet<>();
    for (DesiredPreparedDatabase p : state.preparedDatabases()) {
      Subject s = Subject.database(p.name());
      if (!prepared.add(p.name())) {
        problems.add(new Problem(s, "the prepared database is wanted twice"));
      }
      databaseName(p.name(), "prepared database", problems, s);
      for (Map.Entry<String, DesiredPreparedSchema> e : p.schemas().entrySet()) {
        databaseName(
            e.getKey(), "schema", problems, Subject.in(p.name(), Subject.Kind.SCHEMA, e.getKey()));
      }
      for (Map.Entry<String, String> e : p.extensions().entrySet()) {
        Subject es = Subject.in(p.name(), Subject.Kind.EXTENSION, e.getKey());
        identifier(e.getKey(), "extension", problems, es);
        if (e.getValue() == null || e.getValue().isEmpty()) {
          problems.add(new Problem(es, "no schema given for the extension"));
        } else {
          identifier(e.getValue(), "extension schema", problems, es);
        }
      }
      // Role names derived from the database and schema names must fit.
      for (DesiredRole r : PreparedRoles.rolesFor(p, PreparedRoles.DEFAULT_ADMIN)) {
        if (r.name().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
          problems.add(
              new Problem(
                  Subject.role(r.name()),
                  "role name of prepared database \""
                      + p.name()
                      + "\" is longer than "
                      + MAX_NAME_BYTES
                      + " bytes"));
        }
      }
    }
    if (state.poolerLookup() != null) {
      Subject s = new Subject(Subject.Kind.POOLER_LOOKUP, state.poolerLookup().schema(), null);
      identifier(state.poolerLookup().schema(), "pooler schema", problems, s);
      referencedName(state.poolerLookup().user(), "pooler user", problems, s);
    }
    for (RotationRetention rr : state.rotationRetention()) {
      referencedName(rr.baseRole(), "rotated role", problems, Subject.role(rr.baseRole()));
    }
    return problems;
  }

  /**
   * Problems that need the server's catalog: owners, groups of rotation users. Still checked before
   * anything is sent.
   */
  public static List<Problem> validateAgainst(DatabaseDesiredState state, ClusterCatalog catalog) {
    List<Problem> problems = new ArrayList<>();
    Set<String> wanted = new HashSet<>();
    state.roles().forEach(r -> wanted.add(r.name()));
    for (DesiredDatabase d : state.databases()) {
      if (!wanted.contains(d.owner()) && !catalog.hasRole(d.owner())) {
        problems.add(
            new Problem(
                Subject.database(d.name()),
                "owner \"" + d.owner() + "\" is neither a wanted role nor an existing one"));
      }
    }
    for (DesiredRole r : state.roles()) {
      if (r.rotationOf() != null
          && !wanted.contains(r.rotationOf())
          && !catalog.hasRole(r.rotationOf())) {
        problems.add(
            new Problem(
                Subject.role(r.name()), "rotated role \"" + r.rotationOf() + "\" does not exist"));
      }
    }
    return problems;
  }

  private static String origin(DesiredRole r) {
    return switch (r.origin()) {
      case MANIFEST -> "manifest";
      case INFRASTRUCTURE -> "infrastructure";
      case TEAMS_API -> "team member";
      case BOOTSTRAP -> "prepared database";
      default -> r.origin().name().toLowerCase(Locale.ROOT);
    };
  }

  private static void roleName(String name, List<Problem> problems, Subject s) {
    if (name.isEmpty()) {
      problems.add(new Problem(s, "empty role name"));
      return;
    }
    if (name.indexOf('\0') >= 0) {
      problems.add(new Problem(s, "role name contains a NUL character"));
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      problems.add(new Problem(s, "role name is longer than " + MAX_NAME_BYTES + " bytes"));
    }
    if (name.startsWith("pg_")) {
      problems.add(new Problem(s, "role names starting with \"pg_\" are reserved"));
    }
    if (RESERVED_ROLE_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
      problems.add(new Problem(s, "\"" + name + "\" is reserved and cannot be a role name"));
    }
  }

  private static void referencedName(String name, String what, List<Problem> problems, Subject s) {
    if (name == null
        || name.isEmpty()
        || name.indexOf('\0') >= 0
        || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      problems.add(new Problem(s, "invalid " + what + " name \"" + name + "\""));
    }
  }

  private static void databaseName(String name, String what, List<Problem> problems, Subject s) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      problems.add(
          new Problem(s, "invalid " + what + " name (must match " + DATABASE_NAME.pattern() + ")"));
    } else if (name.length() > MAX_NAME_BYTES) {
      problems.add(new Problem(s, what + " name is longer than " + MAX_NAME_BYTES + " bytes"));
    }
  }

  private static void identifier(String name, String what, List<Problem> problems, Subject s) {
    if (name == null
        || name.isEmpty()
        || name.indexOf('\0') >= 0
        || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      problems.add(new Problem(s, "invalid " + what + " name \"" + name + "\""));
    }
  }
}
