package io.tusk.sql.streams;

import java.util.Objects;

/** A publication by database and name. */
public record PublicationRef(String database, String name) {

  public PublicationRef {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return "publication \"" + name + "\" in database \"" + database + "\"";
  }
}
