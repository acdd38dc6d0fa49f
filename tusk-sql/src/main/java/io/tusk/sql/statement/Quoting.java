package io.tusk.sql.statement;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The one place where names and values are turned into SQL text.
 *
 * <p>Every identifier is double-quoted and every value is a standard string literal, whatever it
 * looks like, so nothing a manifest or a Secret contains can change the shape of a statement.
 * Connections opened by Tusk set {@code standard_conforming_strings = on}, which makes a backslash
 * inside a literal an ordinary character. Mirrors the quoting that Zalando's {@code users.go} does
 * with {@code "%s"} formatting, without its injection hazard (CNPG's {@code roles/postgres.go} uses
 * {@code pq.QuoteIdentifier}/{@code pq.QuoteLiteral} the same way).
 */
public final class Quoting {

  private Quoting() {}

  /** {@code "name"} with embedded double quotes doubled. */
  public static String ident(String name) {
    requireText(name, "identifier");
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** Comma-separated quoted identifiers, in the given order. */
  public static String idents(Collection<String> names) {
    return names.stream().map(Quoting::ident).collect(Collectors.joining(", "));
  }

  /** {@code 'value'} with embedded single quotes doubled. */
  public static String literal(String value) {
    if (value == null) {
      throw new IllegalArgumentException("a SQL literal cannot be null");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a SQL literal cannot contain a NUL character");
    }
    return '\'' + value.replace("'", "''") + '\'';
  }

  /**
   * A configuration parameter name such as {@code log_statement} or {@code
   * pg_stat_statements.track}, each dot-separated part quoted as an identifier.
   */
  public static String parameterName(String name) {
    requireText(name, "parameter name");
    String[] parts = name.split("\\.", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(ident(parts[i]));
    }
    return sb.toString();
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("a SQL " + what + " cannot be empty");
    }
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a SQL " + what + " cannot contain a NUL character");
    }
  }
}
