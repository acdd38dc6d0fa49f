package io.tusk.operator.sync;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.diff.Comparison;
import io.tusk.spec.diff.StatefulSetComparison;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Brings a cluster's StatefulSet to its desired state, as Zalando's {@code sync.go#syncStatefulSet}
 * decides (the decision itself is the pure {@link StatefulSetComparison}):
 *
 * <ul>
 *   <li>no StatefulSet: create it;
 *   <li>a change the API server accepts in place: apply it;
 *   <li>a change of the pod template: flag every pod of the cluster with Zalando's persistent
 *       annotation {@value #ROLLING_UPDATE_ANNOTATION}, then apply it, so the pods are recreated
 *       (the StatefulSet uses {@code OnDelete}). The flags go first, as in Zalando's {@code
 *       syncStatefulSet}: once the template is applied, the next sync sees nothing to change, so a
 *       sync cut off between the two writes (an operator restart, the API server going away) must
 *       not leave pods on the old template unflagged;
 *   <li>a change of an immutable field (selector, volume claim templates, ...): delete the
 *       StatefulSet orphaning its pods, wait until it is gone, create the new one; the pods keep
 *       running and are adopted.
 * </ul>
 *
 * <p>Two differences keep what others put on the StatefulSet: annotations Tusk did not apply
 * ({@link OwnedFields}) count as ignored ({@code ignored_annotations}), where Zalando replaces the
 * StatefulSet for any annotation it does not want; and a change of the annotations or owner
 * references Tusk applies is applied in place, where Zalando replaces the StatefulSet (the pods
 * stay either way), so the labels and annotations others added survive it.
 */
public final class StatefulSetSync {
  public static final String ROLLING_UPDATE_ANNOTATION =
      "zalando-postgres-operator-rolling-update-required";
  private static final Duration REPLACE_WAIT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final ObjectApplier applier;

  public StatefulSetSync(KubernetesClient client, ObjectApplier applier) {
    this.client = client;
    this.applier = applier;
  }

  /** What was done, with Zalando's reasons when anything changed. */
  public record Result(Comparison.Action action, List<String> reasons, boolean created) {
    public boolean changed() {
      return created || action != Comparison.Action.NONE;
    }
  }

  public Result sync(
      StatefulSet desired,
      Optional<StatefulSet> current,
      Map<String, String> podSelector,
      OperatorConfig config) {
    if (current.isEmpty()) {
      if (applier.apply(desired, Optional.empty()) == ObjectApplier.Outcome.CREATED) {
        return new Result(Comparison.Action.NONE, List.of(), true);
      }
      return new Result(
          Comparison.Action.UPDATE, List.of("applied again (not in the cache yet)"), false);
    }
    Set<String> ignored = ignoredAnnotations(current.get(), desired, config);
    boolean lazy = Boolean.TRUE.equals(config.get(Options.ENABLE_LAZY_SPILO_UPGRADE));
    Comparison cmp = StatefulSetComparison.compare(current.get(), desired, ignored, lazy);
    if (cmp.action() == Comparison.Action.REPLACE) {
      Comparison spec =
          StatefulSetComparison.compare(
              current.get(), withMetadataOf(desired, current.get()), ignored, lazy);
      if (spec.action() != Comparison.Action.REPLACE) {
        // Only the annotations or owner references differ (and perhaps what needs no replace).
        if (spec.action() == Comparison.Action.ROLLING_UPDATE) {
          flagPodsForRollingUpdate(client, desired.getMetadata().getNamespace(), podSelector);
        }
        ObjectApplier.Outcome written = applier.apply(desired, current);
        Comparison.Action done =
            written == ObjectApplier.Outcome.UNCHANGED
                ? spec.action()
                : spec.action() == Comparison.Action.NONE
                    ? Comparison.Action.UPDATE
                    : spec.action();
        return new Result(done, done == Comparison.Action.NONE ? List.of() : cmp.reasons(), false);
      }
    }
    switch (cmp.action()) {
      case NONE -> {
        // The comparison covers what Zalando compares; metadata Tusk sets (labels, annotations,
        // owner references) is still kept as declared.
        applier.apply(desired, current);
      }
      case UPDATE -> applier.apply(desired, current);
      case ROLLING_UPDATE -> {
        flagPodsForRollingUpdate(client, desired.getMetadata().getNamespace(), podSelector);
        applier.apply(desired, current);
      }
      case REPLACE -> {
        if (cmp.rollingUpdate()) {
          flagPodsForRollingUpdate(client, desired.getMetadata().getNamespace(), podSelector);
        }
        replace(desired);
      }
    }
    return new Result(cmp.action(), cmp.reasons(), false);
  }

  /**
   * {@code ignored_annotations} plus the annotations of the current StatefulSet that Tusk did not
   * apply and does not want: another controller's or a person's.
   */
  static Set<String> ignoredAnnotations(
      StatefulSet current, StatefulSet desired, OperatorConfig config) {
    Set<String> ignored = new HashSet<>(config.get(Options.IGNORED_ANNOTATIONS));
    Map<String, String> present = current.getMetadata().getAnnotations();
    if (present == null) {
      return ignored;
    }
    Set<String> owned = OwnedFields.ownedKeys(current, "annotations");
    Map<String, String> wanted =
        desired.getMetadata().getAnnotations() == null
            ? Map.of()
            : desired.getMetadata().getAnnotations();
    for (String key : present.keySet()) {
      if (!owned.contains(key) && !wanted.containsKey(key)) {
        ignored.add(key);
      }
    }
    return ignored;
  }

  /** The desired StatefulSet with the current one's annotations and owner references. */
  private static StatefulSet withMetadataOf(StatefulSet desired, StatefulSet current) {
    return new StatefulSetBuilder(desired)
        .editMetadata()
        .withAnnotations(current.getMetadata().getAnnotations())
        .withOwnerReferences(current.getMetadata().getOwnerReferences())
        .endMetadata()
        .build();
  }

  private void replace(StatefulSet desired) {
    String ns = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .withName(name)
        .withPropagationPolicy(DeletionPropagation.ORPHAN)
        .delete();
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .withName(name)
        .waitUntilCondition(s -> s == null, REPLACE_WAIT.toSeconds(), TimeUnit.SECONDS);
    client
        .resource(desired)
        .fieldManager(ObjectApplier.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * Sets the rolling-update annotation on every pod matching the selector that does not carry it
   * yet (also used when a password the pods read changed in place).
   */
  public static void flagPodsForRollingUpdate(
      KubernetesClient client, String ns, Map<String, String> podSelector) {
    for (Pod pod : client.pods().inNamespace(ns).withLabels(podSelector).list().getItems()) {
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      if (annotations != null && "true".equals(annotations.get(ROLLING_UPDATE_ANNOTATION))) {
        continue;
      }
      client
          .pods()
          .inNamespace(ns)
          .withName(pod.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"" + ROLLING_UPDATE_ANNOTATION + "\":\"true\"}}}");
    }
  }
}
