package io.tusk.sql.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A database of {@code spec.preparedDatabases}: created with owner {@code {db}_owner}, its schemas
 * (default {@code data}), default privileges for the reader/writer roles and its extensions.
 * Schemas and extensions are kept sorted so that statements and {@code search_path} values come out
 * the same on every sync (Zalando iterates Go maps in random order).
 *
 * @param extensions extension name to the schema it is installed in
 */
public record DesiredPreparedDatabase(
    String name,
    boolean defaultUsers,
    Map<String, DesiredPreparedSchema> schemas,
    Map<String, String> extensions) {

  /** The schema a prepared database gets when the manifest names none. */
  public static final String DEFAULT_SCHEMA = "data";

  public DesiredPreparedDatabase {
    Objects.requireNonNull(name, "name");
    TreeMap<String, DesiredPreparedSchema> s = new TreeMap<>(schemas);
    if (s.isEmpty()) {
      s.put(DEFAULT_SCHEMA, DesiredPreparedSchema.defaults());
    }
    schemas = Collections.unmodifiableMap(s);
    extensions = Collections.unmodifiableMap(new TreeMap<>(extensions));
  }

  /**
   * The database an empty {@code preparedDatabases: {}} creates: named like the cluster with dashes
   * replaced by underscores ({@code cluster.go#initPreparedDatabaseRoles}).
   */
  public static DesiredPreparedDatabase forCluster(String clusterName) {
    return new DesiredPreparedDatabase(clusterName.replace('-', '_'), false, Map.of(), Map.of());
  }

  /** {@code {db}_owner}, the owner of the database. */
  public String ownerRole() {
    return name + PreparedRoles.OWNER;
  }
}
