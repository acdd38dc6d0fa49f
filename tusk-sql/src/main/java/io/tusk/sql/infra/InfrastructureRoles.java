package io.tusk.sql.infra;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.model.DesiredRole;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Infrastructure roles from the operator's Secrets (and ConfigMaps of the same name). Pure: the
 * operator reads the Secret and ConfigMap and passes their decoded data. Mirrors Zalando's {@code
 * controller/util.go#getInfrastructureRoles}, {@code #getInfrastructureRole} and {@code
 * #getInfrastructureRoleDefinitions} (v2.0.1). Three formats:
 *
 * <ul>
 *   <li>old ({@code infrastructure_roles_secret_name}, a template definition): numbered keys {@code
 *       user1}, {@code password1}, {@code inrole1}, {@code user2}, ...;
 *   <li>new ({@code infrastructure_roles_secrets}): one role per Secret under {@code userkey},
 *       {@code passwordkey}, {@code rolekey}, with {@code defaultuservalue}/{@code
 *       defaultrolevalue} fallbacks, or a YAML description under {@code details};
 *   <li>ConfigMap form: a ConfigMap named like the Secret maps role names to YAML descriptions
 *       ({@code inrole}, {@code user_flags}, {@code db_parameters}, {@code admin_role}); the
 *       password is the Secret's value under the role's name.
 * </ul>
 *
 * <p>Incomplete roles (no name or no password) are skipped with a warning, as in Zalando. One
 * difference: with {@code details}, Zalando never fills in name and password (so such roles are
 * always skipped); Tusk takes them from {@code userkey}/{@code passwordkey}.
 */
public final class InfrastructureRoles {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * One place to read roles from ({@code config.go#InfrastructureRole}).
   *
   * @param template numbered keys ({@code user1, password1, inrole1, ...})
   */
  public record Definition(
      String secretName,
      String userKey,
      String passwordKey,
      String roleKey,
      String defaultUserValue,
      String defaultRoleValue,
      String details,
      boolean template) {

    public Definition {
      userKey = orEmpty(userKey);
      passwordKey = orEmpty(passwordKey);
      roleKey = orEmpty(roleKey);
      defaultUserValue = orEmpty(defaultUserValue);
      defaultRoleValue = orEmpty(defaultRoleValue);
      details = orEmpty(details);
    }

    /** The old format: {@code infrastructure_roles_secret_name}. */
    public static Definition legacy(String secretName) {
      return new Definition(secretName, "user", "password", "inrole", "", "", "", true);
    }
  }

  /** The roles of one definition and warnings about skipped ones. */
  public record Result(List<DesiredRole> roles, List<String> warnings) {}

  /** What a role description in YAML may hold ({@code spec.PgUser} YAML tags). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Description(
      @JsonProperty("user_flags") List<String> flags,
      @JsonProperty("inrole") List<String> memberOf,
      @JsonProperty("db_parameters") Map<String, String> parameters,
      @JsonProperty("admin_role") String adminRole) {}

  private InfrastructureRoles() {}

  /**
   * Roles of one definition.
   *
   * @param secretData the Secret's data, base64-decoded
   * @param configMapData data of the ConfigMap with the Secret's name, or null if there is none
   * @throws IllegalArgumentException if a YAML description cannot be parsed
   */
  public static Result read(
      Definition def, Map<String, String> secretData, Map<String, String> configMapData) {
    Map<String, String> data = new LinkedHashMap<>(secretData);
    List<DesiredRole> roles = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String source = "infrastructure roles secret " + def.secretName();

    if (def.template()) {
      int count = data.size();
      for (int i = 1; i <= count; i++) {
        String name = data.remove(def.userKey() + i);
        if (name == null) {
          break;
        }
        String password = data.remove(def.passwordKey() + i);
        String group = data.remove(def.roleKey() + i);
        DesiredRole.Builder b = DesiredRole.builder(name, RoleOrigin.INFRASTRUCTURE);
        if (group != null && !group.isEmpty()) {
          b.memberOf(group);
        }
        if (password == null || password.isEmpty() || name.isEmpty()) {
          warnings.add(source + ": role \"" + name + "\" is not complete and ignored");
          continue;
        }
        roles.add(b.password(password).build());
      }
    } else {
      String name = coalesce(data.get(def.userKey()), def.defaultUserValue());
      String password = data.get(def.passwordKey());
      DesiredRole.Builder b =
          DesiredRole.builder(name == null ? "" : name, RoleOrigin.INFRASTRUCTURE);
      if (!def.details().isEmpty() && data.containsKey(def.details())) {
        describe(b, parse(data.get(def.details()), source));
      } else {
        String group = coalesce(data.get(def.roleKey()), def.defaultRoleValue());
        if (group != null && !group.isEmpty()) {
          b.memberOf(group);
        }
      }
      if (name == null || name.isEmpty()) {
        warnings.add(source + ": infrastructure role has no name defined and is ignored");
      } else if (password == null || password.isEmpty()) {
        warnings.add(
            source
                + ": infrastructure role \""
                + name
                + "\" has no password defined and is ignored");
      } else {
        roles.add(b.password(password).build());
      }
    }

    if (configMapData != null) {
      for (Map.Entry<String, String> e : configMapData.entrySet()) {
        String role = e.getKey();
        Description d = parse(e.getValue(), "infrastructure roles configmap " + def.secretName());
        String password = data.remove(role);
        if (password == null || password.isEmpty()) {
          warnings.add(
              source
                  + ": infrastructure role \""
                  + role
                  + "\" has no password defined and is ignored");
          continue;
        }
        DesiredRole.Builder b = DesiredRole.builder(role, RoleOrigin.INFRASTRUCTURE);
        describe(b, d);
        roles.add(b.password(password).build());
      }
    }
    return new Result(roles, warnings);
  }

  /**
   * Roles of several definitions, later ones overriding earlier ones with the same name, as
   * Zalando's {@code getInfrastructureRoles} does.
   */
  public static Result merge(Collection<Result> results) {
    Map<String, DesiredRole> byName = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (Result r : results) {
      warnings.addAll(r.warnings());
      for (DesiredRole role : r.roles()) {
        if (byName.containsKey(role.name())) {
          warnings.add(
              "conflicting infrastructure roles: \""
                  + role.name()
                  + "\" is defined more than once; the last definition wins");
        }
        byName.put(role.name(), role);
      }
    }
    return new Result(new ArrayList<>(byName.values()), warnings);
  }

  private static void describe(DesiredRole.Builder b, Description d) {
    if (d.flags() != null) {
      b.flags(d.flags());
    }
    if (d.memberOf() != null) {
      d.memberOf().stream().filter(g -> g != null && !g.isEmpty()).forEach(b::memberOf);
    }
    if (d.parameters() != null) {
      d.parameters().forEach((k, v) -> b.parameter(k, v == null ? "" : String.valueOf(v)));
    }
    if (d.adminRole() != null && !d.adminRole().isEmpty()) {
      b.adminRole(d.adminRole());
    }
  }

  private static Description parse(String yaml, String source) {
    try {
      Description d = YAML.readValue(yaml, Description.class);
      return d == null ? new Description(null, null, null, null) : d;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "could not decode role description in " + source + ": " + e.getMessage(), e);
    }
  }

  private static String coalesce(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
