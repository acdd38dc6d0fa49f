package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;

/**
 * Debug switches ({@code configuration.debug}). Mirrors {@code
 * operator_configuration_type.go#OperatorDebugConfiguration} (v2.0.1).
 */
public class OperatorDebugConfiguration extends UnknownPropertyHolder {

  @JsonProperty("debug_logging")
  @Default("true")
  private Boolean debugLogging;

  @JsonProperty("enable_database_access")
  @Default("true")
  private Boolean enableDatabaseAccess;

  public Boolean getDebugLogging() {
    return debugLogging;
  }

  public void setDebugLogging(Boolean debugLogging) {
    this.debugLogging = debugLogging;
  }

  public Boolean getEnableDatabaseAccess() {
    return enableDatabaseAccess;
  }

  public void setEnableDatabaseAccess(Boolean enableDatabaseAccess) {
    this.enableDatabaseAccess = enableDatabaseAccess;
  }
}
