package io.tusk.sql.plan;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.catalog.ActualRole;
import io.tusk.sql.catalog.ClusterCatalog;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.RoleAttribute;
import io.tusk.sql.model.RoleFlags;
import io.tusk.sql.password.PasswordHashes;
import io.tusk.sql.statement.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans CREATE ROLE / ALTER ROLE / GRANT statements that make the wanted roles exist as wanted.
 * Pure: wanted roles and the catalog in, changes out.
 *
 * <p>Mirrors Zalando's {@code users.go#ProduceSyncRequests} and {@code #ExecuteSyncRequests}
 * (v2.0.1): missing roles are created with their flags, groups ({@code IN ROLE}), admin ({@code
 * ADMIN}) and password; existing roles get missing flags, a different password, missing group
 * memberships and different settings ({@code RESET ALL} then {@code SET}). Memberships are never
 * revoked. A team member renamed with {@code role_deletion_suffix} is renamed back when it returns.
 * Differences: passwords are verified against the stored SCRAM verifier instead of being re-sent
 * every sync; {@code NO*} flags are applied and compared with the real attribute; settings are
 * compared by value, not text; the admin grant is repaired when missing; a group role or admin that
 * does not exist is skipped with a warning instead of failing the role.
 */
public final class RolePlanner {

  private RolePlanner() {}

  public static Plan plan(List<DesiredRole> wanted, ClusterCatalog catalog, SyncOptions options) {
    Map<String, DesiredRole> byName = new LinkedHashMap<>();
    wanted.forEach(r -> byName.put(r.name(), r));
    List<Change> changes = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    // Roles renamed back in this plan: new name -> old name, so catalog lookups still work.
    Map<String, String> renamedFrom = new HashMap<>();

    for (DesiredRole role : dependencyOrder(byName)) {
      Subject subject = Subject.role(role.name());
      RoleFlags flags = RoleFlags.parse(role.flags());
      Map<String, String> parameters = effectiveParameters(role, byName, catalog);
      ActualRole actual = catalog.role(role.name());

      if (actual == null
          && role.origin() == RoleOrigin.TEAMS_API
          && !options.roleDeletionSuffix().isEmpty()) {
        String deletedName = role.name() + options.roleDeletionSuffix();
        ActualRole deleted = catalog.role(deletedName);
        if (deleted != null && !deleted.login()) {
          changes.add(
              Change.inTransaction(
                  subject,
                  List.of(
                      Statement.builder()
                          .sql("ALTER ROLE ")
                          .ident(deletedName)
                          .sql(" RENAME TO ")
                          .ident(role.name())
                          .build()),
                  new Effect(
                      Effect.Kind.ROLE_RENAMED, subject, deletedName + " -> " + role.name())));
          actual = deleted.renamed(role.name());
          renamedFrom.put(role.name(), deletedName);
        }
      }

      if (actual == null) {
        changes.add(create(role, flags, parameters, byName, catalog, options, warnings));
      } else {
        Change alter =
            alter(
                role,
                flags,
                parameters,
                actual,
                byName,
                catalog,
                options,
                warnings,
                renamedFrom.getOrDefault(role.name(), role.name()));
        if (alter != null) {
          changes.add(alter);
        }
      }
    }
    return new Plan(changes, warnings);
  }

