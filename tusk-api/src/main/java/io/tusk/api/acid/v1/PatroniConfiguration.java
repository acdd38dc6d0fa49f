package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Global Patroni settings ({@code configuration.patroni}). Mirrors {@code
 * operator_configuration_type.go#PatroniConfiguration} (v2.0.1).
 */
public class PatroniConfiguration extends UnknownPropertyHolder {

  @JsonProperty("enable_patroni_failsafe_mode")
  private Boolean enablePatroniFailsafeMode;

  public Boolean getEnablePatroniFailsafeMode() {
    return enablePatroniFailsafeMode;
  }

  public void setEnablePatroniFailsafeMode(Boolean enablePatroniFailsafeMode) {
    this.enablePatroniFailsafeMode = enablePatroniFailsafeMode;
  }
}
