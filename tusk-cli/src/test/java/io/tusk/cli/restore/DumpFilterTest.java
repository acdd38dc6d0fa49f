package io.tusk.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What of a pg_dumpall script reaches a cluster whose operator made some roles and databases. */
class DumpFilterTest {

  private static final List<String> DUMP =
      List.of(
          "CREATE ROLE postgres;",
          "ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION"
              + " BYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:source';",
          "CREATE ROLE \"foo-user\";",
          "ALTER ROLE \"foo-user\" WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN"
              + " NOREPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:source';",
          "ALTER ROLE \"foo-user\" SET search_path TO 'app';",
          "CREATE ROLE reporting;",
          "ALTER ROLE reporting WITH NOSUPERUSER LOGIN PASSWORD 'SCRAM-SHA-256$4096:kept';",
          "GRANT reporting TO \"foo-user\" WITH INHERIT TRUE GRANTED BY postgres;",
          "CREATE DATABASE foo WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE = 'C';",
          "ALTER DATABASE foo OWNER TO zalando;",
          "CREATE DATABASE archive WITH TEMPLATE = template0 ENCODING = 'UTF8';",
          "\\connect foo",
          "CREATE TABLE public.t (id integer);",
          "-- ALTER ROLE postgres WITH PASSWORD 'in a comment';");

  @Test
  void theTargetsOwnRolesAndDatabasesAreNotRecreatedTheRestIsKept() {
    DumpFilter filter = new DumpFilter(Set.of("postgres", "foo-user", "zalando"), Set.of("foo"));
    List<String> kept = DUMP.stream().filter(filter::keep).toList();
    assertThat(kept)
        .containsExactly(
            "ALTER ROLE \"foo-user\" SET search_path TO 'app';",
            "CREATE ROLE reporting;",
            "ALTER ROLE reporting WITH NOSUPERUSER LOGIN PASSWORD 'SCRAM-SHA-256$4096:kept';",
            "GRANT reporting TO \"foo-user\" WITH INHERIT TRUE GRANTED BY postgres;",
            "ALTER DATABASE foo OWNER TO zalando;",
            "CREATE DATABASE archive WITH TEMPLATE = template0 ENCODING = 'UTF8';",
            "\\connect foo",
            "CREATE TABLE public.t (id integer);",
            "-- ALTER ROLE postgres WITH PASSWORD 'in a comment';");
    assertThat(filter.skippedRoles()).isEqualTo(2);
    assertThat(filter.skippedDatabases()).isEqualTo(1);
  }

  @Test
  void quotedNamesAreCompared() {
    assertThat(DumpFilter.unquote("\"we\"\"ird\"")).isEqualTo("we\"ird");
    assertThat(new DumpFilter(Set.of("we\"ird"), Set.of()).keep("CREATE ROLE \"we\"\"ird\";"))
        .isFalse();
    assertThat(new DumpFilter(Set.of("Foo"), Set.of()).keep("CREATE ROLE foo;")).isTrue();
  }
}
