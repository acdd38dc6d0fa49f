package io.tusk.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogOptionsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private static LogOptions of(String query) {
    return LogOptions.of(KubeletRequest.parse("/containerLogs/n/p/c?" + query), NOW);
  }

  @Test
  void readsEveryOption() {
    LogOptions o = of("follow=true&previous=true&tailLines=5&timestamps=true&limitBytes=100");
    assertThat(o).isEqualTo(new LogOptions(true, true, 5L, null, true, 100L));
  }

  @Test
  void sinceSecondsAndSinceTimeBecomeATime() {
    assertThat(of("sinceSeconds=60").since()).isEqualTo(Instant.parse("2026-01-01T11:59:00Z"));
    assertThat(of("sinceTime=2026-01-01T10:00:00Z").since())
        .isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
  }

  @Test
  void rejectsInvalidCombinationsAndValues() {
    assertThatThrownBy(() -> of("sinceSeconds=1&sinceTime=2026-01-01T10:00:00Z"))
        .hasMessageContaining("at most one");
    assertThatThrownBy(() -> of("sinceSeconds=0")).hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> of("tailLines=x")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> of("sinceTime=yesterday")).hasMessageContaining("RFC 3339");
  }
}
