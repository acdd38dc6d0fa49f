package io.tusk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.day2.Action;
import io.tusk.operator.day2.StepExecutor;
import io.tusk.operator.status.EventReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {

  private final OperatorMetrics metrics = new OperatorMetrics();

  private static Postgresql cluster(String status) {
    Postgresql pg = new Postgresql();
    if (status != null) {
      PostgresStatus s = new PostgresStatus();
      s.setPostgresClusterStatus(status);
      pg.setStatus(s);
    }
    return pg;
  }

  @Test
  void clustersAreCountedByStatusAtScrapeTime() {
    List<HasMetadata> clusters =
        new ArrayList<>(List.of(cluster("Running"), cluster("Running"), cluster("SyncFailed")));
    metrics.clustersFrom(
        () -> (Collection<? extends HasMetadata>) clusters,
        pg ->
            ((Postgresql) pg).getStatus() == null
                ? "other"
                : ((Postgresql) pg).getStatus().getPostgresClusterStatus());
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("tusk_clusters{status=\"Running\"} 2.0")
        .contains("tusk_clusters{status=\"SyncFailed\"} 1.0")
        .contains("tusk_clusters{status=\"Creating\"} 0.0")
        .contains("tusk_clusters{status=\"other\"} 0.0");
  }

  @Test
  void eventsSwitchoversPausesAndReconnectsAreCounted() {
    metrics.event(EventReason.RollingUpdate, "Normal");
    metrics.event(EventReason.RollingUpdate, "Normal");
    metrics.event(EventReason.SyncFailed, "Warning");
    metrics.poolerPaused(Duration.ofMillis(2500));
    metrics.poolerReconnected();
    StepExecutor.SwitchoverGuard guard = metrics.switchovers(StepExecutor.SwitchoverGuard.NONE);
    Action.Switchover switchover = null;
    assertThat(guard.around(cluster("Running"), switchover, () -> "switched"))
        .isEqualTo("switched");
    assertThatThrownBy(
            () ->
                guard.around(
                    cluster("Running"),
                    switchover,
                    () -> {
                      throw new IllegalStateException("no candidate");
                    }))
        .hasMessage("no candidate");

    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("tusk_events_total{reason=\"RollingUpdate\",type=\"Normal\"} 2.0")
        .contains("tusk_events_total{reason=\"SyncFailed\",type=\"Warning\"} 1.0")
        .contains("tusk_pooler_pause_duration_seconds_count 1")
        .contains("tusk_pooler_pause_duration_seconds_sum 2.5")
        .contains("tusk_pooler_reconnects_total 1.0")
        .contains("tusk_switchover_duration_seconds_count{result=\"succeeded\"} 1")
        .contains("tusk_switchover_duration_seconds_count{result=\"failed\"} 1")
        .contains("jvm_memory_used_bytes");
  }
}
