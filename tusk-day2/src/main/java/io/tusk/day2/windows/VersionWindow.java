package io.tusk.day2.windows;

import io.tusk.spec.ClusterModel;
import io.tusk.spec.Observed;
import io.tusk.spec.spilo.MajorVersion;
import io.tusk.spec.spilo.MajorVersionChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a running cluster's {@code postgresql.version} change may be applied now, and what to say
 * while it may not: the operator's reconcile and {@code tusk plan} both decide here, then hand the
 * answer to the pure builders through {@link Observed#majorVersionChangeAllowed()}, where {@link
 * MajorVersionChange} picks the version the StatefulSet is given.
 *
 * <p>A change is allowed when no higher version than the running one is desired (nothing waits,
 * which keeps the builders' inputs unchanged for an idle cluster), or when one of the cluster's
 * {@link MaintenanceWindows} is open.
 *
 * @param change the rule's answer for the desired and running versions at this instant
 * @param windowStart when the next maintenance window opens, while the change waits for it
 */
public record VersionWindow(MajorVersionChange change, Optional<Instant> windowStart) {

  /** The longest a reconcile waits before it looks at a waiting change again. */
  public static final Duration MAX_WAIT = Duration.ofHours(1);

  /** One second past the window's start, which is then inside it. */
  private static final Duration PAST_START = Duration.ofSeconds(1);

  /**
   * Decides for a model whose {@link Observed} holds the running version, under the windows that
   * apply to it ({@link MaintenanceWindows#of(io.tusk.api.acid.v1.PostgresSpec,
   * io.tusk.config.OperatorConfig)}).
   */
  public static VersionWindow decide(ClusterModel model, Instant now) {
    return decide(model, MaintenanceWindows.of(model.spec(), model.config()), now);
  }

  public static VersionWindow decide(ClusterModel model, MaintenanceWindows windows, Instant now) {
    String desired = MajorVersion.desired(model);
    String running = model.observed().runningMajorVersion();
    boolean allowed = !MajorVersionChange.waitsForWindow(desired, running) || windows.open(now);
    MajorVersionChange change = MajorVersionChange.decide(desired, running, allowed);
    Optional<Instant> start =
        change.kind() == MajorVersionChange.Kind.DEFERRED
            ? windows.nextStart(now)
            : Optional.empty();
    return new VersionWindow(change, start);
  }

  /** Whether the builders may apply a version change now. */
  public boolean changeAllowed() {
    return change.kind() != MajorVersionChange.Kind.DEFERRED;
  }

  /** {@code observed} with this decision, for the builders. */
  public Observed observed(Observed observed) {
    return observed.toBuilder().majorVersionChangeAllowed(changeAllowed()).build();
  }

  public boolean deferred() {
    return change.kind() == MajorVersionChange.Kind.DEFERRED;
  }

  public boolean decreaseIgnored() {
    return change.kind() == MajorVersionChange.Kind.DECREASE_IGNORED;
  }

  /**
   * What waits or is ignored, for the status and an Event; empty when the version the manifest asks
   * for is the one applied.
   */
  public Optional<String> note() {
    if (deferred()) {
      return Optional.of(
          "postgresql.version "
              + change.desired()
              + " waits for the maintenance window"
              + windowStart.map(t -> " at " + t).orElse("")
              + " (runs "
              + change.running()
              + ")");
    }
    if (decreaseIgnored()) {
      return Optional.of(
          "spec.postgresql.version "
              + change.desired()
              + " is lower than the version the cluster runs ("
              + change.running()
              + "): a version decrease is ignored, the pods keep "
              + change.running());
    }
    return Optional.empty();
  }

  /**
   * When to look again so that a waiting change is applied as its window opens: just past the
   * window's start, at most {@link #MAX_WAIT} from now; empty when nothing waits.
   */
  public Optional<Duration> wakeAfter(Instant now) {
    if (!deferred()) {
      return Optional.empty();
    }
    Duration wait =
        windowStart.map(t -> Duration.between(now, t).plus(PAST_START)).orElse(MAX_WAIT);
    if (wait.isNegative() || wait.isZero()) {
      wait = PAST_START;
    }
    return Optional.of(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
  }
}
