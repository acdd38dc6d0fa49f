package io.tusk.cli.restore;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, line by line, what of a {@code pg_dumpall} script reaches the target cluster. The roles
 * and databases that exist there already (the operator made them from the manifest, with the
 * passwords of the target's credential Secrets) are not created again: their {@code CREATE ROLE},
 * {@code ALTER ROLE ... WITH ...} (attributes and password) and {@code CREATE DATABASE} lines are
 * left out, so the dump's password hashes of the source do not replace those the Secrets hold
 * (zalando/postgres-operator#2337). Everything else (other roles with their passwords, role
 * memberships and settings, each database's contents) goes through. Pure.
 */
public final class DumpFilter {
  private static final String IDENT = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
  private static final Pattern CREATE_ROLE = Pattern.compile("^CREATE ROLE " + IDENT + ";$");
  private static final Pattern ALTER_ROLE_WITH =
      Pattern.compile("^ALTER ROLE " + IDENT + " WITH .*;$");
  private static final Pattern CREATE_DATABASE =
      Pattern.compile("^CREATE DATABASE " + IDENT + "( .*)?;$");

  private final Set<String> roles;
  private final Set<String> databases;
  private int skippedRoles;
  private int skippedDatabases;

  /**
   * @param roles the target's roles ({@code pg_roles.rolname})
   * @param databases the target's databases ({@code pg_database.datname})
   */
  public DumpFilter(Set<String> roles, Set<String> databases) {
    this.roles = Set.copyOf(roles);
    this.databases = Set.copyOf(databases);
  }

  /** Whether {@code line} (without its line break) goes to the target. */
  public boolean keep(String line) {
    Matcher m = CREATE_ROLE.matcher(line);
    if (!m.matches()) {
      m = ALTER_ROLE_WITH.matcher(line);
    }
    if (m.matches() && roles.contains(unquote(m.group(1)))) {
      if (line.startsWith("CREATE")) {
        skippedRoles++;
      }
      return false;
    }
    m = CREATE_DATABASE.matcher(line);
    if (m.matches() && databases.contains(unquote(m.group(1)))) {
      skippedDatabases++;
      return false;
    }
    return true;
  }

  /** Roles of the dump left as the target has them. */
  public int skippedRoles() {
    return skippedRoles;
  }

  /** Databases of the dump that existed in the target (their contents were restored). */
  public int skippedDatabases() {
    return skippedDatabases;
  }

  static String unquote(String ident) {
    if (ident.length() >= 2 && ident.startsWith("\"") && ident.endsWith("\"")) {
      return ident.substring(1, ident.length() - 1).replace("\"\"", "\"");
    }
    return ident;
  }
}
