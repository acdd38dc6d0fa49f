package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.tusk.api.schema.SchemaConstraints;
import java.util.Map;

/**
 * The {@code spec.postgresql} section: major version and server parameters. Mirrors {@code
 * postgresql_type.go#PostgresqlParam} (v2.0.1).
 */
public class PostgresqlParam extends UnknownPropertyHolder {

  @Required
  @SchemaConstraints(enumValues = {"14", "15", "16", "17", "18"})
  @JsonPropertyDescription(
      "PostgreSQL major version; becomes PGVERSION. Raising it triggers a major version"
          + " upgrade.")
  private String version;

  @JsonPropertyDescription("PostgreSQL configuration parameters (GUCs).")
  private Map<String, String> parameters;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public Map<String, String> getParameters() {
    return parameters;
  }

  public void setParameters(Map<String, String> parameters) {
    this.parameters = parameters;
  }
}
