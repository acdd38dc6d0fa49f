package io.tusk.sql.streams;

import io.tusk.sql.statement.Quoting;
import java.util.Comparator;
import java.util.Objects;

/** A table of a publication: its schema and name, taken literally (quoted in statements). */
public record TableName(String schema, String name) implements Comparable<TableName> {

  private static final Comparator<TableName> ORDER =
      Comparator.comparing(TableName::schema).thenComparing(TableName::name);

  public TableName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  /** {@code "schema"."name"}. */
  public String sql() {
    return Quoting.ident(schema) + "." + Quoting.ident(name);
  }

  @Override
  public int compareTo(TableName o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return schema + "." + name;
  }
}
