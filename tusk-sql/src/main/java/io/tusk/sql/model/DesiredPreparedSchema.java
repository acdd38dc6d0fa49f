package io.tusk.sql.model;

/**
 * A schema of a prepared database. {@code defaultRoles} (Zalando default {@code true}) creates the
 * {@code {db}_{schema}_owner/_reader/_writer} roles; {@code defaultUsers} adds their {@code _user}
 * LOGIN variants.
 */
public record DesiredPreparedSchema(boolean defaultRoles, boolean defaultUsers) {

  /** Zalando's defaults: roles yes, users no. */
  public static DesiredPreparedSchema defaults() {
    return new DesiredPreparedSchema(true, false);
  }
}
