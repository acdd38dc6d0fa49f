package io.tusk.day2.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.PostgresqlParam;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Observed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionWindowTest {

  // A Saturday.
  private static final Instant SAT_1030 = Instant.parse("2026-12-12T10:30:00Z");

  private final OperatorConfig config = OperatorConfig.defaults(Source.CONFIGMAP);

  @Test
  void aHigherVersionOutsideTheWindowWaitsForItsStartAndSaysSo() {
    VersionWindow w = VersionWindow.decide(model("17", "16", "22:00-23:00"), SAT_1030);

    assertThat(w.deferred()).isTrue();
    assertThat(w.changeAllowed()).isFalse();
    assertThat(w.change().applied()).isEqualTo("16");
    assertThat(w.windowStart()).contains(Instant.parse("2026-12-12T22:00:00Z"));
    assertThat(w.note())
        .contains(
            "postgresql.version 17 waits for the maintenance window at 2026-12-12T22:00:00Z"
                + " (runs 16)");
    // Capped: looked at again within the hour, and just past the start when it is close.
    assertThat(w.wakeAfter(SAT_1030)).contains(VersionWindow.MAX_WAIT);
    assertThat(w.wakeAfter(Instant.parse("2026-12-12T21:59:30Z"))).contains(Duration.ofSeconds(31));
    assertThat(w.observed(Observed.none()).majorVersionChangeAllowed()).isFalse();
  }

  @Test
  void insideAWindowTheChangeIsApplied() {
    VersionWindow w = VersionWindow.decide(model("17", "16", "10:00-11:00"), SAT_1030);

    assertThat(w.changeAllowed()).isTrue();
    assertThat(w.change().applied()).isEqualTo("17");
    assertThat(w.note()).isEmpty();
    assertThat(w.wakeAfter(SAT_1030)).isEmpty();
  }

  @Test
  void withoutWindowsOrWithWindowsSwitchedOffNothingWaits() {
    assertThat(VersionWindow.decide(model("17", "16", null), SAT_1030).changeAllowed()).isTrue();
    OperatorConfig off = config.withOverride(Options.ENABLE_MAINTENANCE_WINDOWS, false);
    assertThat(
            VersionWindow.decide(model("17", "16", "22:00-23:00").withConfig(off), SAT_1030)
                .changeAllowed())
        .isTrue();
  }

  @Test
  void aDecreaseIsIgnoredAndNamedWithBothVersions() {
    VersionWindow w = VersionWindow.decide(model("15", "16", "10:00-11:00"), SAT_1030);

    assertThat(w.decreaseIgnored()).isTrue();
    assertThat(w.change().applied()).isEqualTo("16");
    assertThat(w.note())
        .contains(
            "spec.postgresql.version 15 is lower than the version the cluster runs (16): a"
                + " version decrease is ignored, the pods keep 16");
    assertThat(w.wakeAfter(SAT_1030)).isEmpty();
  }

  @Test
  void whenNothingWaitsTheChangeCountsAsAllowedOutsideAWindowToo() {
    // Keeps the builders' inputs of an idle cluster the same in and out of its windows.
    assertThat(VersionWindow.decide(model("16", "16", "22:00-23:00"), SAT_1030).changeAllowed())
        .isTrue();
    assertThat(VersionWindow.decide(model("17", null, "22:00-23:00"), SAT_1030).changeAllowed())
        .isTrue();
  }

  private ClusterModel model(String version, String running, String window) {
    Postgresql pg = new Postgresql();
    pg.setMetadata(new ObjectMetaBuilder().withName("acid-a").withNamespace("ns").build());
    PostgresSpec spec = new PostgresSpec();
    PostgresqlParam postgresql = new PostgresqlParam();
    postgresql.setVersion(version);
    spec.setPostgresql(postgresql);
    if (window != null) {
      spec.setMaintenanceWindows(List.of(window));
    }
    pg.setSpec(spec);
    return new ClusterModel(
        pg,
        config,
        Observed.none().toBuilder().newCluster(false).runningMajorVersion(running).build());
  }
}
