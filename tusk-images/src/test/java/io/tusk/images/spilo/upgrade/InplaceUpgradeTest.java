package io.tusk.images.spilo.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InplaceUpgradeTest {

  @TempDir Path tmp;

  @Test
  void aPgUpgradeCheckFailureIsToldByItsFatalLines() {
    List<String> out =
        List.of(
            "Performing Consistency Checks on Old Live Server",
            "------------------------------------------------",
            "Checking cluster versions                                     ok",
            "Checking for system-defined composite types in user tables  ok",
            "Checking for reg* data types in user tables                   fatal",
            "",
            "Your installation contains one of the reg* data types in user tables.",
            "A list of the problem columns is in the file:",
            "    /x/pg_upgrade_output.d/tables_using_reg.txt",
            "",
            "Failure, exiting");
    assertThat(InplaceUpgrade.reason(out))
        .isEqualTo(
            "Checking for reg* data types in user tables fatal"
                + " Your installation contains one of the reg* data types in user tables."
                + " A list of the problem columns is in the file: Failure, exiting");
  }

  @Test
  void withoutAFatalLineTheLastLinesTell() {
    assertThat(InplaceUpgrade.reason(List.of("a", "b", "c", "d"))).isEqualTo("b c d");
  }

  @Test
  void quotingForTheShellAndForSql() {
    assertThat(InplaceUpgrade.shellQuote("it's")).isEqualTo("'it'\"'\"'s'");
    assertThat(InplaceUpgrade.sqlLiteral("it's")).isEqualTo("'it''s'");
  }

  @Test
  void settingsRoundTripWithoutLosingAnything() throws Exception {
    UpgradeSettings s =
        new UpgradeSettings(
            "c-0",
            "ns",
            "c",
            tmp.resolve("pgroot/data"),
            tmp.resolve("run"),
            5432,
            "http://10.0.0.1:8008",
            tmp.resolve("run/patroni.pid"),
            "postgres",
            "p=w'd",
            true,
            17,
            Map.of(15, Path.of("/usr/lib/postgresql/15/bin"), 17, Path.of("/opt/pg/17/bin")),
            Map.of(15, Set.of("hstore", "pg_partman"), 17, Set.of("hstore")),
            "https://10.244.0.1:6443",
            tmp.resolve("token"),
            tmp.resolve("ca.crt"),
            tmp.resolve("upgrade"));
    Path file = tmp.resolve("upgrade.properties");
    Files.writeString(file, s.render());
    assertThat(UpgradeSettings.read(file)).isEqualTo(s);
  }

  @Test
  void theDataDirectoryTellsTheMajor() throws Exception {
    Files.writeString(tmp.resolve("PG_VERSION"), "15\n");
    assertThat(InplaceUpgrade.majorOf(tmp)).isEqualTo(15);
  }
}
