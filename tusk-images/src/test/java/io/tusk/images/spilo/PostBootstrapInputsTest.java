package io.tusk.images.spilo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing what Patroni hands to the post-bootstrap hook: the DSN and its pgpass file. */
class PostBootstrapInputsTest {

  @TempDir Path tmp;

  @Test
  void parsesPatroniDsn() {
    LibpqDsn dsn = LibpqDsn.parse("dbname=postgres user=postgres host=/s/run/postgresql port=5433");
    assertThat(dsn.dbname()).isEqualTo("postgres");
    assertThat(dsn.user()).isEqualTo("postgres");
    assertThat(dsn.host()).contains("/s/run/postgresql");
    assertThat(dsn.port()).isEqualTo(5433);
  }

  @Test
  void parsesQuotedValues() {
    LibpqDsn dsn = LibpqDsn.parse("user='my user' password='it\\'s' dbname = x");
    assertThat(dsn.user()).isEqualTo("my user");
    assertThat(dsn.get("password")).contains("it's");
    assertThat(dsn.dbname()).isEqualTo("x");
    assertThat(LibpqDsn.parse("host=a,b port=1,2").host()).contains("a");
  }

  @Test
  void findsThePasswordIgnoringTheHostField() throws Exception {
    Path pgpass = tmp.resolve("pgpass");
    Files.writeString(
        pgpass,
        "/s/run/postgresql:5432:*:standby:repl\n"
            + "/s/run/postgresql:5432:*:postgres:pa\\:ss\\\\word:tail\n");
    assertThat(PgPassFile.password(pgpass, 5432, "postgres", "postgres"))
        .contains("pa:ss\\word:tail");
    assertThat(PgPassFile.password(pgpass, 5432, "postgres", "standby")).contains("repl");
    assertThat(PgPassFile.password(pgpass, 5433, "postgres", "postgres")).isEmpty();
    assertThat(PgPassFile.password(tmp.resolve("missing"), 5432, "postgres", "postgres")).isEmpty();
  }

  @Test
  void quotesForShlex() {
    assertThat(ShellQuoting.quote("zalandos")).isEqualTo("zalandos");
    assertThat(ShellQuoting.quote("team role")).isEqualTo("'team role'");
    assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\"'\"'s'");
  }

  @Test
  void userManagementSqlQuotesTheHumanRole() {
    assertThat(SpiloDatabaseSetup.userManagementSql("zalandos"))
        .contains("IN ROLE \"zalandos\", admin")
        .doesNotContain("${");
    assertThat(SpiloDatabaseSetup.userManagementSql("o'100%"))
        .contains("IN ROLE \"o''100%%\", admin");
  }

  @Test
  void normalizesLocales() {
    assertThat(Locales.normalize("en_US.UTF-8")).isEqualTo("en_us.utf8");
    assertThat(Locales.normalize("C.utf8")).isEqualTo("c.utf8");
    assertThat(Locales.normalize("C")).isEqualTo("c");
    assertThat(Locales.available()).contains("c.utf8");
  }
}
