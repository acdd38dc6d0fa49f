package io.tusk.day2;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Map;

/**
 * What the planner reads of one pod.
 *
 * @param role the pod's role label ({@code master}, {@code replica}), or null
 * @param flagged whether the pod carries Zalando's rolling-update annotation
 */
public record PodFacts(
    String name, String role, boolean ready, boolean terminating, boolean flagged, String node) {

  /** Zalando's pod annotation that asks for the pod to be recreated. */
  public static final String ROLLING_UPDATE_ANNOTATION =
      "zalando-postgres-operator-rolling-update-required";

  public static PodFacts of(Pod pod, String roleLabel) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    boolean ready =
        pod.getStatus() != null
            && pod.getStatus().getConditions() != null
            && pod.getStatus().getConditions().stream()
                .anyMatch(
                    (PodCondition c) ->
                        "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return new PodFacts(
        pod.getMetadata().getName(),
        labels == null ? null : labels.get(roleLabel),
        ready,
        pod.getMetadata().getDeletionTimestamp() != null,
        annotations != null && "true".equals(annotations.get(ROLLING_UPDATE_ANNOTATION)),
        pod.getSpec() == null ? null : pod.getSpec().getNodeName());
  }

  /** The pod's ordinal in its StatefulSet (the number after the last dash), or -1. */
  public int ordinal() {
    int dash = name.lastIndexOf('-');
    try {
      return Integer.parseInt(name.substring(dash + 1));
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
