package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import java.util.List;

/**
 * Role names and password rotation ({@code configuration.users}). Mirrors {@code
 * operator_configuration_type.go#PostgresUsersConfiguration} (v2.0.1), plus Tusk's opt-in deletion
 * switches ({@code enable_role_deletion}, {@code enable_database_deletion}, {@code
 * force_database_deletion_with_connections}; see {@code io.tusk.config.Options}), so that the API
 * server does not prune them from an OperatorConfiguration.
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

  @JsonProperty("enable_role_deletion")
  @Default("false")
  private Boolean enableRoleDeletion;

  @JsonProperty("enable_database_deletion")
  @Default("false")
  private Boolean enableDatabaseDeletion;

  @JsonProperty("force_database_deletion_with_connections")
  @Default("false")
  private Boolean forceDatabaseDeletionWithConnections;

  public Boolean getEnableRoleDeletion() {
    return enableRoleDeletion;
  }

  public void setEnableRoleDeletion(Boolean enableRoleDeletion) {
    this.enableRoleDeletion = enableRoleDeletion;
  }

  public Boolean getEnableDatabaseDeletion() {
    return enableDatabaseDeletion;
  }

  public void setEnableDatabaseDeletion(Boolean enableDatabaseDeletion) {
    this.enableDatabaseDeletion = enableDatabaseDeletion;
  }

  public Boolean getForceDatabaseDeletionWithConnections() {
    return forceDatabaseDeletionWithConnections;
  }

  public void setForceDatabaseDeletionWithConnections(Boolean force) {
    this.forceDatabaseDeletionWithConnections = force;
  }

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
