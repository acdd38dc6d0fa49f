package io.tusk.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where to find one kind of infrastructure role: a Secret holding user name, password and role
 * membership under the given keys (option {@code infrastructure_roles_secrets}).
 *
 * <p>Mirrors Zalando's {@code config.go#InfrastructureRole} (v2.0.1). {@code secretName} is kept as
 * written ({@code "name"} or {@code "namespace/name"}); a bare name means the operator's namespace
 * in OperatorConfiguration mode and {@code default} in ConfigMap mode, as in Zalando.
 *
 * @param secretName name of the Secret, optionally {@code namespace/name}
 * @param userKey Secret key holding the user name
 * @param passwordKey Secret key holding the password
 * @param roleKey Secret key holding the role the user is a member of
 * @param defaultUserValue user name to use when the Secret has no {@code userKey}
 * @param defaultRoleValue role to use when the Secret has no {@code roleKey}
 * @param details YAML definition of the role, if any
 * @param template whether the keys are templates numbered {@code user1, password1, ...}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = false)
public record InfrastructureRoleSecret(
    @JsonProperty("secretname") String secretName,
    @JsonProperty("userkey") String userKey,
    @JsonProperty("passwordkey") String passwordKey,
    @JsonProperty("rolekey") String roleKey,
    @JsonProperty("defaultuservalue") String defaultUserValue,
    @JsonProperty("defaultrolevalue") String defaultRoleValue,
    @JsonProperty("details") String details,
    @JsonProperty("template") boolean template) {

  /** Normalises absent strings to empty ones, as Go's zero values are. */
  public InfrastructureRoleSecret {
    secretName = nullToEmpty(secretName);
    userKey = nullToEmpty(userKey);
    passwordKey = nullToEmpty(passwordKey);
    roleKey = nullToEmpty(roleKey);
    defaultUserValue = nullToEmpty(defaultUserValue);
    defaultRoleValue = nullToEmpty(defaultRoleValue);
    details = nullToEmpty(details);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