  private static Change create(
      DesiredRole role,
      RoleFlags flags,
      Map<String, String> parameters,
      Map<String, DesiredRole> byName,
      ClusterCatalog catalog,
      SyncOptions options,
      List<String> warnings) {
    Statement.Builder create = Statement.builder().sql("CREATE ROLE ").ident(role.name());
    StringBuilder options1 = new StringBuilder();
    for (RoleAttribute a : RoleAttribute.values()) {
      Boolean on = flags.get(a);
      if (on != null) {
        options1.append(' ').append(a.keyword(on));
      }
    }
    create.sql(" WITH" + options1);
    List<String> groups = new ArrayList<>();
    for (String g : role.memberOf()) {
      if (g.equals(role.name())) {
        continue;
      }
      if (exists(g, byName, catalog)) {
        groups.add(g);
      } else {
        warnings.add(
            "role \""
                + role.name()
                + "\": group role \""
                + g
                + "\" does not exist; membership not granted");
      }
    }
    if (!groups.isEmpty()) {
      create.sql(" IN ROLE ").idents(groups);
    }
    String admin = adminRole(role, byName, catalog, warnings);
    if (admin != null) {
      create.sql(" ADMIN ").ident(admin);
    }
    String password =
        PasswordHashes.toSend(role.name(), role.password(), options.passwordEncryption());
    if (password != null) {
      create.sql(" PASSWORD ").secretLiteral(password);
    }
    List<Statement> statements = new ArrayList<>();
    statements.add(create.build());
    parameters.forEach((k, v) -> statements.add(setParameter(role.name(), k, v)));
    return Change.inTransaction(
        Subject.role(role.name()),
        statements,
        new Effect(Effect.Kind.ROLE_CREATED, Subject.role(role.name()), describeOrigin(role)));
  }

  private static Change alter(
      DesiredRole role,
      RoleFlags flags,
      Map<String, String> parameters,
      ActualRole actual,
      Map<String, DesiredRole> byName,
      ClusterCatalog catalog,
      SyncOptions options,
      List<String> warnings,
      String catalogName) {
    String name = role.name();
    List<Statement> statements = new ArrayList<>();
    List<String> details = new ArrayList<>();

    StringBuilder keywords = new StringBuilder();
    List<String> changedFlags = new ArrayList<>();
    for (RoleAttribute a : RoleAttribute.values()) {
      Boolean on = flags.get(a);
      if (on != null && actual.has(a) != on) {
        keywords.append(' ').append(a.keyword(on));
        changedFlags.add(a.keyword(on));
      }
    }
    boolean passwordChange =
        !PasswordHashes.satisfied(
            name, role.password(), actual.password(), options.passwordEncryption());
    if (keywords.length() > 0 || passwordChange) {
      Statement.Builder b =
          Statement.builder().sql("ALTER ROLE ").ident(name).sql(" WITH").sql(keywords.toString());
      if (!changedFlags.isEmpty()) {
        details.add("flags " + String.join(" ", changedFlags));
      }
      if (passwordChange) {
        b.sql(" PASSWORD ")
            .secretLiteral(
                PasswordHashes.toSend(name, role.password(), options.passwordEncryption()));
        details.add("password");
      }
      statements.add(b.build());
    }

    List<String> granted = new ArrayList<>();
    for (String g : role.memberOf()) {
      if (g.equals(name) || catalog.isMember(catalogName, g)) {
        continue;
      }
      if (!exists(g, byName, catalog)) {
        warnings.add(
            "role \""
                + name
                + "\": group role \""
                + g
                + "\" does not exist; membership not granted");
        continue;
      }
      if (role.dbOwner() && catalog.isMember(g, catalogName)) {
        // A database owner must not have its additional owner roles as members, or granting them
        // to it would be circular (zalando/postgres-operator#1862,
        // users.go#resolveOwnerMembership).
        statements.add(
            Statement.builder().sql("REVOKE ").ident(name).sql(" FROM ").ident(g).build());
        details.add("revoked from " + g);
      }
      statements.add(Statement.builder().sql("GRANT ").ident(g).sql(" TO ").ident(name).build());
      granted.add(g);
    }
    if (!granted.isEmpty()) {
      details.add("granted " + String.join(", ", granted));
    }

    String admin = adminRole(role, byName, catalog, warnings);
    if (admin != null && !catalog.hasAdmin(admin, catalogName)) {
      if (catalog.isMember(catalogName, admin)) {
        warnings.add(
            "role \""
                + name
                + "\": cannot give \""
                + admin
                + "\" admin option on it because it is a member of \""
                + admin
                + "\"");
      } else {
        statements.add(
            Statement.builder()
                .sql("GRANT ")
                .ident(name)
                .sql(" TO ")
                .ident(admin)
                .sql(" WITH ADMIN OPTION")
                .build());
        details.add("admin option for " + admin);
      }
    }

    if (!parameters.isEmpty() && !ParameterValues.equivalent(actual.parameters(), parameters)) {
      statements.add(Statement.builder().sql("ALTER ROLE ").ident(name).sql(" RESET ALL").build());
      parameters.forEach((k, v) -> statements.add(setParameter(name, k, v)));
      details.add("settings");
    }
    if (statements.isEmpty()) {
      return null;
    }
    return Change.inTransaction(
        Subject.role(name),
        statements,
        new Effect(Effect.Kind.ROLE_ALTERED, Subject.role(name), String.join("; ", details)));
  }

