package io.tusk.spec.roles;

/**
 * Where a wanted role comes from. The order is Zalando's {@code spec.RoleOrigin}: when two sources
 * want a role with the same name, the later constant wins ({@code cluster.go#resolveNameConflict},
 * v2.0.1).
 */
public enum RoleOrigin {
  /** {@code spec.users} of the manifest. */
  MANIFEST,
  /** Infrastructure roles from the operator's Secrets/ConfigMaps. */
  INFRASTRUCTURE,
  /** Human users: Teams API and PostgresTeam members. */
  TEAMS_API,
  /** The superuser and the replication user. */
  SYSTEM,
  /** Roles of prepared databases ({@code {db}_owner}, ...). */
  BOOTSTRAP,
  /** The connection pooler user. */
  CONNECTION_POOLER,
  /** The replication user of event streams ({@code fes_user}). */
  STREAM;

  /** True for the roles whose names nobody else may take. */
  public boolean isSystemLike() {
    return this == SYSTEM || this == CONNECTION_POOLER || this == STREAM;
  }
}
