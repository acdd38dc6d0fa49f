package io.tusk.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteStatsTest {

  private static final long MS = 1_000_000;

  @Test
  void theLongestGapIsTheLongestTimeBetweenTwoAcknowledgedCommitsWithItsStart() {
    WriteStats stats = new WriteStats(0);
    stats.startPhase(0);
    stats.acknowledged(30 * MS);
    stats.acknowledged(60 * MS);
    stats.failed("08001 Connection refused");
    stats.failed("08001 Connection refused");
    stats.failed("25006 read-only");
    stats.acknowledged(3_060 * MS);
    stats.acknowledged(3_090 * MS);

    WriteStats.Phase phase = stats.phase(3_100 * MS);

    assertThat(phase.acknowledged()).isEqualTo(4);
    assertThat(phase.failures()).isEqualTo(3);
    assertThat(phase.longestGapNanos()).isEqualTo(3_000 * MS);
    assertThat(phase.longestGapStartOffsetNanos()).isEqualTo(60 * MS);
    assertThat(phase.failureKinds())
        .isEqualTo(Map.of("08001 Connection refused", 2L, "25006 read-only", 1L));
  }

  @Test
  void aNewPhaseStartsItsCountsAgainButAGapOpenAcrossItsStartCountsInFull() {
    WriteStats stats = new WriteStats(0);
    stats.acknowledged(10 * MS);
    stats.acknowledged(5_010 * MS);
    stats.failed("x");

    stats.startPhase(6_000 * MS);
    stats.acknowledged(6_500 * MS);

    WriteStats.Phase phase = stats.phase(6_510 * MS);
    assertThat(phase.acknowledged()).isEqualTo(1);
    assertThat(phase.failures()).isZero();
    assertThat(phase.failureKinds()).isEmpty();
    assertThat(phase.longestGapNanos()).as("5010 ms -> 6500 ms").isEqualTo(1_490 * MS);
    assertThat(phase.longestGapStartOffsetNanos()).isEqualTo(-990 * MS);
  }

  @Test
  void aGapStillOpenCountsUntilNow() {
    WriteStats stats = new WriteStats(0);
    stats.acknowledged(100 * MS);

    WriteStats.Phase phase = stats.phase(4_100 * MS);

    assertThat(phase.longestGapNanos()).isEqualTo(4_000 * MS);
    assertThat(phase.longestGapStartOffsetNanos()).isEqualTo(100 * MS);
    assertThat(phase.lastAckNanos()).isEqualTo(100 * MS);
  }

  @Test
  void failuresAreGroupedBySqlStateAndMessageWithoutVaryingNumbers() {
    String a =
        SteadyWriter.kind(
            new SQLException("Connection to 10.96.0.12:5432 refused. Check that...", "08001"));
    String b =
        SteadyWriter.kind(
            new SQLException("Connection to 10.96.0.13:5432 refused. Check that...", "08001"));
    assertThat(a).isEqualTo(b).isEqualTo("08001 Connection to N.N.N.N:N refused. Check that...");
    assertThat(SteadyWriter.kind(new IllegalStateException())).isEqualTo("- IllegalStateException");
  }
}
