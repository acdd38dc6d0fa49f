package io.tusk.spec.roles;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One role a cluster wants, whatever its source: the part of Zalando's {@code spec.PgUser} (v2.0.1)
 * that follows from the manifest, the configuration and the operator's other inputs. Passwords are
 * not part of it; they come from the role's Secret.
 *
 * @param flags manifest-style flags as given ({@code ["createdb", "NOLOGIN"]}); {@code LOGIN} is
 *     implied unless {@code NOLOGIN} is given
 * @param memberOf roles this role is granted ({@code IN ROLE})
 * @param parameters {@code ALTER ROLE ... SET} values
 * @param adminRole role that gets this role {@code WITH ADMIN OPTION}, or null
 * @param dbOwner owns a database ({@code additional_owner_roles}, no global rotation)
 * @param secretNamespace namespace of the role's credentials Secret, or null when it gets none
 *     (team members, NOLOGIN roles)
 */
public record ClusterRole(
    String name,
    RoleOrigin origin,
    List<String> flags,
    List<String> memberOf,
    Map<String, String> parameters,
    String adminRole,
    boolean dbOwner,
    String secretNamespace) {

  public ClusterRole {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(origin, "origin");
    flags = flags == null ? List.of() : Collections.unmodifiableList(flags.stream().toList());
    memberOf = memberOf == null ? List.of() : List.copyOf(memberOf);
    parameters =
        parameters == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** A role with only a name, an origin and flags. */
  public static ClusterRole of(String name, RoleOrigin origin, List<String> flags) {
    return new ClusterRole(name, origin, flags, List.of(), Map.of(), null, false, null);
  }

  /** Whether the role gets a credentials Secret. */
  public boolean hasSecret() {
    return secretNamespace != null;
  }

  /** Whether the flags let the role log in ({@code LOGIN} is implied unless {@code NOLOGIN}). */
  public boolean login() {
    return flags.stream().noneMatch(f -> f != null && f.equalsIgnoreCase("NOLOGIN"));
  }
}
