package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;

/**
 * The operator's own REST API ({@code configuration.logging_rest_api}). Mirrors {@code
 * operator_configuration_type.go#LoggingRESTAPIConfiguration} (v2.0.1).
 */
public class LoggingRESTAPIConfiguration extends UnknownPropertyHolder {

  @JsonProperty("api_port")
  @Default("8080")
  private Integer apiPort;

  @JsonProperty("cluster_history_entries")
  @Default("1000")
  private Integer clusterHistoryEntries;

  @JsonProperty("ring_log_lines")
  @Default("100")
  private Integer ringLogLines;

  public Integer getApiPort() {
    return apiPort;
  }

  public void setApiPort(Integer apiPort) {
    this.apiPort = apiPort;
  }

  public Integer getClusterHistoryEntries() {
    return clusterHistoryEntries;
  }

  public void setClusterHistoryEntries(Integer clusterHistoryEntries) {
    this.clusterHistoryEntries = clusterHistoryEntries;
  }

  public Integer getRingLogLines() {
    return ringLogLines;
  }

  public void setRingLogLines(Integer ringLogLines) {
    this.ringLogLines = ringLogLines;
  }
}
