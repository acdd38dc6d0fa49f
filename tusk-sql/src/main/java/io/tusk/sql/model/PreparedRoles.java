package io.tusk.sql.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The roles a prepared database wants. Mirrors {@code cluster.go#initPreparedDatabaseRoles} and
 * {@code #initDefaultRoles} (v2.0.1):
 *
 * <ul>
 *   <li>{@code {db}_owner}, {@code {db}_reader}, {@code {db}_writer} (member of the reader), all
 *       NOLOGIN; the owner is administered by {@code admin}, the others by the owner;
 *   <li>with {@code defaultUsers}: {@code {db}_owner_user}, {@code {db}_reader_user}, {@code
 *       {db}_writer_user}, LOGIN, each a member of its NOLOGIN role;
 *   <li>the same per schema with prefix {@code {db}_{schema}} (administered by {@code {db}_owner})
 *       unless the schema sets {@code defaultRoles: false};
 *   <li>every role gets {@code search_path} = {@code "$user"} and the schemas (all schemas of the
 *       database for database roles, the one schema for schema roles).
 * </ul>
 *
 * <p>Unlike Zalando, NOLOGIN roles get no password at all (Zalando gives them a fresh random one on
 * every sync, which it then re-sets); LOGIN roles get theirs from their Secret through {@link
 * io.tusk.sql.rotation.CredentialPlanner}.
 */
public final class PreparedRoles {

  public static final String OWNER = "_owner";
  public static final String READER = "_reader";
  public static final String WRITER = "_writer";
  public static final String USER = "_user";

  /** Zalando hard-codes this admin for database-level roles (not {@code team_admin_role}). */
  public static final String DEFAULT_ADMIN = "admin";

  private static final String DEFAULT_SEARCH_PATH = "\"$user\"";

  private PreparedRoles() {}

  /** The roles of one prepared database, database roles first, then schema roles by schema. */
  public static List<DesiredRole> rolesFor(PreparedDatabase db, String admin) {
    List<DesiredRole> roles = new ArrayList<>();
    String dbSearchPath =
        DEFAULT_SEARCH_PATH
            + db.schemas().keySet().stream()
                .map(s -> ", \"" + s + "\"")
                .collect(Collectors.joining());
    addDefaultRoles(roles, db.name(), admin, dbSearchPath, db.defaultUsers());
    for (Map.Entry<String, PreparedSchema> e : db.schemas().entrySet()) {
      PreparedSchema schema = e.getValue();
      if (!schema.defaultRoles()) {
        continue;
      }
      addDefaultRoles(
          roles,
          db.name() + "_" + e.getKey(),
          db.ownerRole(),
          DEFAULT_SEARCH_PATH + ", \"" + e.getKey() + "\"",
          schema.defaultUsers());
    }
    return roles;
  }

  private static void addDefaultRoles(
      List<DesiredRole> roles, String prefix, String admin, String searchPath, boolean users) {
    roles.add(role(prefix + OWNER, false, null, admin, true, searchPath));
    roles.add(role(prefix + READER, false, null, prefix + OWNER, false, searchPath));
    roles.add(role(prefix + WRITER, false, prefix + READER, prefix + OWNER, false, searchPath));
    if (users) {
      // Zalando treats every role whose name contains "_owner" as an owner: admin "admin" and
      // db owner (so no global rotation for it).
      roles.add(role(prefix + OWNER + USER, true, prefix + OWNER, admin, true, searchPath));
      roles.add(
          role(prefix + READER + USER, true, prefix + READER, prefix + OWNER, false, searchPath));
      roles.add(
          role(prefix + WRITER + USER, true, prefix + WRITER, prefix + OWNER, false, searchPath));
    }
  }

  private static DesiredRole role(
      String name,
      boolean login,
      String memberOf,
      String admin,
      boolean owner,
      String searchPath) {
    DesiredRole.Builder b =
        DesiredRole.builder(name, RoleOrigin.BOOTSTRAP)
            .flags(login ? "LOGIN" : "NOLOGIN")
            .adminRole(admin == null || admin.isEmpty() ? null : admin)
            .dbOwner(owner)
            .parameter("search_path", searchPath);
    if (memberOf != null) {
      b.memberOf(memberOf);
    }
    return b.build();
  }
}
