package io.tusk.day2.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.api.acid.v1.MaintenanceWindow;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceWindowsTest {

  // A Saturday.
  private static final Instant SAT_1030 = Instant.parse("2026-12-12T10:30:00Z");

  @Test
  void withoutWindowsNothingWaits() {
    assertThat(MaintenanceWindows.none().open(SAT_1030)).isTrue();
    assertThat(MaintenanceWindows.none().nextStart(SAT_1030)).isEmpty();
  }

  @Test
  void aWindowIsOpenFromItsStartToItsEndInclusive() {
    MaintenanceWindows sat = windows("Sat:10:00-10:30");

    assertThat(sat.open(SAT_1030)).isTrue();
    assertThat(sat.open(Instant.parse("2026-12-12T10:31:00Z"))).isFalse();
    assertThat(sat.open(Instant.parse("2026-12-13T10:15:00Z"))).as("Sunday").isFalse();
  }

  @Test
  void theNextStartIsTodayWhenStillToComeElseTheNextDayOrWeek() {
    assertThat(windows("22:00-23:00").nextStart(SAT_1030))
        .contains(Instant.parse("2026-12-12T22:00:00Z"));
    assertThat(windows("01:00-02:00").nextStart(SAT_1030))
        .contains(Instant.parse("2026-12-13T01:00:00Z"));
    assertThat(windows("Sat:01:00-02:00").nextStart(SAT_1030))
        .contains(Instant.parse("2026-12-19T01:00:00Z"));
    assertThat(windows("Mon:01:00-02:00").nextStart(SAT_1030))
        .contains(Instant.parse("2026-12-14T01:00:00Z"));
    assertThat(windows("Mon:01:00-02:00", "23:30-23:59").nextStart(SAT_1030))
        .as("the earliest of all")
        .contains(Instant.parse("2026-12-12T23:30:00Z"));
  }

  @Test
  void theManifestsWindowsComeFirstThenTheConfigurationsAndTheSwitchTurnsThemOff() {
    PostgresSpec none = new PostgresSpec();
    PostgresSpec own = new PostgresSpec();
    own.setMaintenanceWindows(List.of("Sun:01:00-02:00"));
    OperatorConfig global =
        OperatorConfig.defaults(Source.CONFIGMAP)
            .withOverride(Options.MAINTENANCE_WINDOWS, List.of("Sat:01:00-02:00", "nonsense"));
    OperatorConfig off = global.withOverride(Options.ENABLE_MAINTENANCE_WINDOWS, false);

    assertThat(MaintenanceWindows.of(own, global).toString()).isEqualTo("Sun:01:00-02:00");
    assertThat(MaintenanceWindows.of(none, global).toString()).isEqualTo("Sat:01:00-02:00");
    assertThat(MaintenanceWindows.of(own, off).windows()).isEmpty();
  }

  private static MaintenanceWindows windows(String... texts) {
    return MaintenanceWindows.of(List.of(texts).stream().map(MaintenanceWindow::parse).toList());
  }
}
