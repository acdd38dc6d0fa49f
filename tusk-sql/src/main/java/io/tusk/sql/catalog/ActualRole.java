package io.tusk.sql.catalog;

import io.tusk.sql.model.RoleAttribute;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A role as {@code pg_authid} has it.
 *
 * @param password {@code rolpassword} (a verifier or md5 hash), null when the role has none
 * @param parameters database-independent settings ({@code ALTER ROLE ... SET}) as stored in {@code
 *     pg_db_role_setting}: name to value text
 */
public record ActualRole(
    String name,
    Map<RoleAttribute, Boolean> attributes,
    String password,
    Map<String, String> parameters) {

  public ActualRole {
    Objects.requireNonNull(name, "name");
    EnumMap<RoleAttribute, Boolean> a = new EnumMap<>(RoleAttribute.class);
    a.putAll(attributes);
    attributes = Collections.unmodifiableMap(a);
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  public boolean has(RoleAttribute attribute) {
    return Boolean.TRUE.equals(attributes.get(attribute));
  }

  public boolean login() {
    return has(RoleAttribute.LOGIN);
  }

  /** The same role under another name (after {@code ALTER ROLE ... RENAME}). */
  public ActualRole renamed(String newName) {
    return new ActualRole(newName, attributes, password, parameters);
  }

  @Override
  public String toString() {
    return "ActualRole["
        + name
        + ", "
        + attributes
        + ", parameters="
        + parameters
        + ", password="
        + (password == null ? "none" : "********")
        + "]";
  }
}
