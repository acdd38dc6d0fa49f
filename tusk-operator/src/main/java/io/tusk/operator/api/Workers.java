package io.tusk.operator.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tusk's reconcile threads presented as Zalando's workers. Zalando gives each cluster, when it
 * first sees it, the next of its {@code workers} in turn and runs that cluster's events on it, one
 * at a time; Tusk does the same assignment for the REST API ({@code /workers/...}, the {@code
 * Worker} of a cluster's status). Fed by JOSDK's monitoring callbacks: an event received queues the
 * cluster on its worker, a reconcile started takes it off the queue and makes it the worker's
 * current cluster until it ends.
 */
public final class Workers implements Metrics {

  /** What a worker is doing: the cluster, the process (Zalando's words), since when. */
  public record Current(String namespace, String name, String process, Instant started) {}

  private final int count;
  private final Clock clock;
  private final Map<ResourceID, Integer> assigned = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final Map<Integer, Current> current = new ConcurrentHashMap<>();
  private final Map<Integer, Set<String>> queued = new ConcurrentHashMap<>();
  private volatile Instant lastSync = Instant.EPOCH;

  public Workers(int count, Clock clock) {
    this.count = Math.max(1, count);
    this.clock = clock;
  }

  public int count() {
    return count;
  }

  /** The worker of a cluster: the next one in turn when it is first seen. */
  public int workerOf(String namespace, String name) {
    return assigned.computeIfAbsent(
        new ResourceID(name, namespace), id -> Math.floorMod(next.getAndIncrement(), count));
  }

  /** What worker {@code id} runs now; empty when it is idle. */
  public Optional<Current> current(int id) {
    return Optional.ofNullable(current.get(id));
  }

  /** The clusters waiting for worker {@code id} ({@code namespace/name}, sorted). */
  public List<String> queue(int id) {
    Set<String> q = queued.get(id);
    return q == null ? List.of() : List.copyOf(new TreeSet<>(q));
  }

  /** Queue lengths by worker, every worker listed. */
  public Map<Integer, Integer> queueSizes() {
    Map<Integer, Integer> sizes = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      sizes.put(i, queue(i).size());
    }
    return sizes;
  }

  /** When a reconcile last ended (Zalando's {@code LastSyncTime}); the epoch before any. */
  public Instant lastSync() {
    return lastSync;
  }

  /** Zalando's words for what a reconcile of {@code pg} does. */
  static String process(HasMetadata resource) {
    if (resource.getMetadata().getDeletionTimestamp() != null) {
      return "deleting cluster";
    }
    if (resource instanceof Postgresql pg) {
      if (pg.getStatus() == null || pg.getStatus().getPostgresClusterStatus() == null) {
        return "creating cluster";
      }
      if (!java.util.Objects.equals(
          pg.getStatus().getObservedGeneration(), pg.getMetadata().getGeneration())) {
        return "updating cluster";
      }
    }
    return "syncing cluster";
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    ResourceID id = event.getRelatedCustomResourceID();
    if (id == null || id.getNamespace().isEmpty()) {
      return;
    }
    int worker = workerOf(id.getNamespace().get(), id.getName());
    queued
        .computeIfAbsent(worker, w -> ConcurrentHashMap.newKeySet())
        .add(id.getNamespace().get() + "/" + id.getName());
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    int worker = workerOf(ns, name);
    Set<String> q = queued.get(worker);
    if (q != null) {
      q.remove(ns + "/" + name);
    }
    current.put(worker, new Current(ns, name, process(resource), clock.instant()));
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    current.computeIfPresent(
        workerOf(ns, name), (w, c) -> c.namespace().equals(ns) && c.name().equals(name) ? null : c);
    lastSync = clock.instant();
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    Integer worker = assigned.remove(resourceID);
    if (worker != null && resourceID.getNamespace().isPresent()) {
      Set<String> q = queued.get(worker);
      if (q != null) {
        q.remove(resourceID.getNamespace().get() + "/" + resourceID.getName());
      }
    }
  }
}
