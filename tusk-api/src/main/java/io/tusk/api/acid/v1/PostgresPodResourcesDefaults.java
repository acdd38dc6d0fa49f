package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Pattern;

/**
 * Default and bounding resources of Postgres containers ({@code
 * configuration.postgres_pod_resources}). Mirrors {@code
 * operator_configuration_type.go#PostgresPodResourcesDefaults} (v2.0.1).
 */
public class PostgresPodResourcesDefaults extends UnknownPropertyHolder {

  @JsonProperty("default_cpu_limit")
  @Pattern(ValidationPatterns.CPU)
  private String defaultCpuLimit;

  @JsonProperty("default_cpu_request")
  @Pattern(ValidationPatterns.CPU)
  private String defaultCpuRequest;

  @JsonProperty("default_memory_limit")
  @Pattern(ValidationPatterns.QUANTITY)
  private String defaultMemoryLimit;

  @JsonProperty("default_memory_request")
  @Pattern(ValidationPatterns.QUANTITY)
  private String defaultMemoryRequest;

  @JsonProperty("max_cpu_request")
  @Pattern(ValidationPatterns.CPU)
  private String maxCpuRequest;

  @JsonProperty("max_memory_request")
  @Pattern(ValidationPatterns.QUANTITY)
  private String maxMemoryRequest;

  @JsonProperty("min_cpu_limit")
  @Pattern(ValidationPatterns.CPU)
  private String minCpuLimit;

  @JsonProperty("min_memory_limit")
  @Pattern(ValidationPatterns.QUANTITY)
  private String minMemoryLimit;

  public String getDefaultCpuLimit() {
    return defaultCpuLimit;
  }

  public void setDefaultCpuLimit(String defaultCpuLimit) {
    this.defaultCpuLimit = defaultCpuLimit;
  }

  public String getDefaultCpuRequest() {
    return defaultCpuRequest;
  }

  public void setDefaultCpuRequest(String defaultCpuRequest) {
    this.defaultCpuRequest = defaultCpuRequest;
  }

  public String getDefaultMemoryLimit() {
    return defaultMemoryLimit;
  }

  public void setDefaultMemoryLimit(String defaultMemoryLimit) {
    this.defaultMemoryLimit = defaultMemoryLimit;
  }

  public String getDefaultMemoryRequest() {
    return defaultMemoryRequest;
  }

  public void setDefaultMemoryRequest(String defaultMemoryRequest) {
    this.defaultMemoryRequest = defaultMemoryRequest;
  }

  public String getMaxCpuRequest() {
    return maxCpuRequest;
  }

  public void setMaxCpuRequest(String maxCpuRequest) {
    this.maxCpuRequest = maxCpuRequest;
  }

  public String getMaxMemoryRequest() {
    return maxMemoryRequest;
  }

  public void setMaxMemoryRequest(String maxMemoryRequest) {
    this.maxMemoryRequest = maxMemoryRequest;
  }

  public String getMinCpuLimit() {
    return minCpuLimit;
  }

  public void setMinCpuLimit(String minCpuLimit) {
    this.minCpuLimit = minCpuLimit;
  }

  public String getMinMemoryLimit() {
    return minMemoryLimit;
  }

  public void setMinMemoryLimit(String minMemoryLimit) {
    this.minMemoryLimit = minMemoryLimit;
  }
}
