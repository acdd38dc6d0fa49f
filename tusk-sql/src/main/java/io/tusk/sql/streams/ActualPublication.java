package io.tusk.sql.streams;

import java.util.List;
import java.util.TreeSet;

/**
 * A publication as the catalog shows it.
 *
 * @param owner the owning role's name
 * @param allTables {@code FOR ALL TABLES}
 * @param managed whether it carries Tusk's comment ({@link PublicationPlanner#MARKER})
 * @param tables the tables it publishes, sorted (empty for {@code FOR ALL TABLES})
 */
public record ActualPublication(
    String name, String owner, boolean allTables, boolean managed, List<TableName> tables) {

  public ActualPublication {
    tables = List.copyOf(new TreeSet<>(tables));
  }
}
