package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/**
 * Deprecated Scalyr log shipping sidecar ({@code configuration.scalyr}). Mirrors {@code
 * operator_configuration_type.go#ScalyrConfiguration} (v2.0.1).
 */
public class ScalyrConfiguration extends UnknownPropertyHolder {

  @JsonProperty("scalyr_api_key")
  private String scalyrApiKey;

  @JsonProperty("scalyr_cpu_limit")
  @Pattern(ValidationPatterns.CPU)
  @Default("\"1\"")
  private String scalyrCpuLimit;

  @JsonProperty("scalyr_cpu_request")
  @Pattern(ValidationPatterns.CPU)
  @Default("\"100m\"")
  private String scalyrCpuRequest;

  @JsonProperty("scalyr_image")
  private String scalyrImage;

  @JsonProperty("scalyr_memory_limit")
  @Pattern(ValidationPatterns.QUANTITY)
  @Default("\"500Mi\"")
  private String scalyrMemoryLimit;

  @JsonProperty("scalyr_memory_request")
  @Pattern(ValidationPatterns.QUANTITY)
  @Default("\"50Mi\"")
  private String scalyrMemoryRequest;

  @JsonProperty("scalyr_server_url")
  @Default("\"https://upload.eu.scalyr.com\"")
  private String scalyrServerUrl;

  public String getScalyrApiKey() {
    return scalyrApiKey;
  }

  public void setScalyrApiKey(String scalyrApiKey) {
    this.scalyrApiKey = scalyrApiKey;
  }

  public String getScalyrCpuLimit() {
    return scalyrCpuLimit;
  }

  public void setScalyrCpuLimit(String scalyrCpuLimit) {
    this.scalyrCpuLimit = scalyrCpuLimit;
  }

  public String getScalyrCpuRequest() {
    return scalyrCpuRequest;
  }

  public void setScalyrCpuRequest(String scalyrCpuRequest) {
    this.scalyrCpuRequest = scalyrCpuRequest;
  }

  public String getScalyrImage() {
    return scalyrImage;
  }

  public void setScalyrImage(String scalyrImage) {
    this.scalyrImage = scalyrImage;
  }

  public String getScalyrMemoryLimit() {
    return scalyrMemoryLimit;
  }

  public void setScalyrMemoryLimit(String scalyrMemoryLimit) {
    this.scalyrMemoryLimit = scalyrMemoryLimit;
  }

  public String getScalyrMemoryRequest() {
    return scalyrMemoryRequest;
  }

  public void setScalyrMemoryRequest(String scalyrMemoryRequest) {
    this.scalyrMemoryRequest = scalyrMemoryRequest;
  }

  public String getScalyrServerUrl() {
    return scalyrServerUrl;
  }

  public void setScalyrServerUrl(String scalyrServerUrl) {
    this.scalyrServerUrl = scalyrServerUrl;
  }
}
