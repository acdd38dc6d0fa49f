package io.tusk.sql.model;

/**
 * The role attributes a manifest may set, each with a {@code NO} form. Mirrors the flag constants
 * of Zalando's {@code pkg/util/constants/roles.go} and {@code cluster/util.go#isValidFlag}
 * (v2.0.1).
 */
public enum RoleAttribute {
  SUPERUSER,
  INHERIT,
  LOGIN,
  CREATEROLE,
  CREATEDB,
  REPLICATION,
  BYPASSRLS;

  /** The SQL keyword that sets the attribute to {@code on}: {@code LOGIN} or {@code NOLOGIN}. */
  public String keyword(boolean on) {
    return on ? name() : "NO" + name();
  }
}
