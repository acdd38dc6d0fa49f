package io.tusk.operator.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Remembers, per cluster, the inputs under which its objects were last found exactly as desired.
 * The key covers everything the desired state is computed from (the manifest's generation,
 * annotations and labels, the configuration, the observed inputs) and the resourceVersion of every
 * owned object in the informer caches. When a reconcile finds the same key, nothing can have
 * changed: the desired state would be the same, and any edit or deletion of an owned object would
 * have changed a resourceVersion. Periodic resyncs of hundreds of unchanged clusters then cost a
 * few map lookups each instead of building and comparing every object, which keeps the operator
 * responsive to real changes while a full resync runs.
 */
public final class VerifiedStates {
  private final Map<ResourceID, String> verified = new ConcurrentHashMap<>();

  /**
   * The key of a cluster's current inputs and owned objects.
   *
   * @param owned objects whose every change matters (by resourceVersion)
   * @param ownedByExistence objects that only need to exist (the master Endpoints, which Patroni
   *     rewrites every loop_wait)
   */
  public static String key(
      HasMetadata cluster,
      Object config,
      Object observed,
      Collection<? extends HasMetadata> owned,
      Collection<? extends HasMetadata> ownedByExistence) {
    var meta = cluster.getMetadata();
    String objects = Stream.concat(
            owned.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName() + "@" + o.getMetadata().getResourceVersion()),
            ownedByExistence.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
        .sorted()
        .collect(Collectors.joining(","));
    return meta.getUid() + "|" + meta.getGeneration() + "|" + Objects.hashCode(meta.getAnnotations()) + "|"
        + Objects.hashCode(meta.getLabels()) + "|" + Objects.hashCode(config) + "|" + Objects.hashCode(observed) + "|"
        + objects;
  }

  @SafeVarargs
  public static Collection<HasMetadata> concat(Collection<? extends HasMetadata>... parts) {
    return Stream.of(parts).flatMap(Collection::stream).map(HasMetadata.class::cast).toList();
  }

  public boolean isVerified(ResourceID cluster, String key) {
    return key.equals(verified.get(cluster));
  }

  public void record(ResourceID cluster, String key) {
    verified.put(cluster, key);
  }

  public void forget(ResourceID cluster) {
    verified.remove(cluster);
  }
}
