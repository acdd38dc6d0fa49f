package io.tusk.spec.diff;

import java.util.List;

/**
 * The outcome of comparing the current StatefulSet with the desired one.
 *
 * @param action what to do with the StatefulSet
 * @param reasons Zalando's human-readable reasons, in check order
 * @param rollingUpdate whether the pods must be recreated (also when {@code action} is {@code
 *     REPLACE}); the operator marks them with the rolling-update annotation
 * @param removedPodAnnotations pod template annotations that disappeared (to delete them from
 *     running pods when no rolling update happens)
 */
public record Comparison(
    Action action,
    List<String> reasons,
    boolean rollingUpdate,
    List<String> removedPodAnnotations) {

  /** What the StatefulSet needs; higher constants include the lower ones' effect on the object. */
  public enum Action {
    /** Nothing differs. */
    NONE,
    /** Patch the StatefulSet; running pods stay as they are. */
    UPDATE,
    /** Patch the StatefulSet and recreate the pods (replicas first, switchover, then master). */
    ROLLING_UPDATE,
    /**
     * Delete the StatefulSet with orphan propagation and create it again (immutable fields
     * changed); {@link #rollingUpdate()} says whether the pods must be recreated as well.
     */
    REPLACE
  }

  public Comparison {
    reasons = List.copyOf(reasons);
    removedPodAnnotations = List.copyOf(removedPodAnnotations);
  }

  /** A comparison with no removed annotations; pods are recreated for {@code ROLLING_UPDATE}. */
  public Comparison(Action action, List<String> reasons) {
    this(action, reasons, action == Action.ROLLING_UPDATE, List.of());
  }

  /** Whether nothing needs to change. */
  public boolean matches() {
    return action == Action.NONE;
  }
}
