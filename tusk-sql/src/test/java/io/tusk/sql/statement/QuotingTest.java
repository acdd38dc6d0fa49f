package io.tusk.sql.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuotingTest {

  @Test
  void identifiersAreAlwaysQuotedWithEmbeddedQuotesDoubled() {
    assertThat(Quoting.ident("app")).isEqualTo("\"app\"");
    assertThat(Quoting.ident("Mixed Case")).isEqualTo("\"Mixed Case\"");
    assertThat(Quoting.ident("x\"; DROP ROLE postgres; --"))
        .isEqualTo("\"x\"\"; DROP ROLE postgres; --\"");
    assertThat(Quoting.idents(List.of("a", "b\"c"))).isEqualTo("\"a\", \"b\"\"c\"");
  }

  @Test
  void literalsDoubleSingleQuotesAndKeepBackslashes() {
    assertThat(Quoting.literal("it's")).isEqualTo("'it''s'");
    assertThat(Quoting.literal("a\\b")).isEqualTo("'a\\b'");
    assertThat(Quoting.literal("')--")).isEqualTo("''')--'");
  }

  @Test
  void refusesEmptyNamesAndNulCharacters() {
    assertThatThrownBy(() -> Quoting.ident("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quoting.ident("a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> Quoting.literal("a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> Quoting.literal(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parameterNamesAreQuotedPartByPart() {
    assertThat(Quoting.parameterName("log_statement")).isEqualTo("\"log_statement\"");
    assertThat(Quoting.parameterName("pg_stat_statements.track"))
        .isEqualTo("\"pg_stat_statements\".\"track\"");
  }

  @Test
  void secretLiteralsAreRedactedInTheDisplayText() {
    Statement s =
        Statement.builder()
            .sql("ALTER ROLE ")
            .ident("u")
            .sql(" PASSWORD ")
            .secretLiteral("SCRAM-SHA-256$4096:abc$def:ghi")
            .build();

    assertThat(s.sql()).isEqualTo("ALTER ROLE \"u\" PASSWORD 'SCRAM-SHA-256$4096:abc$def:ghi'");
    assertThat(s.display()).isEqualTo("ALTER ROLE \"u\" PASSWORD '********'");
    assertThat(s.toString()).isEqualTo(s.display());
  }
}
