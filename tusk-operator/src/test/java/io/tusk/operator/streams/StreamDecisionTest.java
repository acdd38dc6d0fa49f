package io.tusk.operator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamDecisionTest {

  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final Duration RESYNC = Duration.ofMinutes(30);

  @Test
  void runsFirstThenOnChangePendingRetryOrResync() {
    assertThat(StreamDecision.run("a", null, T0, RESYNC)).isTrue();

    StreamDecision.Memory settled = new StreamDecision.Memory("a", T0, null, true, "");
    assertThat(StreamDecision.run("a", settled, T0.plusSeconds(60), RESYNC)).isFalse();
    assertThat(StreamDecision.run("b", settled, T0.plusSeconds(60), RESYNC)).isTrue();
    assertThat(StreamDecision.run("a", settled, T0.plus(RESYNC), RESYNC)).isTrue();

    StreamDecision.Memory pending =
        new StreamDecision.Memory("a", T0, T0.plusSeconds(12), true, "");
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
}
