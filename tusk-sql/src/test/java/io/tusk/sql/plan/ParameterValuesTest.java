package io.tusk.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {

  @Test
  void scalarsAreSentAsLiteralsWithoutTheirQuotes() {
    assertThat(ParameterValues.render("log_statement", "all")).isEqualTo("'all'");
    assertThat(ParameterValues.render("log_statement", "'all'")).isEqualTo("'all'");
    assertThat(ParameterValues.render("application_name", "\"x\"")).isEqualTo("'x'");
    assertThat(ParameterValues.render("statement_timeout", " 30s ")).isEqualTo("'30s'");
    assertThat(ParameterValues.render("application_name", "it's")).isEqualTo("'it''s'");
  }

  @Test
  void searchPathIsAListOfLiterals() {
    assertThat(ParameterValues.render("search_path", "'\"$user\", public, \"My Schema\"'"))
        .isEqualTo("'$user', 'public', 'My Schema'");
    assertThat(ParameterValues.render("search_path", "\"$user\", \"data\""))
        .isEqualTo("'$user', 'data'");
    assertThat(ParameterValues.render("search_path", "Public")).isEqualTo("'public'");
  }

  @Test
  void comparesWhatPostgresqlStoredWithWhatTheManifestSays() {
    assertThat(
            ParameterValues.equivalent(
                Map.of("search_path", "\"$user\", data", "log_statement", "all"),
                Map.of("search_path", "\"$user\", \"data\"", "LOG_STATEMENT", "'all'")))
        .isTrue();
    assertThat(
            ParameterValues.equivalent(
                Map.of("search_path", "\"$user\", data"),
                Map.of("search_path", "\"$user\", history")))
        .isFalse();
    assertThat(
            ParameterValues.equivalent(
                Map.of("log_statement", "all"), Map.of("log_statement", "ddl")))
        .isFalse();
    assertThat(
            ParameterValues.equivalent(
                Map.of("log_statement", "all", "work_mem", "4MB"), Map.of("log_statement", "all")))
        .isFalse();
  }

  @Test
  void parsesQuotedListElements() {
    assertThat(ParameterValues.parseStoredList("\"$user\", data, \"A\"\"b\""))
        .isEqualTo(List.of("$user", "data", "A\"b"));
    assertThat(ParameterValues.parseManifestList("'a, \"B\"'")).isEqualTo(List.of("a", "B"));
  }
}
