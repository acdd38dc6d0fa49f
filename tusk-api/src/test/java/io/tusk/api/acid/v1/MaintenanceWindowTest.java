package io.tusk.api.acid.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaintenanceWindowTest {

  // 2024-06-01 is a Saturday.
  private static OffsetDateTime utc(int day, int hour, int minute) {
    return OffsetDateTime.of(2024, 6, day, hour, minute, 0, 0, ZoneOffset.UTC);
  }

  @Test
  void parsesWeeklyWindow() {
    MaintenanceWindow w = MaintenanceWindow.parse("Sat:00:00-04:00");
    assertThat(w.weekday()).isEqualTo(DayOfWeek.SATURDAY);
    assertThat(w.everyday()).isFalse();
    assertThat(w.start()).isEqualTo(LocalTime.of(0, 0));
    assertThat(w.end()).isEqualTo(LocalTime.of(4, 0));
    assertThat(w).hasToString("Sat:00:00-04:00");
  }

  @Test
  void parsesDailyWindowWithBlanksAndShortNumbers() {
    MaintenanceWindow w = MaintenanceWindow.parse(" 1:5-6:00 ");
    assertThat(w.everyday()).isTrue();
    assertThat(w.start()).isEqualTo(LocalTime.of(1, 5));
    assertThat(w).hasToString("01:05-06:00");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "01:00", "Sat:01:00", "Xyz:01:00-02:00", "25:00-26:00", "a:b-c:d"})
  void rejectsMalformedWindows(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MaintenanceWindow.parse(text))
        .withMessageContaining("maintenance window");
  }

  @Test
  void coversWeeklyWindowOnlyOnItsDay() {
    MaintenanceWindow w = MaintenanceWindow.parse("Sat:00:00-04:00");
    assertThat(w.covers(utc(1, 2, 0))).isTrue();
    assertThat(w.covers(utc(1, 4, 0))).isTrue();
    assertThat(w.covers(utc(1, 4, 1))).isFalse();
    assertThat(w.covers(utc(2, 2, 0))).as("Sunday").isFalse();
    assertThat(w.covers(OffsetDateTime.of(2024, 6, 1, 4, 30, 0, 0, ZoneOffset.ofHours(2))))
        .as("02:30 UTC")
        .isTrue();
  }

  @Test
  void coversDailyAndMidnightWrappingWindows() {
    assertThat(MaintenanceWindow.parse("01:00-06:00").covers(utc(4, 3, 0))).isTrue();
    MaintenanceWindow wrap = MaintenanceWindow.parse("Sat:22:00-02:00");
    assertThat(wrap.covers(utc(1, 23, 0))).isTrue();
    assertThat(wrap.covers(utc(2, 1, 0))).as("Sunday early morning").isTrue();
    assertThat(wrap.covers(utc(1, 1, 0))).as("Saturday early morning").isFalse();
  }

  @Test
  void specExposesParsedWindowsAndKeepsRawStrings() {
    PostgresSpec spec = new PostgresSpec();
    assertThat(spec.getParsedMaintenanceWindows()).isEmpty();
    spec.setMaintenanceWindows(List.of("01:00-06:00", "Sat:00:00-04:00"));
    assertThat(spec.getParsedMaintenanceWindows())
        .extracting(MaintenanceWindow::toString)
        .containsExactly("01:00-06:00", "Sat:00:00-04:00");
  }
}
