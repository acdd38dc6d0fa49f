package io.tusk.sql;

import java.util.Objects;

/**
 * What a change, an error or a validation problem is about: a role, a database, or an object inside
 * a database ({@code database} set).
 */
public record Subject(Kind kind, String name, String database) {

  /** Kinds of objects Tusk manages. */
  public enum Kind {
    ROLE,
    DATABASE,
    SCHEMA,
    EXTENSION,
    DEFAULT_PRIVILEGES,
    POOLER_LOOKUP,
    /** A publication of the event streams ({@code io.tusk.sql.streams}). */
    PUBLICATION
  }

  public Subject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  public static Subject role(String name) {
    return new Subject(Kind.ROLE, name, null);
  }

  public static Subject database(String name) {
    return new Subject(Kind.DATABASE, name, null);
  }

  public static Subject in(String database, Kind kind, String name) {
    return new Subject(kind, name, database);
  }

  @Override
  public String toString() {
    String k = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return k + " \"" + name + "\"" + (database == null ? "" : " in database \"" + database + "\"");
  }
}
