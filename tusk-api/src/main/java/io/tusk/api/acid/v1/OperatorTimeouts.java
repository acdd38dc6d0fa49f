package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;

/**
 * Wait intervals and timeouts, as Go duration strings ({@code configuration.timeouts}). Mirrors
 * {@code operator_configuration_type.go#OperatorTimeouts} (v2.0.1).
 */
public class OperatorTimeouts extends UnknownPropertyHolder {

  @JsonProperty("patroni_api_check_interval")
  @Default("\"1s\"")
  private String patroniApiCheckInterval;

  @JsonProperty("patroni_api_check_timeout")
  @Default("\"5s\"")
  private String patroniApiCheckTimeout;

  @JsonProperty("pod_deletion_wait_timeout")
  @Default("\"10m\"")
  private String podDeletionWaitTimeout;

  @JsonProperty("pod_label_wait_timeout")
  @Default("\"10m\"")
  private String podLabelWaitTimeout;

  @JsonProperty("ready_wait_interval")
  @Default("\"4s\"")
  private String readyWaitInterval;

  @JsonProperty("ready_wait_timeout")
  @Default("\"30s\"")
  private String readyWaitTimeout;

  @JsonProperty("resource_check_interval")
  @Default("\"3s\"")
  private String resourceCheckInterval;

  @JsonProperty("resource_check_timeout")
  @Default("\"10m\"")
  private String resourceCheckTimeout;

  public String getPatroniApiCheckInterval() {
    return patroniApiCheckInterval;
  }

  public void setPatroniApiCheckInterval(String patroniApiCheckInterval) {
    this.patroniApiCheckInterval = patroniApiCheckInterval;
  }

  public String getPatroniApiCheckTimeout() {
    return patroniApiCheckTimeout;
  }

  public void setPatroniApiCheckTimeout(String patroniApiCheckTimeout) {
    this.patroniApiCheckTimeout = patroniApiCheckTimeout;
  }

  public String getPodDeletionWaitTimeout() {
    return podDeletionWaitTimeout;
  }

  public void setPodDeletionWaitTimeout(String podDeletionWaitTimeout) {
    this.podDeletionWaitTimeout = podDeletionWaitTimeout;
  }

  public String getPodLabelWaitTimeout() {
    return podLabelWaitTimeout;
  }

  public void setPodLabelWaitTimeout(String podLabelWaitTimeout) {
    this.podLabelWaitTimeout = podLabelWaitTimeout;
  }

  public String getReadyWaitInterval() {
    return readyWaitInterval;
  }

  public void setReadyWaitInterval(String readyWaitInterval) {
    this.readyWaitInterval = readyWaitInterval;
  }

  public String getReadyWaitTimeout() {
    return readyWaitTimeout;
  }

  public void setReadyWaitTimeout(String readyWaitTimeout) {
    this.readyWaitTimeout = readyWaitTimeout;
  }

  public String getResourceCheckInterval() {
    return resourceCheckInterval;
  }

  public void setResourceCheckInterval(String resourceCheckInterval) {
    this.resourceCheckInterval = resourceCheckInterval;
  }

  public String getResourceCheckTimeout() {
    return resourceCheckTimeout;
  }

  public void setResourceCheckTimeout(String resourceCheckTimeout) {
    this.resourceCheckTimeout = resourceCheckTimeout;
  }
}
