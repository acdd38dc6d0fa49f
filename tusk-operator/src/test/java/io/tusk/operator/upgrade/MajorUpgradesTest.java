package io.tusk.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MajorUpgradesTest {

  private static final String FAILED =
      "2026-12-07T05:01:32Z in-place upgrade from PostgreSQL 15 to 17 of 3 pods\n"
          + "2026-12-07T05:01:32Z checked: leader c-1, 2 replicas streaming\n"
          + "2026-12-07T05:01:33Z ERROR: extensions not available for PostgreSQL 17 here:"
          + " pg_partman (database bar)\n";

  @Test
  void theLastLineWithoutItsTimeIsTheReason() {
    assertThat(MajorUpgrades.lastLine(FAILED))
        .isEqualTo(
            "ERROR: extensions not available for PostgreSQL 17 here: pg_partman (database bar)");
    assertThat(MajorUpgrades.lastLine("\n")).isEqualTo("the upgrade command failed without output");
  }

  @Test
  void aLogOfARunToTheDesiredVersionThatEndedInAnErrorTellsTheFailure() {
    assertThat(MajorUpgrades.lastRunError(FAILED, 17))
        .contains(
            "ERROR: extensions not available for PostgreSQL 17 here: pg_partman (database bar)");
    // A log of an earlier run to another version says nothing about this one.
    assertThat(MajorUpgrades.lastRunError(FAILED, 18)).isEmpty();
    // A run that is still going, or that ended well, is no failure.
    String going =
        "2026-12-07T05:01:32Z in-place upgrade from PostgreSQL 15 to 17 of 3 pods\n"
            + "2026-12-07T05:01:35Z waiting for Patroni to come back\n";
    assertThat(MajorUpgrades.lastRunError(going, 17)).isEqualTo(Optional.empty());
    assertThat(MajorUpgrades.lastRunError("", 17)).isEmpty();
  }
}
