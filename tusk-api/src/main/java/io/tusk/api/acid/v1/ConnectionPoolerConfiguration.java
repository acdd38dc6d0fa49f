package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.tusk.api.schema.SchemaConstraints;

/**
 * Connection pooler defaults ({@code configuration.connection_pooler}). Mirrors {@code
 * operator_configuration_type.go#ConnectionPoolerConfiguration} (v2.0.1).
 */
public class ConnectionPoolerConfiguration extends UnknownPropertyHolder {

  @JsonProperty("connection_pooler_default_cpu_limit")
  @Pattern(ValidationPatterns.CPU)
  private String connectionPoolerDefaultCpuLimit;

  @JsonProperty("connection_pooler_default_cpu_request")
  @Pattern(ValidationPatterns.CPU)
  private String connectionPoolerDefaultCpuRequest;

  @JsonProperty("connection_pooler_default_memory_limit")
  @Pattern(ValidationPatterns.QUANTITY)
  private String connectionPoolerDefaultMemoryLimit;

  @JsonProperty("connection_pooler_default_memory_request")
  @Pattern(ValidationPatterns.QUANTITY)
  private String connectionPoolerDefaultMemoryRequest;

  @JsonProperty("connection_pooler_image")
  @Default("\"ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1\"")
  private String connectionPoolerImage;

  @JsonProperty("connection_pooler_max_db_connections")
  private Integer connectionPoolerMaxDbConnections;

  @JsonProperty("connection_pooler_max_pause")
  @Default("\"30s\"")
  private String connectionPoolerMaxPause;

  @JsonProperty("connection_pooler_mode")
  @SchemaConstraints(enumValues = {"session", "transaction"})
  @Default("\"transaction\"")
  private String connectionPoolerMode;

  @JsonProperty("connection_pooler_number_of_instances")
  @Min(1)
  @Default("2")
  private Integer connectionPoolerNumberOfInstances;

  @JsonProperty("connection_pooler_reconnect_on_failover")
  @Default("true")
  private Boolean connectionPoolerReconnectOnFailover;

  @JsonProperty("connection_pooler_schema")
  @Default("\"pooler\"")
  private String connectionPoolerSchema;

  @JsonProperty("connection_pooler_user")
  @Default("\"pooler\"")
  private String connectionPoolerUser;

  public String getConnectionPoolerDefaultCpuLimit() {
    return connectionPoolerDefaultCpuLimit;
  }

  public void setConnectionPoolerDefaultCpuLimit(String connectionPoolerDefaultCpuLimit) {
    this.connectionPoolerDefaultCpuLimit = connectionPoolerDefaultCpuLimit;
  }

  public String getConnectionPoolerDefaultCpuRequest() {
    return connectionPoolerDefaultCpuRequest;
  }

  public void setConnectionPoolerDefaultCpuRequest(String connectionPoolerDefaultCpuRequest) {
    this.connectionPoolerDefaultCpuRequest = connectionPoolerDefaultCpuRequest;
  }

  public String getConnectionPoolerDefaultMemoryLimit() {
    return connectionPoolerDefaultMemoryLimit;
  }

  public void setConnectionPoolerDefaultMemoryLimit(String connectionPoolerDefaultMemoryLimit) {
    this.connectionPoolerDefaultMemoryLimit = connectionPoolerDefaultMemoryLimit;
  }

  public String getConnectionPoolerDefaultMemoryRequest() {
    return connectionPoolerDefaultMemoryRequest;
  }

  public void setConnectionPoolerDefaultMemoryRequest(String connectionPoolerDefaultMemoryRequest) {
    this.connectionPoolerDefaultMemoryRequest = connectionPoolerDefaultMemoryRequest;
  }

  public String getConnectionPoolerImage() {
    return connectionPoolerImage;
  }

  public void setConnectionPoolerImage(String connectionPoolerImage) {
    this.connectionPoolerImage = connectionPoolerImage;
  }

  public Integer getConnectionPoolerMaxDbConnections() {
    return connectionPoolerMaxDbConnections;
  }

  public void setConnectionPoolerMaxDbConnections(Integer connectionPoolerMaxDbConnections) {
    this.connectionPoolerMaxDbConnections = connectionPoolerMaxDbConnections;
  }

  public String getConnectionPoolerMode() {
    return connectionPoolerMode;
  }

  public void setConnectionPoolerMode(String connectionPoolerMode) {
    this.connectionPoolerMode = connectionPoolerMode;
  }

  public Integer getConnectionPoolerNumberOfInstances() {
    return connectionPoolerNumberOfInstances;
  }

  public void setConnectionPoolerNumberOfInstances(Integer connectionPoolerNumberOfInstances) {
    this.connectionPoolerNumberOfInstances = connectionPoolerNumberOfInstances;
  }

  public String getConnectionPoolerSchema() {
    return connectionPoolerSchema;
  }

  public void setConnectionPoolerSchema(String connectionPoolerSchema) {
    this.connectionPoolerSchema = connectionPoolerSchema;
  }

  public String getConnectionPoolerUser() {
    return connectionPoolerUser;
  }

  public void setConnectionPoolerUser(String connectionPoolerUser) {
    this.connectionPoolerUser = connectionPoolerUser;
  }

  public String getConnectionPoolerMaxPause() {
    return connectionPoolerMaxPause;
  }

  public void setConnectionPoolerMaxPause(String connectionPoolerMaxPause) {
    this.connectionPoolerMaxPause = connectionPoolerMaxPause;
  }

  public Boolean getConnectionPoolerReconnectOnFailover() {
    return connectionPoolerReconnectOnFailover;
  }

  public void setConnectionPoolerReconnectOnFailover(Boolean connectionPoolerReconnectOnFailover) {
    this.connectionPoolerReconnectOnFailover = connectionPoolerReconnectOnFailover;
  }
}
