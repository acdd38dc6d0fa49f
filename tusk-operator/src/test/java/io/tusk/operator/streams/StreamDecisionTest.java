package io.tusk.operator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.patroni.MemberStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamDecisionTest {

  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final Duration RESYNC = Duration.ofMinutes(30);

  @Test
  void runsFirstThenOnChangePendingRetryOrResync() {
    assertThat(StreamDecision.run("a", null, T0, RESYNC)).isTrue();

    StreamDecision.Memory settled = new StreamDecision.Memory("a", T0, null, true, "", null);
    assertThat(StreamDecision.run("a", settled, T0.plusSeconds(60), RESYNC)).isFalse();
    assertThat(StreamDecision.run("b", settled, T0.plusSeconds(60), RESYNC)).isTrue();
    assertThat(StreamDecision.run("a", settled, T0.plus(RESYNC), RESYNC)).isTrue();

    StreamDecision.Memory pending =
        new StreamDecision.Memory("a", T0, T0.plusSeconds(12), true, "", null);
    assertThat(StreamDecision.run("a", pending, T0.plusSeconds(11), RESYNC)).isFalse();
    assertThat(StreamDecision.run("a", pending, T0.plusSeconds(12), RESYNC)).isTrue();
    assertThat(StreamDecision.run("b", pending, T0.plusSeconds(1), RESYNC)).isTrue();
  }

  @Test
  void backoffGrowsWithTheTimePendingWithinBounds() {
    Duration min = Duration.ofSeconds(5);
    Duration max = Duration.ofMinutes(5);
    assertThat(StreamDecision.backoff(Duration.ZERO, min, max)).isEqualTo(min);
    assertThat(StreamDecision.backoff(Duration.ofSeconds(40), min, max))
        .isEqualTo(Duration.ofSeconds(40));
    assertThat(StreamDecision.backoff(Duration.ofHours(1), min, max)).isEqualTo(max);
  }

  static MemberStatus primary(boolean pendingRestart, Set<String> parameters) {
    return new MemberStatus(
        "acid-a-0",
        "running",
        "primary",
        1,
        170000,
        "2026-12-06 10:00:00+00:00",
        pendingRestart,
        parameters,
        false,
        "4.1.5");
  }

  @Test
  void theStreamsWaitForTheDayTwoStepToSetWalLevel() {
    assertThat(StreamDecision.walLevelWait("replica", primary(false, Set.of())))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("waiting for the day-2 step to set wal_level to logical")
                    .contains("(now replica)")
                    .contains("day-2 restarts"));
    assertThat(StreamDecision.walLevelWait("", primary(false, Set.of())))
        .hasValueSatisfying(w -> assertThat(w).contains("(now not set)"));
  }

  @Test
  void theStreamsWaitForTheDayTwoRestartsOfThePrimary() {
    assertThat(StreamDecision.walLevelWait("logical", primary(true, Set.of("wal_level"))))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("waiting for the day-2 restarts that apply wal_level=logical")
                    .contains("acid-a-0"));
    // Patroni before version 4 does not say which parameters wait.
    assertThat(StreamDecision.walLevelWait("logical", primary(true, Set.of()))).isPresent();
    // A restart pending for something else does not hold the streams back.
    assertThat(StreamDecision.walLevelWait("logical", primary(true, Set.of("shared_buffers"))))
        .isEmpty();
    assertThat(StreamDecision.walLevelWait("logical", primary(false, Set.of()))).isEmpty();
  }
}
