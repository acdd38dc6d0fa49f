package io.tusk.spec.volume;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tusk.api.acid.v1.Volume;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.InvalidSpecException;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.pod.Quantities;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a declared {@code volume.size} asks of a cluster's data volumes, decided purely from the
 * manifest, the configuration and the claims observed: Zalando's {@code volumes.go#syncVolumes} and
 * {@code syncVolumeClaims} (v2.0.1) for {@code storage_resize_mode}.
 *
 * <ul>
 *   <li>{@code pvc} (the default): every claim {@code pgdata-{cluster}-{i}} that asks for less than
 *       the declared size is patched to ask for it; the storage's resizer grows the volume and
 *       reports the new capacity in the claim's status. Pods keep running;
 *   <li>{@code ebs} and {@code mixed} change AWS volumes through the AWS API, which Tusk does not
 *       use: they fall back to {@code pvc}, with a warning that says so;
 *   <li>{@code off}: the claims are left as they are (only new claims, from the StatefulSet's claim
 *       template, get the declared size).
 * </ul>
 *
 * <p>A claim that asks for more than the declared size is never shrunk (Kubernetes cannot shrink a
 * volume either); the refusal names both sizes. Sizes are compared exactly (Zalando compares whole
 * gibibytes, so it ignores a change from {@code 1.5Gi} to {@code 1.8Gi}). The claim template of the
 * StatefulSet never shrinks below its current size either ({@link #templateSize}), so a refused
 * shrink changes nothing at all, and a replica added later gets a volume as large as the others
 * (Zalando would replace the StatefulSet with the smaller template).
 */
public final class VolumeGrowth {

  /** How volumes grow here. */
  public enum Mode {
    /** Patch the claims' requests; the storage's resizer grows the volumes. */
    PVC,
    /** Leave existing claims alone. */
    OFF
  }

  /**
   * {@code storage_resize_mode} as applied here.
   *
   * @param configured the configured value
   * @param mode what is done
   * @param fallback why the configured mode is not the one applied ({@code ebs}, {@code mixed})
   */
  public record Resize(String configured, Mode mode, Optional<String> fallback) {}

  /** A claim to patch: its request goes from {@code from} to {@code to}. */
  public record Grow(String claim, Quantity from, Quantity to) {}

  /** A claim that asks for more than the declared size: left as it is. */
  public record Refusal(String claim, Quantity current) {}

  /**
   * The decision for one cluster.
   *
   * @param resize the mode applied
   * @param declared {@code volume.size}
   * @param grows the claims to patch, by name
   * @param refusals the claims larger than declared, by name
   * @param unbound claims smaller than declared that are not bound yet: Kubernetes lets only a
   *     bound claim's request change, so they are grown once bound
   */
  public record Plan(
      Resize resize,
      Quantity declared,
      List<Grow> grows,
      List<Refusal> refusals,
      List<String> unbound) {

    public Plan {
      grows = List.copyOf(grows);
      refusals = List.copyOf(refusals);
      unbound = List.copyOf(unbound);
    }

    /** Whether nothing is to be done and nothing is refused or waits. */
    public boolean isEmpty() {
      return grows.isEmpty() && refusals.isEmpty() && unbound.isEmpty();
    }

    /** The refusal of a shrink, naming both sizes; empty when nothing is refused. */
    public Optional<String> refusal() {
      if (refusals.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          "volume.size "
              + declared
              + " is smaller than "
              + refusals.stream()
                  .map(r -> r.claim() + " (" + r.current() + ")")
                  .collect(Collectors.joining(", "))
              + ": volumes are never shrunk, nothing was changed");
    }

    /** What the grows do, e.g. {@code pgdata-acid-a-0 1Gi -> 2Gi}; empty without grows. */
    public Optional<String> growth() {
      if (grows.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          grows.stream()
              .map(g -> g.claim() + " " + g.from() + " -> " + g.to())
              .collect(Collectors.joining(", ")));
    }
  }

  private VolumeGrowth() {}

  /** {@code storage_resize_mode}: {@code ebs} and {@code mixed} fall back to {@code pvc}. */
  public static Resize resize(OperatorConfig config) {
    String configured = config.get(Options.STORAGE_RESIZE_MODE);
    return switch (configured == null ? "pvc" : configured) {
      case "off" -> new Resize(configured, Mode.OFF, Optional.empty());
      case "ebs" ->
          new Resize(
              configured,
              Mode.PVC,
              Optional.of(
                  "storage_resize_mode ebs resizes AWS EBS volumes through the AWS API, which Tusk"
                      + " does not use: volumes grow through their PersistentVolumeClaims, as in"
                      + " mode pvc"));
      case "mixed" ->
          new Resize(
              configured,
              Mode.PVC,
              Optional.of(
                  "storage_resize_mode mixed changes AWS EBS volumes (size, type, iops,"
                      + " throughput) through the AWS API, which Tusk does not use: volumes grow"
                      + " through their PersistentVolumeClaims, as in mode pvc; volume.type, iops"
                      + " and throughput are not applied"));
      default -> new Resize(configured, Mode.PVC, Optional.empty());
    };
  }

  /** {@code volume.size} as a quantity. */
  public static Quantity declared(ClusterModel model) {
    Volume volume = model.spec().getVolume();
    String size = volume == null ? null : volume.getSize();
    if (!Quantities.isValid(size)) {
      throw new InvalidSpecException(
          "spec.volume.size", "could not parse volume size '" + size + "'");
    }
    return new Quantity(size);
  }

  /**
   * The size of the StatefulSet's claim template: the declared size, unless the existing template
   * asks for more ({@link io.tusk.spec.Observed#dataVolumeTemplateSize()}), which it keeps.
   */
  public static Quantity templateSize(ClusterModel model) {
    Quantity declared = declared(model);
    Quantity current = model.observed().dataVolumeTemplateSize();
    if (current != null && Quantities.compare(current, declared) > 0) {
      return current;
    }
    return declared;
  }

  /**
   * The storage request of a StatefulSet's {@code pgdata} claim template; null when it has none.
   */
  public static Quantity claimTemplateSize(StatefulSet statefulSet) {
    if (statefulSet.getSpec() == null || statefulSet.getSpec().getVolumeClaimTemplates() == null) {
      return null;
    }
    return statefulSet.getSpec().getVolumeClaimTemplates().stream()
        .filter(t -> ClusterNames.DATA_VOLUME.equals(t.getMetadata().getName()))
        .map(VolumeGrowth::requested)
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /**
   * What {@code volume.size} asks of the observed claims. Claims other than the cluster's data
   * claims ({@code pgdata-{cluster}-{i}}) and claims being deleted are ignored; with mode {@code
   * off} nothing is planned.
   */
  public static Plan plan(ClusterModel model, Collection<PersistentVolumeClaim> claims) {
    Resize resize = resize(model.config());
    Quantity declared = declared(model);
    List<Grow> grows = new ArrayList<>();
    List<Refusal> refusals = new ArrayList<>();
    List<String> unbound = new ArrayList<>();
    if (resize.mode() == Mode.OFF) {
      return new Plan(resize, declared, grows, refusals, unbound);
    }
    Pattern dataClaim =
        Pattern.compile(
            Pattern.quote(ClusterNames.DATA_VOLUME + "-" + model.name() + "-") + "[0-9]{1,9}");
    List<PersistentVolumeClaim> sorted =
        claims.stream()
            .filter(c -> dataClaim.matcher(c.getMetadata().getName()).matches())
            .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
            .sorted(Comparator.comparing((PersistentVolumeClaim c) -> ordinal(c)))
            .toList();
    for (PersistentVolumeClaim claim : sorted) {
      String name = claim.getMetadata().getName();
      Quantity requested = requested(claim);
      int cmp = Quantities.compare(requested, declared);
      if (cmp > 0) {
        refusals.add(new Refusal(name, requested));
      } else if (cmp < 0) {
        if (bound(claim)) {
          grows.add(new Grow(name, requested, declared));
        } else {
          unbound.add(name);
        }
      }
    }
    return new Plan(resize, declared, grows, refusals, unbound);
  }

  /** The storage a claim asks for; null when it names none. */
  public static Quantity requested(PersistentVolumeClaim claim) {
    if (claim.getSpec() == null
        || claim.getSpec().getResources() == null
        || claim.getSpec().getResources().getRequests() == null) {
      return null;
    }
    return claim.getSpec().getResources().getRequests().get("storage");
  }

  /** The storage a claim's status reports; null before it is bound. */
  public static Quantity capacity(PersistentVolumeClaim claim) {
    if (claim.getStatus() == null || claim.getStatus().getCapacity() == null) {
      return null;
    }
    return claim.getStatus().getCapacity().get("storage");
  }

  private static boolean bound(PersistentVolumeClaim claim) {
    return claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
  }

  private static int ordinal(PersistentVolumeClaim claim) {
    String name = claim.getMetadata().getName();
    return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
  }
}
