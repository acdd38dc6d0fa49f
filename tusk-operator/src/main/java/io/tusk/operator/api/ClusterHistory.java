package io.tusk.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The changes of each cluster's manifest the operator acted on, for Zalando's {@code
 * /clusters/{namespace}/{cluster}/history/}: for every new generation it reconciles, the time the
 * change was made (the resource's last update as far as the operator can tell: when it saw it),
 * when it was processed, and one line per changed field of the spec ({@code spec.numberOfInstances:
 * 2 -> 3}). Kept for the last {@code ring_log_lines} changes per cluster. Fed by JOSDK's monitoring
 * callbacks (a reconcile that ran to the end, a cluster cleaned up).
 */
public final class ClusterHistory implements Metrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Zalando's {@code Diff}. */
  public record Change(Instant eventTime, Instant processTime, List<String> diff) {}

  private record Seen(long generation, JsonNode spec) {}

  private final IntSupplier lines;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final Map<String, Deque<Change>> changes = new ConcurrentHashMap<>();

  public ClusterHistory(IntSupplier lines) {
    this.lines = lines;
  }

  /** Records {@code pg} as reconciled at {@code now}; a new generation adds a change. */
  public void reconciled(Postgresql pg, Instant now) {
    String key = pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
    Long generation = pg.getMetadata().getGeneration();
    long gen = generation == null ? 0 : generation;
    Deque<Change> ring = changes.computeIfAbsent(key, k -> new ArrayDeque<>());
    Seen known = seen.get(key);
    if (known != null && known.generation() == gen) {
      // The periodic resync of an unchanged manifest: nothing to convert or compare.
      return;
    }
    JsonNode spec = JSON.valueToTree(pg.getSpec());
    Seen before = seen.put(key, new Seen(gen, spec));
    if (before == null) {
      return;
    }
    List<String> diff = diff("spec", before.spec(), spec);
    if (diff.isEmpty()) {
      return;
    }
    synchronized (ring) {
      ring.addLast(new Change(now, now, diff));
      while (ring.size() > Math.max(1, lines.getAsInt())) {
        ring.removeFirst();
      }
    }
  }

  /** The cluster's changes, oldest first; empty when the operator has not seen the cluster. */
  public Optional<List<Change>> of(String namespace, String name) {
    Deque<Change> ring = changes.get(namespace + "/" + name);
    if (ring == null) {
      return Optional.empty();
    }
    synchronized (ring) {
      return Optional.of(List.copyOf(ring));
    }
  }

  public void forget(String namespace, String name) {
    seen.remove(namespace + "/" + name);
    changes.remove(namespace + "/" + name);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    if (resource instanceof Postgresql pg && pg.getMetadata().getDeletionTimestamp() == null) {
      reconciled(pg, Instant.now());
    }
  }

  @Override
  public void cleanupDoneFor(ResourceID id, Map<String, Object> metadata) {
    id.getNamespace().ifPresent(ns -> forget(ns, id.getName()));
  }

  /** One line per leaf that differs between {@code a} and {@code b}, by path. Pure. */
  static List<String> diff(String path, JsonNode a, JsonNode b) {
    List<String> out = new ArrayList<>();
    if (a != null && b != null && a.isObject() && b.isObject()) {
      TreeSet<String> fields = new TreeSet<>();
      a.fieldNames().forEachRemaining(fields::add);
      b.fieldNames().forEachRemaining(fields::add);
      for (String f : fields) {
        out.addAll(diff(path + "." + f, a.get(f), b.get(f)));
      }
      return out;
    }
    if (!java.util.Objects.equals(normal(a), normal(b))) {
      out.add(path + ": " + text(a) + " -> " + text(b));
    }
    return out;
  }

  private static JsonNode normal(JsonNode n) {
    return n == null || n.isNull() ? null : n;
  }

  private static String text(JsonNode n) {
    if (normal(n) == null) {
      return "<none>";
    }
    return n.isTextual() ? n.asText() : n.toString();
  }
}
