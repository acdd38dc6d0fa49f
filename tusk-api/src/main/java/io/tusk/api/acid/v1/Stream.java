package io.tusk.api.acid.v1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * A change-data-capture stream definition ({@code spec.streams[]}). Mirrors {@code
 * postgresql_type.go#Stream} (v2.0.1).
 */
public class Stream extends UnknownPropertyHolder {

  @Required private String applicationId;

  @Required private String database;

  @Required private Map<String, StreamTable> tables;

  private Map<String, String> filter;

  private Integer batchSize;

  @Pattern(ValidationPatterns.CPU)
  private String cpu;

  @Pattern(ValidationPatterns.QUANTITY)
  private String memory;

  private Boolean enableRecovery;

  public String getApplicationId() {
    return applicationId;
  }

  public void setApplicationId(String applicationId) {
    this.applicationId = applicationId;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public Map<String, StreamTable> getTables() {
    return tables;
  }

  public void setTables(Map<String, StreamTable> tables) {
    this.tables = tables;
  }

  public Map<String, String> getFilter() {
    return filter;
  }

  public void setFilter(Map<String, String> filter) {
    this.filter = filter;
  }

  public Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  public String getCpu() {
    return cpu;
  }

  public void setCpu(String cpu) {
    this.cpu = cpu;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }

  public Boolean getEnableRecovery() {
    return enableRecovery;
  }

  public void setEnableRecovery(Boolean enableRecovery) {
    this.enableRecovery = enableRecovery;
  }
}
