package io.tusk.sql.streams;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A publication the event streams want: in {@code database}, named like its slot, publishing
 * inserts and updates of {@code tables}.
 *
 * @param tables sorted, without duplicates
 */
public record DesiredPublication(String database, String name, List<TableName> tables) {

  public DesiredPublication {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(name, "name");
    tables = List.copyOf(new TreeSet<>(tables));
  }

  public PublicationRef ref() {
    return new PublicationRef(database, name);
  }
}
