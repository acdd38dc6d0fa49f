package io.tusk.sql.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one database has now: schemas (name to owner), schema privileges, default privileges,
 * extensions (name to schema) and whether the pooler lookup function is in place.
 */
public record DatabaseCatalog(
    String database,
    Map<String, String> schemas,
    Set<SchemaGrant> schemaGrants,
    Set<DefaultAcl> defaultAcls,
    Map<String, String> extensions,
    boolean poolerLookupReady) {

  public DatabaseCatalog {
    schemas = Collections.unmodifiableMap(new LinkedHashMap<>(schemas));
    schemaGrants = Collections.unmodifiableSet(new LinkedHashSet<>(schemaGrants));
    defaultAcls = Collections.unmodifiableSet(new LinkedHashSet<>(defaultAcls));
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** A database that does not exist yet: everything is missing. */
  public static DatabaseCatalog empty(String database) {
    return new DatabaseCatalog(database, Map.of(), Set.of(), Set.of(), Map.of(), false);
  }
}
