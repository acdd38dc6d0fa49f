package io.tusk.api.acid.v1;

import io.fabric8.generator.annotation.Required;

/**
 * One table of a change-data-capture stream ({@code spec.streams[].tables.*}). Mirrors {@code
 * postgresql_type.go#StreamTable} (v2.0.1).
 */
public class StreamTable extends UnknownPropertyHolder {

  @Required private String eventType;

  private String recoveryEventType;

  private Boolean ignoreRecovery;

  private String idColumn;

  private String payloadColumn;

  public String getEventType() {
    return eventType;
  }

  public void setEventType(String eventType) {
    this.eventType = eventType;
  }

  public String getRecoveryEventType() {
    return recoveryEventType;
  }

  public void setRecoveryEventType(String recoveryEventType) {
    this.recoveryEventType = recoveryEventType;
  }

  public Boolean getIgnoreRecovery() {
    return ignoreRecovery;
  }

  public void setIgnoreRecovery(Boolean ignoreRecovery) {
    this.ignoreRecovery = ignoreRecovery;
  }

  public String getIdColumn() {
    return idColumn;
  }

  public void setIdColumn(String idColumn) {
    this.idColumn = idColumn;
  }

  public String getPayloadColumn() {
    return payloadColumn;
  }

  public void setPayloadColumn(String payloadColumn) {
    this.payloadColumn = payloadColumn;
  }
}
