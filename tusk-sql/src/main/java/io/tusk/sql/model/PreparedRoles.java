package io.tusk.sql.model;

import io.tusk.api.acid.v1.PreparedSchema;
import io.tusk.spec.roles.ClusterRoles;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The roles a prepared database wants, as {@link ClusterRoles#preparedDatabaseRoles} derives them
 * (Zalando's {@code cluster.go#initPreparedDatabaseRoles} and {@code #initDefaultRoles}, v2.0.1):
 * {@code {db}_owner/_reader/_writer} (NOLOGIN), with {@code defaultUsers} their LOGIN {@code _user}
 * forms, and the same per schema unless the schema sets {@code defaultRoles: false}.
 *
 * <p>Unlike Zalando, NOLOGIN roles get no password at all (Zalando gives them a fresh random one on
 * every sync, which it then re-sets); LOGIN roles get theirs from their Secret through {@link
 * io.tusk.sql.rotation.CredentialPlanner}.
 */
public final class PreparedRoles {

  public static final String OWNER = ClusterRoles.OWNER;
  public static final String READER = ClusterRoles.READER;
  public static final String WRITER = ClusterRoles.WRITER;
  public static final String USER = ClusterRoles.USER;

  /** Zalando hard-codes this admin for database-level roles (not {@code team_admin_role}). */
  public static final String DEFAULT_ADMIN = ClusterRoles.PREPARED_DATABASE_ADMIN;

  private PreparedRoles() {}

  /** The roles of one prepared database, database roles first, then schema roles by schema. */
  public static List<DesiredRole> rolesFor(DesiredPreparedDatabase db, String admin) {
    Map<String, PreparedSchema> schemas = new TreeMap<>();
    db.schemas()
        .forEach(
            (name, s) -> {
              PreparedSchema schema = new PreparedSchema();
              schema.setDefaultRoles(s.defaultRoles());
              schema.setDefaultUsers(s.defaultUsers());
              schemas.put(name, schema);
            });
    return ClusterRoles.preparedDatabaseRoles(db.name(), db.defaultUsers(), schemas, admin, null)
        .stream()
        .map(r -> DesiredRole.from(r).build())
        .toList();
  }
}
