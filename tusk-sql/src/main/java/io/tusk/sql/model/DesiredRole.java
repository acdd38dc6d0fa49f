package io.tusk.sql.model;

import io.tusk.spec.roles.ClusterRole;
import io.tusk.spec.roles.RoleOrigin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A role Tusk wants to exist, whatever its source. Mirrors Zalando's {@code spec.PgUser} (v2.0.1)
 * without its Kubernetes fields (namespace of the Secret) and run-time state (degraded).
 *
 * @param flags manifest-style flags, parsed and checked by validation ({@link RoleFlags#parse})
 * @param memberOf roles this role is granted ({@code IN ROLE}); never revoked, as in Zalando
 * @param parameters {@code ALTER ROLE ... SET} values; empty means "leave the role's settings
 *     alone", non-empty means "exactly these"
 * @param adminRole role that gets this role {@code WITH ADMIN OPTION} ({@code ADMIN "admin"})
 * @param dbOwner owns a database (no global password rotation; {@code additional_owner_roles})
 * @param rotationOf for a dated rotation user ({@code {user}YYMMDD}): the role it rotates; it
 *     inherits that role's settings when {@code parameters} is empty
 */
public record DesiredRole(
    String name,
    List<String> flags,
    PasswordSpec password,
    List<String> memberOf,
    Map<String, String> parameters,
    RoleOrigin origin,
    String adminRole,
    boolean dbOwner,
    String rotationOf) {

  public DesiredRole {
    Objects.requireNonNull(name, "name");
    flags = List.copyOf(flags);
    password = password == null ? PasswordSpec.unmanaged() : password;
    memberOf = List.copyOf(memberOf);
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    Objects.requireNonNull(origin, "origin");
  }

  public static Builder builder(String name, RoleOrigin origin) {
    return new Builder(name, origin);
  }

  /**
   * A builder initialised from a role of the cluster's derivation: name, origin, flags,
   * memberships, settings, admin role and ownership; the password is left unmanaged.
   */
  public static Builder from(ClusterRole role) {
    return new Builder(role.name(), role.origin())
        .flags(role.flags())
        .memberOf(role.memberOf())
        .parameters(role.parameters())
        .adminRole(role.adminRole())
        .dbOwner(role.dbOwner());
  }

  /** A builder initialised from this role. */
  public Builder toBuilder() {
    Builder b = new Builder(name, origin);
    b.flags.addAll(flags);
    b.password = password;
    b.memberOf.addAll(memberOf);
    b.parameters.putAll(parameters);
    b.adminRole = adminRole;
    b.dbOwner = dbOwner;
    b.rotationOf = rotationOf;
    return b;
  }

  /** Readable and secret-free. */
  @Override
  public String toString() {
    return "DesiredRole["
        + name
        + ", origin="
        + origin
        + ", flags="
        + flags
        + ", memberOf="
        + memberOf
        + ", parameters="
        + parameters
        + ", adminRole="
        + adminRole
        + ", dbOwner="
        + dbOwner
        + ", rotationOf="
        + rotationOf
        + ", password="
        + password
        + "]";
  }

  /** Fluent construction; unset lists and maps are empty. */
  public static final class Builder {
    private String name;
    private final RoleOrigin origin;
    private final List<String> flags = new ArrayList<>();
    private PasswordSpec password = PasswordSpec.unmanaged();
    private final List<String> memberOf = new ArrayList<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private String adminRole;
    private boolean dbOwner;
    private String rotationOf;

    private Builder(String name, RoleOrigin origin) {
      this.name = name;
      this.origin = origin;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder flags(String... values) {
      flags.addAll(List.of(values));
      return this;
    }

    public Builder flags(Collection<String> values) {
      flags.addAll(values);
      return this;
    }

    public Builder clearFlags() {
      flags.clear();
      return this;
    }

    public Builder password(PasswordSpec value) {
      this.password = value;
      return this;
    }

    public Builder password(String plain) {
      this.password = PasswordSpec.plain(plain);
      return this;
    }

    public Builder memberOf(String... values) {
      for (String v : values) {
        if (!memberOf.contains(v)) {
          memberOf.add(v);
        }
      }
      return this;
    }

    public Builder memberOf(Collection<String> values) {
      return memberOf(values.toArray(String[]::new));
    }

    public Builder clearMemberOf() {
      memberOf.clear();
      return this;
    }

    public Builder parameter(String key, String value) {
      parameters.put(key, value);
      return this;
    }

    public Builder parameters(Map<String, String> values) {
      parameters.putAll(values);
      return this;
    }

    public Builder clearParameters() {
      parameters.clear();
      return this;
    }

    public Builder adminRole(String value) {
      this.adminRole = value;
      return this;
    }

    public Builder dbOwner(boolean value) {
      this.dbOwner = value;
      return this;
    }

    public Builder rotationOf(String value) {
      this.rotationOf = value;
      return this;
    }

    public DesiredRole build() {
      return new DesiredRole(
          name, flags, password, memberOf, parameters, origin, adminRole, dbOwner, rotationOf);
    }
  }
}
