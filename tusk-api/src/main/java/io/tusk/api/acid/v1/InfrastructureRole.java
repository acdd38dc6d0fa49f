package io.tusk.api.acid.v1;

/**
 * One entry of {@code configuration.kubernetes.infrastructure_roles_secrets}: where to find an
 * infrastructure role's credentials. Mirrors {@code util/config/config.go#InfrastructureRole}
 * (v2.0.1).
 */
public class InfrastructureRole extends UnknownPropertyHolder {

  private String defaultrolevalue;

  private String defaultuservalue;

  private String details;

  private String passwordkey;

  private String rolekey;

  private String secretname;

  private Boolean template;

  private String userkey;

  public String getDefaultrolevalue() {
    return defaultrolevalue;
  }

  public void setDefaultrolevalue(String defaultrolevalue) {
    this.defaultrolevalue = defaultrolevalue;
  }

  public String getDefaultuservalue() {
    return defaultuservalue;
  }

  public void setDefaultuservalue(String defaultuservalue) {
    this.defaultuservalue = defaultuservalue;
  }

  public String getDetails() {
    return details;
  }

  public void setDetails(String details) {
    this.details = details;
  }

  public String getPasswordkey() {
    return passwordkey;
  }

  public void setPasswordkey(String passwordkey) {
    this.passwordkey = passwordkey;
  }

  public String getRolekey() {
    return rolekey;
  }

  public void setRolekey(String rolekey) {
    this.rolekey = rolekey;
  }

  public String getSecretname() {
    return secretname;
  }

  public void setSecretname(String secretname) {
    this.secretname = secretname;
  }

  public Boolean getTemplate() {
    return template;
  }

  public void setTemplate(Boolean template) {
    this.template = template;
  }

  public String getUserkey() {
    return userkey;
  }

  public void setUserkey(String userkey) {
    this.userkey = userkey;
  }
}
