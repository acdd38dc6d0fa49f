package io.tusk.operator.volumes;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.pod.Quantities;
import io.tusk.spec.volume.VolumeGrowth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows a cluster's data volumes to its declared {@code volume.size}: reads the cluster's claims,
 * asks the pure {@link VolumeGrowth} what to do, patches the request of each claim that asks for
 * less, and records what it did, refused or could not do as Events on the {@code postgresql}
 * resource. Pods are not touched: the storage's resizer grows the volume under the running pod.
 *
 * <p>The claims are not in the informer caches; they are read only when the declared size (or the
 * mode) differs from the one last verified for the cluster, so a periodic resync of an unchanged
 * cluster reads nothing. A refusal is remembered with that size, so the cluster keeps saying why
 * (in its status message) without reading again. Claims smaller than declared that are not bound
 * yet are looked at again after {@link #UNBOUND_RETRY}.
 */
public final class VolumeSync {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeSync.class);

  /** When to look again at claims that could not be grown because they are not bound yet. */
  public static final Duration UNBOUND_RETRY = Duration.ofSeconds(30);

  /**
   * What the step leaves for the reconcile.
   *
   * @param note why the volumes are not as declared (a refused shrink, a refused patch), for the
   *     status message of a running cluster
   * @param retryAfter when to come back (claims waiting to be bound)
   */
  public record Outcome(Optional<String> note, Optional<Duration> retryAfter) {
    public static Outcome none() {
      return new Outcome(Optional.empty(), Optional.empty());
    }
  }

  /** The API reads and writes of the step (a fake in unit tests). */
  public interface Claims {
    /** The claims of a namespace carrying all of {@code labels}. */
    List<PersistentVolumeClaim> list(String namespace, Map<String, String> labels);

    /** Sets a claim's storage request. */
    void request(String namespace, String claim, Quantity storage);

    /** Through the API server. */
    static Claims of(KubernetesClient client) {
      return new Claims() {
        @Override
        public List<PersistentVolumeClaim> list(String namespace, Map<String, String> labels) {
          return client
              .persistentVolumeClaims()
              .inNamespace(namespace)
              .withLabels(labels)
              .list()
              .getItems();
        }

        @Override
        public void request(String namespace, String claim, Quantity storage) {
          client
              .persistentVolumeClaims()
              .inNamespace(namespace)
              .withName(claim)
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + storage + "\"}}}}");
        }
      };
    }
  }

  private record Verified(String key, Optional<String> note) {}

  private final Claims claims;
  private final EventSink events;
  private final Map<ResourceID, Verified> verified = new ConcurrentHashMap<>();

  public VolumeSync(Claims claims, EventSink events) {
    this.claims = claims;
    this.events = events;
  }

  /** Brings the cluster's claims to the declared size, when it differs from the last verified. */
  public Outcome sync(Postgresql pg, OperatorConfig cfg) {
    ResourceID id = ResourceID.fromResource(pg);
    ClusterModel model = ClusterModel.of(pg, cfg);
    VolumeGrowth.Resize resize = VolumeGrowth.resize(cfg);
    if (resize.mode() == VolumeGrowth.Mode.OFF) {
      verified.remove(id);
      return Outcome.none();
    }
    String key =
        resize.configured()
            + " "
            + Quantities.amount(VolumeGrowth.declared(model)).stripTrailingZeros().toPlainString();
    Verified last = verified.get(id);
    if (last != null && last.key().equals(key)) {
      return new Outcome(last.note(), Optional.empty());
    }

    VolumeGrowth.Plan plan =
        VolumeGrowth.plan(
            model, claims.list(pg.getMetadata().getNamespace(), Labels.of(model).base()));
    if (!plan.isEmpty()) {
      resize.fallback().ifPresent(reason -> events.warning(pg, EventReason.Volumes, reason));
    }
    List<String> notes = new ArrayList<>();
    List<String> grown = new ArrayList<>();
    for (VolumeGrowth.Grow grow : plan.grows()) {
      try {
        claims.request(pg.getMetadata().getNamespace(), grow.claim(), grow.to());
        grown.add(grow.claim() + " " + grow.from() + " -> " + grow.to());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403 && e.getCode() != 422) {
          throw e;
        }
        // The API server refuses the change itself (e.g. a storage class that does not allow
        // expansion): retrying cannot help until the class or the manifest changes.
        String refused =
            "could not grow "
                + grow.claim()
                + " from "
                + grow.from()
                + " to "
                + grow.to()
                + ": "
                + apiMessage(e);
        events.warning(pg, EventReason.Volumes, refused);
        notes.add(refused);
      }
    }
    if (!grown.isEmpty()) {
      LOG.info("{}: volumes growing: {}", name(pg), String.join(", ", grown));
      events.normal(
          pg,
          EventReason.Volumes,
          "volumes growing (PersistentVolumeClaims patched, pods keep running): "
              + String.join(", ", grown));
    }
    plan.refusal()
        .ifPresent(
            refusal -> {
              LOG.warn("{}: {}", name(pg), refusal);
              events.warning(pg, EventReason.Volumes, refusal);
              notes.add(0, refusal);
            });
    Optional<String> note =
        notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
    if (!plan.unbound().isEmpty()) {
      verified.remove(id);
      LOG.info(
          "{}: {} not bound yet, grown once bound", name(pg), String.join(", ", plan.unbound()));
      return new Outcome(note, Optional.of(UNBOUND_RETRY));
    }
    verified.put(id, new Verified(key, note));
    return new Outcome(note, Optional.empty());
  }

  /** Drops what was verified of a cluster (deleted). */
  public void forget(Postgresql pg) {
    verified.remove(ResourceID.fromResource(pg));
  }

  private static String apiMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
