package io.tusk.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tusk.day2.Action;
import io.tusk.operator.day2.StepExecutor;
import io.tusk.operator.status.EventReason;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operator's meters and their registry. Names follow Prometheus' conventions once exported
 * ({@code tusk_switchovers_total}, {@code tusk_switchover_duration_seconds_count}, ...);
 * docs/metrics.md describes each.
 */
public final class OperatorMetrics {

  /** The statuses a cluster is counted under; anything else counts as {@code other}. */
  public static final List<String> STATUSES =
      List.of(
          "Creating",
          "Running",
          "Updating",
          "CreateFailed",
          "UpdateFailed",
          "SyncFailed",
          "DeleteFailed",
          "Invalid",
          "other");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Metrics josdk = MicrometerMetrics.withoutPerResourceMetrics(registry);
  private final Map<String, Counter> events = new java.util.concurrent.ConcurrentHashMap<>();
  private final Timer pauses;
  private final Counter reconnects;

  public OperatorMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    pauses =
        Timer.builder("tusk.pooler.pause.duration")
            .description(
                "How long the master poolers were paused around a switchover, from PAUSE to RESUME")
            .register(registry);
    // Exported from the start, with zero counts, so that dashboards and alerts find them.
    switchoverTimer("succeeded");
    switchoverTimer("failed");
    reconnects =
        Counter.builder("tusk.pooler.reconnects")
            .description("RECONNECTs sent to master poolers after the primary moved (per cluster)")
            .register(registry);
  }

  /** JOSDK's meters (reconciliations started, succeeded, failed, retried; events; executions). */
  public Metrics josdk() {
    return josdk;
  }

  /**
   * Counts the clusters by {@code status.PostgresClusterStatus} at every scrape.
   *
   * @param clusters the {@code postgresql} resources as the operator's cache holds them
   */
  public void clustersFrom(
      Supplier<Collection<? extends HasMetadata>> clusters,
      java.util.function.Function<HasMetadata, String> status) {
    ClusterCounts counts = new ClusterCounts(clusters, status);
    for (String s : STATUSES) {
      Gauge.builder("tusk.clusters", counts, c -> c.count(s))
          .description("postgresql resources by status (PostgresClusterStatus)")
          .tag("status", s)
          .strongReference(true)
          .register(registry);
    }
  }

  /** Counts one Event the operator recorded. */
  public void event(EventReason reason, String type) {
    events
        .computeIfAbsent(
            reason.name() + "/" + type,
            k ->
                Counter.builder("tusk.events")
                    .description("Events the operator recorded, by reason and type")
                    .tag("reason", reason.name())
                    .tag("type", type)
                    .register(registry))
        .increment();
  }

  /** One pause of a cluster's master poolers, as long as it lasted. */
  public void poolerPaused(Duration duration) {
    pauses.record(duration);
  }

  /** RECONNECT sent to a cluster's master poolers. */
  public void poolerReconnected() {
    reconnects.increment();
  }

  /** Times each switchover and counts it by result, around {@code inner}. */
  public StepExecutor.SwitchoverGuard switchovers(StepExecutor.SwitchoverGuard inner) {
    return (HasMetadata on, Action.Switchover switchover, Supplier<String> perform) -> {
      Timer.Sample sample = Timer.start(registry);
      String result = "failed";
      try {
        String answer = inner.around(on, switchover, perform);
        result = "succeeded";
        return answer;
      } finally {
        sample.stop(switchoverTimer(result));
      }
    };
  }

  private Timer switchoverTimer(String result) {
    return Timer.builder("tusk.switchover.duration")
        .description(
            "Switchovers the operator asked Patroni for, with the pooler pause around them")
        .tag("result", result)
        .register(registry);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** The registry, for further meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Counts by status, computed once per scrape (the first gauge read computes them). */
  private static final class ClusterCounts {
    private final Supplier<Collection<? extends HasMetadata>> clusters;
    private final java.util.function.Function<HasMetadata, String> status;
    private volatile long computedAt;
    private volatile Map<String, Long> counts = Map.of();

    ClusterCounts(
        Supplier<Collection<? extends HasMetadata>> clusters,
        java.util.function.Function<HasMetadata, String> status) {
      this.clusters = clusters;
      this.status = status;
    }

    double count(String s) {
      long now = System.nanoTime();
      if (now - computedAt > 500_000_000L || counts.isEmpty()) {
        Map<String, Long> next = new HashMap<>();
        for (HasMetadata pg : clusters.get()) {
          String st = status.apply(pg);
          next.merge(STATUSES.contains(st) && !"other".equals(st) ? st : "other", 1L, Long::sum);
        }
        next.putIfAbsent("other", 0L);
        counts = next;
        computedAt = now;
      }
      return counts.getOrDefault(s, 0L);
    }
  }
}
