package io.tusk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {

  @ParameterizedTest
  @CsvSource({
    "5m, PT5M",
    "30s, PT30S",
    "1h, PT1H",
    "1h30m, PT1H30M",
    "2h45m10s, PT2H45M10S",
    "1.5h, PT1H30M",
    ".5s, PT0.5S",
    "300ms, PT0.3S",
    "1500us, PT0.0015S",
    "10ns, PT0.00000001S",
    "0, PT0S",
    "45, PT45S",
    "-1m, PT-1M",
  })
  void parsesGoDurationsAndPlainSeconds(String text, String expected) {
    assertThat(GoDurations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "5x", "5 m", "1h-3m", "abc", "1..5s", "-"})
  void rejectsOtherText(String text) {
    assertThatThrownBy(() -> GoDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a duration: '" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({
    "PT30M, 30m",
    "PT1H30M, 1h30m",
    "PT0S, 0s",
    "PT1.5S, 1.5s",
    "PT0.3S, 300ms",
    "PT-5M, -5m"
  })
  void formatsCompactly(String duration, String expected) {
    assertThat(GoDurations.format(Duration.parse(duration))).isEqualTo(expected);
    assertThat(GoDurations.parse(expected)).isEqualTo(Duration.parse(duration));
  }
}
