package io.tusk.operator.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.config.OperatorConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Remembers, per cluster, the {@link Fingerprint} of the inputs under which its objects were last
 * found exactly as desired: the manifest's generation, annotations and labels, the configuration,
 * the observed inputs, and the resourceVersion of every owned object in the informer caches. When a
 * reconcile finds the same fingerprint, nothing can have changed: the desired state would be the
 * same, and any edit or deletion of an owned object would have changed a resourceVersion. Periodic
 * resyncs of hundreds of unchanged clusters then cost a digest each instead of building and
 * comparing every object, which keeps the operator responsive to real changes while a full resync
 * runs.
 */
public final class VerifiedStates {
  private final Map<ResourceID, String> verified = new ConcurrentHashMap<>();
  private volatile ConfigDigest lastConfig = new ConfigDigest(null, "");

  private record ConfigDigest(OperatorConfig config, String digest) {}

  /**
   * The fingerprint of a cluster's current inputs and owned objects.
   *
   * @param observed the builders' inputs as plain data
   * @param owned objects whose every change matters (by resourceVersion)
   * @param ownedByExistence objects Patroni rewrites every loop_wait (the master Endpoints, its DCS
   *     objects): their existence, owner references and labels count, not every change
   */
  public String key(
      HasMetadata cluster,
      OperatorConfig config,
      Map<String, Object> observed,
      Collection<? extends HasMetadata> owned,
      Collection<? extends HasMetadata> ownedByExistence) {
    var meta = cluster.getMetadata();
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("uid", meta.getUid());
    parts.put("generation", meta.getGeneration());
    parts.put("annotations", meta.getAnnotations());
    parts.put("labels", meta.getLabels());
    parts.put("configuration", configDigest(config));
    parts.put("observed", observed);
    parts.put(
        "owned",
        owned.stream()
            .map(
                o ->
                    o.getKind()
                        + "/"
                        + o.getMetadata().getNamespace()
                        + "/"
                        + o.getMetadata().getName()
                        + "@"
                        + o.getMetadata().getResourceVersion())
            .sorted()
            .collect(Collectors.toList()));
    parts.put(
        "existing",
        ownedByExistence.stream()
            .map(
                o ->
                    o.getKind()
                        + "/"
                        + o.getMetadata().getName()
                        + " "
                        + ownerUids(o)
                        + " "
                        + new java.util.TreeMap<>(
                            o.getMetadata().getLabels() == null
                                ? Map.of()
                                : o.getMetadata().getLabels()))
            .sorted()
            .collect(Collectors.toList()));
    return Fingerprint.of(parts);
  }

  private static java.util.List<String> ownerUids(HasMetadata o) {
    var refs = o.getMetadata().getOwnerReferences();
    return refs == null
        ? java.util.List.of()
        : refs.stream().map(r -> r.getUid()).sorted().toList();
  }

  /** The configuration's digest, computed once per configuration object. */
  private String configDigest(OperatorConfig config) {
    ConfigDigest last = lastConfig;
    if (last.config() == config) {
      return last.digest();
    }
    String digest = Fingerprint.of(Fingerprint.config(config));
    lastConfig = new ConfigDigest(config, digest);
    return digest;
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
