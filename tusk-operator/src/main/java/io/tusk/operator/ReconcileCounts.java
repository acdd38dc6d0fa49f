package io.tusk.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.tusk.config.OperatorConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Counts the reconciles of each cluster that ran to the end, and remembers the operator
 * configuration in force when the last successful one started. Fed by JOSDK's metrics callbacks: a
 * reconcile counts only when its execution started ({@code reconciliationExecutionStarted}) and
 * then finished without an exception ({@code finishedReconciliation}); a failed one counts as
 * failed. This is how a caller learns that every cluster has been reconciled since some point
 * (after a start, or under a new configuration), without guessing from time.
 */
public final class ReconcileCounts implements Metrics {

  /**
   * One cluster's reconciles in this operator process.
   *
   * @param succeeded reconciles that finished without an exception
   * @param failed reconciles that threw (retried by JOSDK)
   * @param lastConfiguration the configuration in force when the last successful reconcile started,
   *     or null if none succeeded yet
   */
  public record Cluster(long succeeded, long failed, OperatorConfig lastConfiguration) {}

  private static final Cluster NONE = new Cluster(0, 0, null);

  private final Supplier<OperatorConfig> configuration;
  private final Map<String, OperatorConfig> running = new ConcurrentHashMap<>();
  private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();

  public ReconcileCounts(Supplier<OperatorConfig> configuration) {
    this.configuration = configuration;
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    running.put(key(resource), configuration.get());
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    String key = key(resource);
    OperatorConfig startedUnder = running.remove(key);
    if (startedUnder == null) {
      return; // JOSDK finished an event without running the reconciler (a deleted resource)
    }
    clusters.merge(
        key,
        new Cluster(1, 0, startedUnder),
        (a, b) -> new Cluster(a.succeeded() + 1, a.failed(), startedUnder));
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    String key = key(resource);
    running.remove(key);
    clusters.merge(
        key,
        new Cluster(0, 1, null),
        (a, b) -> new Cluster(a.succeeded(), a.failed() + 1, a.lastConfiguration()));
  }

  /** The reconciles of cluster {@code namespace/name} so far (all zero if none finished). */
  public Cluster of(String namespace, String name) {
    return Optional.ofNullable(clusters.get(namespace + "/" + name)).orElse(NONE);
  }

  /** Reconciles of all clusters so far: {@code succeeded} and {@code failed}. */
  public Map<String, Long> totals() {
    long ok = 0;
    long failed = 0;
    for (Cluster c : clusters.values()) {
      ok += c.succeeded();
      failed += c.failed();
    }
    return Map.of("succeeded", ok, "failed", failed);
  }

  /** Every cluster with a finished reconcile, by {@code namespace/name}. */
  public Map<String, Cluster> snapshot() {
    return Map.copyOf(clusters);
  }

  private static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
