package io.tusk.operator.day2;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.day2.Action;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.patroni.PatroniClient;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Carries out one {@link Action} on a cluster: a Patroni call on the right member or a pod
 * deletion, each with Events on {@code on} (the {@code postgresql} resource). Shared by the
 * operator and the CLI, so both do a step the same way. Failures are thrown ({@link
 * io.tusk.patroni.PatroniException}, {@link
 * io.fabric8.kubernetes.client.KubernetesClientException}).
 */
public final class StepExecutor {

  static final Duration RESTART_TIMEOUT = Duration.ofMinutes(2);

  /**
   * What a planned switchover runs inside: the pause of the cluster's connection poolers ({@code
   * io.tusk.operator.pooler.PoolerPause}), or nothing.
   */
  @FunctionalInterface
  public interface SwitchoverGuard {
    /** No guard: the switchover alone. */
    SwitchoverGuard NONE = (on, switchover, perform) -> perform.get();

    /**
     * Runs {@code perform} (the switchover; it returns Patroni's answer) and whatever belongs
     * around it; returns what {@code perform} returned and throws what it threw.
     */
    String around(HasMetadata on, Action.Switchover switchover, Supplier<String> perform);
  }

  private final KubernetesClient client;
  private final PatroniClient patroni;
  private final EventSink events;
  private final SwitchoverGuard guard;

  public StepExecutor(KubernetesClient client, PatroniClient patroni, EventSink events) {
    this(client, patroni, events, SwitchoverGuard.NONE);
  }

  public StepExecutor(
      KubernetesClient client, PatroniClient patroni, EventSink events, SwitchoverGuard guard) {
    this.client = client;
    this.patroni = patroni;
    this.events = events;
    this.guard = guard;
  }

  /**
   * Performs the step; returns what Patroni answered for a switchover, else a short description.
   *
   * @param onlyIfPending for a restart: restart only if Patroni still reports it pending
   */
  public String perform(
      HasMetadata on, Action action, PatroniObservation.Observation seen, boolean onlyIfPending) {
    String leader = seen.facts().patroni().flatMap(c -> c.leader()).orElseThrow().name();
    String step = action.describe();
    if (action instanceof Action.PatchConfig patch) {
      patroni.patchConfig(api(seen, leader), patch.patch());
      String done = "patched Patroni configuration: " + String.join(", ", patch.keys());
      events.normal(on, EventReason.Update, done);
      return done;
    }
    if (action instanceof Action.Restart restart) {
      events.normal(on, EventReason.Update, step);
      patroni.restart(api(seen, restart.member()), onlyIfPending, RESTART_TIMEOUT);
      String done = "restarted PostgreSQL in pod " + restart.member();
      events.normal(on, EventReason.Update, done);
      return done;
    }
    if (action instanceof Action.Switchover switchover) {
      URI api = api(seen, leader);
      return guard.around(
          on,
          switchover,
          () -> {
            events.normal(on, EventReason.Switchover, step);
            String answer = patroni.switchover(api, switchover.from(), switchover.to());
            events.normal(on, EventReason.Switchover, "Patroni: " + answer);
            return answer;
          });
    }
    if (action instanceof Action.ScheduledSwitchover scheduled) {
      patroni.scheduleSwitchover(
          api(seen, leader), scheduled.from(), scheduled.to(), scheduled.at());
      String done =
          "scheduled a switchover from "
              + scheduled.from()
              + " to "
              + scheduled.to()
              + " at "
              + scheduled.at()
              + ": "
              + scheduled.reason();
      events.normal(on, EventReason.Switchover, done);
      return done;
    }
    if (action instanceof Action.RecreatePod recreate) {
      events.normal(on, EventReason.RollingUpdate, step);
      client.pods().inNamespace(on.getMetadata().getNamespace()).withName(recreate.pod()).delete();
      return "deleted pod " + recreate.pod() + "; its StatefulSet creates it again";
    }
    throw new IllegalArgumentException("not a step to perform: " + step);
  }

  private static URI api(PatroniObservation.Observation seen, String member) {
    return seen.api(member)
        .orElseThrow(() -> new IllegalStateException("pod " + member + " has no IP"));
  }
}
