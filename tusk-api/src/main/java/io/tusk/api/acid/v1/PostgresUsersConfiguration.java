package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import java.util.List;

/**
 * Role names and password rotation ({@code configuration.users}). Mirrors {@code
 * operator_configuration_type.go#PostgresUsersConfiguration} (v2.0.1).
 */
public class PostgresUsersConfiguration extends UnknownPropertyHolder {

  @JsonProperty("additional_owner_roles")
  private List<String> additionalOwnerRoles;

  @JsonProperty("enable_password_rotation")
  private Boolean enablePasswordRotation;

  @JsonProperty("password_rotation_interval")
  @Default("90")
  private Integer passwordRotationInterval;

  @JsonProperty("password_rotation_user_retention")
  @Default("120")
  private Integer passwordRotationUserRetention;

  @JsonProperty("replication_username")
  @Default("\"standby\"")
  private String replicationUsername;

  @JsonProperty("super_username")
  @Default("\"postgres\"")
  private String superUsername;

  public List<String> getAdditionalOwnerRoles() {
    return additionalOwnerRoles;
  }

  public void setAdditionalOwnerRoles(List<String> additionalOwnerRoles) {
    this.additionalOwnerRoles = additionalOwnerRoles;
  }

  public Boolean getEnablePasswordRotation() {
    return enablePasswordRotation;
  }

  public void setEnablePasswordRotation(Boolean enablePasswordRotation) {
    this.enablePasswordRotation = enablePasswordRotation;
  }

  public Integer getPasswordRotationInterval() {
    return passwordRotationInterval;
  }

  public void setPasswordRotationInterval(Integer passwordRotationInterval) {
    this.passwordRotationInterval = passwordRotationInterval;
  }

  public Integer getPasswordRotationUserRetention() {
    return passwordRotationUserRetention;
  }

  public void setPasswordRotationUserRetention(Integer passwordRotationUserRetention) {
    this.passwordRotationUserRetention = passwordRotationUserRetention;
  }

  public String getReplicationUsername() {
    return replicationUsername;
  }

  public void setReplicationUsername(String replicationUsername) {
    this.replicationUsername = replicationUsername;
  }

  public String getSuperUsername() {
    return superUsername;
  }

  public void setSuperUsername(String superUsername) {
    this.superUsername = superUsername;
  }
}
