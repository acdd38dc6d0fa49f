package io.tusk.api.acid.v1;

import java.util.Map;

/**
 * A database with operator-managed owner/reader/writer roles ({@code spec.preparedDatabases.*}).
 * Mirrors {@code postgresql_type.go#PreparedDatabase} (v2.0.1).
 */
public class PreparedDatabase extends UnknownPropertyHolder {

  private Map<String, PreparedSchema> schemas;

  private Boolean defaultUsers;

  /** Extension name to the schema it is created in. */
  private Map<String, String> extensions;

  private String secretNamespace;

  public Map<String, PreparedSchema> getSchemas() {
    return schemas;
  }

  public void setSchemas(Map<String, PreparedSchema> schemas) {
    this.schemas = schemas;
  }

  public Boolean getDefaultUsers() {
    return defaultUsers;
  }

  public void setDefaultUsers(Boolean defaultUsers) {
    this.defaultUsers = defaultUsers;
  }

  public Map<String, String> getExtensions() {
    return extensions;
  }

  public void setExtensions(Map<String, String> extensions) {
    this.extensions = extensions;
  }

  public String getSecretNamespace() {
    return secretNamespace;
  }

  public void setSecretNamespace(String secretNamespace) {
    this.secretNamespace = secretNamespace;
  }
}
