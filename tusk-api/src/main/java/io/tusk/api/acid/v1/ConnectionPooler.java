package io.tusk.api.acid.v1;

import io.fabric8.generator.annotation.Min;
import io.tusk.api.schema.SchemaConstraints;

/**
 * The {@code spec.connectionPooler} section: per-cluster overrides of the pgBouncer deployment.
 * Mirrors {@code postgresql_type.go#ConnectionPooler} (v2.0.1).
 */
public class ConnectionPooler extends UnknownPropertyHolder {

  @Min(1)
  private Integer numberOfInstances;

  private String schema;

  private String user;

  /** {@code session} or {@code transaction}. */
  @SchemaConstraints(enumValues = {"session", "transaction"})
  private String mode;

  private String dockerImage;

  private Integer maxDBConnections;

  private Resources resources;

  public Integer getNumberOfInstances() {
    return numberOfInstances;
  }

  public void setNumberOfInstances(Integer numberOfInstances) {
    this.numberOfInstances = numberOfInstances;
  }

  public String getSchema() {
    return schema;
  }

  public void setSchema(String schema) {
    this.schema = schema;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getDockerImage() {
    return dockerImage;
  }

  public void setDockerImage(String dockerImage) {
    this.dockerImage = dockerImage;
  }

  public Integer getMaxDBConnections() {
    return maxDBConnections;
  }

  public void setMaxDBConnections(Integer maxDBConnections) {
    this.maxDBConnections = maxDBConnections;
  }

  public Resources getResources() {
    return resources;
  }

  public void setResources(Resources resources) {
    this.resources = resources;
  }
}
