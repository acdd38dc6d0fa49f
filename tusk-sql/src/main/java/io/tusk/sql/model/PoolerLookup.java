package io.tusk.sql.model;

import java.util.Objects;

/**
 * The credentials lookup function PgBouncer calls as {@code auth_query}: {@code
 * {schema}.user_lookup(text)} in every database, executable only by the pooler user. Mirrors {@code
 * database.go#installLookupFunction} (v2.0.1).
 */
public record PoolerLookup(String schema, String user) {
  public PoolerLookup {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(user, "user");
  }
}
