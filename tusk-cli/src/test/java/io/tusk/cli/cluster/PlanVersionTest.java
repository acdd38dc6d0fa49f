package io.tusk.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.day2.windows.VersionWindow;
import io.tusk.spec.spilo.MajorVersionChange;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanVersionTest {

  @Test
  void aChangeThatWaitsForAWindowSaysUntilWhenAndWhatTheStatefulSetKeeps() {
    VersionWindow waits =
        new VersionWindow(
            MajorVersionChange.decide("17", "16", false),
            Optional.of(Instant.parse("2026-12-08T01:00:00Z")));

    assertThat(PlanCommand.versionLines(waits))
        .containsExactly(
            "",
            "PostgreSQL version: postgresql.version 17 waits for the maintenance window at"
                + " 2026-12-08T01:00:00Z (runs 16); until then the StatefulSet keeps 16 (no pod"
                + " recreated for it)");
  }

  @Test
  void aChangeInAWindowIsShownApplied() {
    VersionWindow applied =
        new VersionWindow(MajorVersionChange.decide("17", "16", true), Optional.empty());

    assertThat(PlanCommand.versionLines(applied))
        .containsExactly(
            "",
            "PostgreSQL version: 16 -> 17 (in a maintenance window or none applies: PGVERSION"
                + " changes, the pods are recreated)");
  }

  @Test
  void aDecreaseIsShownIgnoredAndNoChangeShowsNothing() {
    VersionWindow lower =
        new VersionWindow(MajorVersionChange.decide("15", "16", true), Optional.empty());
    assertThat(PlanCommand.versionLines(lower))
        .containsExactly(
            "",
            "PostgreSQL version: spec.postgresql.version 15 is lower than the version the cluster"
                + " runs (16): a version decrease is ignored, the pods keep 16");
    VersionWindow same =
        new VersionWindow(MajorVersionChange.decide("16", "16", false), Optional.empty());
    assertThat(PlanCommand.versionLines(same)).isEmpty();
  }
}
