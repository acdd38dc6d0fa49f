package io.tusk.api.acid.v1;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/**
 * An extra container run in every Postgres pod ({@code spec.sidecars[]}). Mirrors {@code
 * postgresql_type.go#Sidecar} (v2.0.1).
 */
public class Sidecar extends UnknownPropertyHolder {

  private Resources resources;

  private String name;

  /** Container image (Go field {@code DockerImage}). */
  private String image;

  private List<ContainerPort> ports;

  private List<String> command;

  private List<EnvVar> env;

  public Resources getResources() {
    return resources;
  }

  public void setResources(Resources resources) {
    this.resources = resources;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public List<ContainerPort> getPorts() {
    return ports;
  }

  public void setPorts(List<ContainerPort> ports) {
    this.ports = ports;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }
}
