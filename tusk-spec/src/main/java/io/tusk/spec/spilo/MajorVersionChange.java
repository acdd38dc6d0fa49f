package io.tusk.spec.spilo;

import io.tusk.spec.ClusterModel;
import java.util.Objects;

/**
 * Which PostgreSQL major version a running cluster's pods are given, Zalando's rule ({@code
 * cluster.go#Update} and {@code sync.go#Sync}, v2.0.1; contract section 4.3): outside the cluster's
 * maintenance windows the StatefulSet keeps the version the cluster runs, and a lower version than
 * the one it runs is ignored. Everything derived from the version ({@code PGVERSION}, or {@code
 * bin_dir} in {@code SPILO_CONFIGURATION}) follows {@link #applied()}.
 *
 * <ul>
 *   <li>no running version known (a new cluster, or a StatefulSet without one), or the same one:
 *       the desired version applies;
 *   <li>desired lower than running: the running version stays ({@link Kind#DECREASE_IGNORED});
 *   <li>desired higher than running: applied when a change is allowed now ({@link Kind#APPLIED}),
 *       else the running version stays ({@link Kind#DEFERRED});
 *   <li>a version that is not a number on either side cannot be compared: the desired one applies.
 * </ul>
 *
 * @param desired the version the manifest asks for ({@link MajorVersion#desired})
 * @param running the version the pods are set to run now, null when unknown
 * @param applied the version the StatefulSet is given
 * @param kind what the rule decided
 */
public record MajorVersionChange(String desired, String running, String applied, Kind kind) {

  /** What the rule decided. */
  public enum Kind {
    /** Nothing to change: no running version known, or it is the desired one. */
    NONE,
    /** The running version changes to the desired one now. */
    APPLIED,
    /** A higher version waits for a maintenance window; the running one stays. */
    DEFERRED,
    /** A lower version is ignored; the running one stays. */
    DECREASE_IGNORED
  }

  /** The rule, for a desired and a running version and whether a change may be applied now. */
  public static MajorVersionChange decide(String desired, String running, boolean changeAllowed) {
    String want = desired == null ? "" : desired;
    if (running == null || running.isBlank() || running.equals(want)) {
      return new MajorVersionChange(want, running, want, Kind.NONE);
    }
    int wanted = MajorVersion.toInt(want);
    int runs = MajorVersion.toInt(running);
    if (wanted == 0 || runs == 0 || wanted == runs) {
      // Not comparable (or "16" against "16.0"): the manifest's text applies.
      return new MajorVersionChange(want, running, want, Kind.APPLIED);
    }
    if (wanted < runs) {
      return new MajorVersionChange(want, running, running, Kind.DECREASE_IGNORED);
    }
    return changeAllowed
        ? new MajorVersionChange(want, running, want, Kind.APPLIED)
        : new MajorVersionChange(want, running, running, Kind.DEFERRED);
  }

  /** The rule for a model: its desired version against what its {@code Observed} says. */
  public static MajorVersionChange of(ClusterModel model) {
    return decide(
        MajorVersion.desired(model),
        model.observed().runningMajorVersion(),
        model.observed().majorVersionChangeAllowed());
  }

  /**
   * Whether the answer depends on a maintenance window: a higher version than the running one is
   * desired (decided without asking whether a change is allowed).
   */
  public static boolean waitsForWindow(String desired, String running) {
    return decide(desired, running, false).kind() == Kind.DEFERRED;
  }

  public MajorVersionChange {
    Objects.requireNonNull(applied, "applied");
    Objects.requireNonNull(kind, "kind");
  }
}
