package io.tusk.sql.streams;

import java.util.Map;
import java.util.Set;

/**
 * What one database holds for the event streams: its publications by name, and which of the tables
 * the wanted publications name exist (as tables or partitioned tables).
 */
public record PublicationCatalog(
    String database, Map<String, ActualPublication> publications, Set<TableName> existingTables) {

  public PublicationCatalog {
    publications = Map.copyOf(publications);
    existingTables = Set.copyOf(existingTables);
  }
}