  static Statement setParameter(String role, String name, String value) {
    return Statement.builder()
        .sql("ALTER ROLE ")
        .ident(role)
        .sql(" SET ")
        .sql(io.tusk.sql.statement.Quoting.parameterName(name))
        .sql(" TO ")
        .sql(ParameterValues.render(name, value))
        .build();
  }

  private static String adminRole(
      DesiredRole role,
      Map<String, DesiredRole> byName,
      ClusterCatalog catalog,
      List<String> warnings) {
    String admin = role.adminRole();
    if (admin == null || admin.isEmpty() || admin.equals(role.name())) {
      return null;
    }
    if (!exists(admin, byName, catalog)) {
      warnings.add(
          "role \""
              + role.name()
              + "\": admin role \""
              + admin
              + "\" does not exist; admin option not granted");
      return null;
    }
    return admin;
  }

  /**
   * Settings of a role; a rotation user without its own inherits those of the role it rotates (from
   * the wanted role, else from the server), as {@code sync.go#syncRoles} copies {@code rolconfig}.
   */
  static Map<String, String> effectiveParameters(
      DesiredRole role, Map<String, DesiredRole> byName, ClusterCatalog catalog) {
    if (role.rotationOf() == null || !role.parameters().isEmpty()) {
      return role.parameters();
    }
    DesiredRole parent = byName.get(role.rotationOf());
    if (parent != null && !parent.parameters().isEmpty()) {
      return parent.parameters();
    }
    ActualRole actualParent = catalog.role(role.rotationOf());
    return actualParent == null ? Map.of() : actualParent.parameters();
  }

  private static boolean exists(
      String name, Map<String, DesiredRole> byName, ClusterCatalog catalog) {
    return byName.containsKey(name) || catalog.hasRole(name);
  }

  private static String describeOrigin(DesiredRole role) {
    return switch (role.origin()) {
          case MANIFEST -> "from the manifest";
          case INFRASTRUCTURE -> "infrastructure role";
          case TEAMS_API -> "team member";
          case SYSTEM -> "system role";
          case BOOTSTRAP -> "prepared database role";
          case CONNECTION_POOLER -> "connection pooler role";
          case STREAM -> "event stream role";
        }
        + (role.rotationOf() == null ? "" : ", rotation user of " + role.rotationOf());
  }

  /**
   * Wanted roles with the roles they refer to (groups, admin, rotated role) first, so that one pass
   * creates them in a working order; input order otherwise. Cycles keep input order.
   */
  static List<DesiredRole> dependencyOrder(Map<String, DesiredRole> byName) {
    List<DesiredRole> out = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (String name : byName.keySet()) {
      visit(name, byName, done, visiting, out);
    }
    return out;
  }

  private static void visit(
      String name,
      Map<String, DesiredRole> byName,
      Set<String> done,
      Set<String> visiting,
      List<DesiredRole> out) {
    DesiredRole r = byName.get(name);
    if (r == null || done.contains(name) || !visiting.add(name)) {
      return;
    }
    List<String> deps = new ArrayList<>(r.memberOf());
    if (r.adminRole() != null) {
      deps.add(r.adminRole());
    }
    if (r.rotationOf() != null) {
      deps.add(r.rotationOf());
    }
    for (String d : deps) {
      visit(d, byName, done, visiting, out);
    }
    visiting.remove(name);
    if (done.add(name)) {
      out.add(r);
    }
  }
}
