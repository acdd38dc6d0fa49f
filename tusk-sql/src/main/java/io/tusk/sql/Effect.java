package io.tusk.sql;

/**
 * Something a sync changed (only changes whose statements succeeded are reported). The operator
 * turns these into Events; {@code detail} never contains a password.
 */
public record Effect(Kind kind, Subject subject, String detail) {

  /** What happened. */
  public enum Kind {
    ROLE_CREATED,
    ROLE_ALTERED,
    ROLE_RENAMED,
    ROLE_DISABLED,
    ROLE_DROPPED,
    OWNED_OBJECTS_REASSIGNED,
    DATABASE_CREATED,
    DATABASE_OWNER_CHANGED,
    DATABASE_DROPPED,
    SCHEMA_CREATED,
    PRIVILEGES_GRANTED,
    EXTENSION_CREATED,
    EXTENSION_MOVED,
    POOLER_LOOKUP_INSTALLED,
    PUBLICATION_CREATED,
    PUBLICATION_ALTERED,
    PUBLICATION_DROPPED
  }

  @Override
  public String toString() {
    return kind + " " + subject + (detail == null || detail.isEmpty() ? "" : ": " + detail);
  }
}
