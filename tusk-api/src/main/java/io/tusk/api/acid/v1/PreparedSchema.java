package io.tusk.api.acid.v1;

/**
 * A schema of a prepared database ({@code spec.preparedDatabases.*.schemas.*}). Mirrors {@code
 * postgresql_type.go#PreparedSchema} (v2.0.1).
 */
public class PreparedSchema extends UnknownPropertyHolder {

  private Boolean defaultRoles;

  private Boolean defaultUsers;

  public Boolean getDefaultRoles() {
    return defaultRoles;
  }

  public void setDefaultRoles(Boolean defaultRoles) {
    this.defaultRoles = defaultRoles;
  }

  public Boolean getDefaultUsers() {
    return defaultUsers;
  }

  public void setDefaultUsers(Boolean defaultUsers) {
    this.defaultUsers = defaultUsers;
  }
}
