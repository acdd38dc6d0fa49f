package io.tusk.sql.statement;

import java.util.Objects;

/**
 * One SQL statement Tusk may send, together with the text it shows in logs and results.
 *
 * <p>{@link #sql()} is what goes to the server; {@link #display()} is the same statement with
 * password material (SCRAM verifiers, md5 hashes) replaced by {@code '********'}. Only {@code
 * display()} is ever logged or returned to callers; {@link #toString()} returns it too.
 */
public record Statement(String sql, String display) {

  public static final String REDACTED = "'********'";

  public Statement {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(display, "display");
  }

  /** Starts a statement; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A statement that contains nothing secret. */
  public static Statement of(String sql) {
    return new Statement(sql, sql);
  }

  @Override
  public String toString() {
    return display;
  }

  /**
   * Builds a statement from keywords, quoted identifiers and literals, tracking secret literals so
   * that the display text never contains them.
   */
  public static final class Builder {
    private final StringBuilder sql = new StringBuilder();
    private final StringBuilder display = new StringBuilder();

    private Builder() {}

    /** Appends fixed SQL text (keywords, punctuation); never user input. */
    public Builder sql(String keywords) {
      sql.append(keywords);
      display.append(keywords);
      return this;
    }

    /** Appends a quoted identifier. */
    public Builder ident(String name) {
      return sql(Quoting.ident(name));
    }

    /** Appends a comma-separated list of quoted identifiers. */
    public Builder idents(java.util.Collection<String> names) {
      return sql(Quoting.idents(names));
    }

    /** Appends a string literal. */
    public Builder literal(String value) {
      return sql(Quoting.literal(value));
    }

    /** Appends a string literal that must never be shown (a password verifier). */
    public Builder secretLiteral(String value) {
      sql.append(Quoting.literal(value));
      display.append(REDACTED);
      return this;
    }

    public Statement build() {
      return new Statement(sql.toString(), display.toString());
    }
  }
}
