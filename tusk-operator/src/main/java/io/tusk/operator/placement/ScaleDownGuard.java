package io.tusk.operator.placement;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.day2.Action;
import io.tusk.day2.Intent;
import io.tusk.day2.placement.ScaleDown;
import io.tusk.operator.day2.PatroniObservation;
import io.tusk.operator.day2.StepExecutor;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before the StatefulSet is applied with fewer replicas than it has: when the pods that go
 * include the primary's, it switches over first ({@link ScaleDown}), and until the primary runs on
 * a pod that stays the StatefulSet keeps its current count. One Patroni call per reconcile; the
 * next reconcile (soon) decides again from a fresh observation, so once the switchover is done the
 * scale-down goes ahead. Patroni is asked only for an actual scale-down.
 */
public final class ScaleDownGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleDownGuard.class);

  static final Duration AFTER_SWITCHOVER = Duration.ofSeconds(1);
  static final Duration WHILE_WAITING = Duration.ofSeconds(3);
  static final Duration AFTER_FAILURE = Duration.ofSeconds(10);

  /**
   * What to apply now.
   *
   * @param replicas the replicas the StatefulSet is applied with in this reconcile
   * @param holding why the scale-down waits (for the status and the log); empty when it goes ahead
   * @param retryAfter when to come back to finish it
   */
  public record Verdict(int replicas, Optional<String> holding, Optional<Duration> retryAfter) {
    public static Verdict proceed(int replicas) {
      return new Verdict(replicas, Optional.empty(), Optional.empty());
    }

    static Verdict hold(int replicas, String why, Duration after) {
      return new Verdict(replicas, Optional.of(why), Optional.of(after));
    }

    public boolean held() {
      return holding.isPresent();
    }
  }

  private final PatroniObservation observation;
  private final StepExecutor steps;
  private final EventSink events;
  private final Map<ResourceID, String> reported = new ConcurrentHashMap<>();

  public ScaleDownGuard(KubernetesClient client, PatroniClient patroni, EventSink events) {
    this(client, patroni, events, StepExecutor.SwitchoverGuard.NONE);
  }

  /**
   * @param switchovers what each switchover runs inside (the pooler pause)
   */
  public ScaleDownGuard(
      KubernetesClient client,
      PatroniClient patroni,
      EventSink events,
      StepExecutor.SwitchoverGuard switchovers) {
    this.observation = new PatroniObservation(client, patroni);
    this.steps = new StepExecutor(client, patroni, events, switchovers);
    this.events = events;
  }

  /**
   * @param current the StatefulSet as observed
   * @param desired the replicas the manifest asks for
   * @param selector the labels of the cluster's pods
   */
  public Verdict check(
      Postgresql pg,
      OperatorConfig cfg,
      Optional<StatefulSet> current,
      int desired,
      Map<String, String> selector) {
    ResourceID id = ResourceID.fromResource(pg);
    Integer now = current.map(s -> s.getSpec().getReplicas()).orElse(null);
    if (now == null || desired >= now) {
      reported.remove(id);
      return Verdict.proceed(desired);
    }
    PatroniObservation.Observation seen =
        observation.observe(
            pg.getMetadata().getNamespace(), selector, cfg.get(Options.POD_ROLE_LABEL), now);
    Optional<Action> before = ScaleDown.before(Intent.of(pg.getSpec(), cfg), seen.facts(), desired);
    if (before.isEmpty()) {
      reported.remove(id);
      return Verdict.proceed(desired);
    }
    Action action = before.get();
    String held = "scale-down from " + now + " to " + desired + " held: ";
    if (action instanceof Action.Wait wait) {
      if (!wait.reason().equals(reported.put(id, wait.reason()))) {
        LOG.info("{}: {}", name(pg), action.describe());
        events.normal(pg, EventReason.Update, held + wait.reason());
      }
      return Verdict.hold(now, held + wait.reason(), WHILE_WAITING);
    }
    try {
      steps.perform(pg, action, seen, true);
      reported.remove(id);
      return Verdict.hold(
          now, held + "switched over first (" + action.describe() + ")", AFTER_SWITCHOVER);
    } catch (PatroniException | KubernetesClientException | IllegalStateException e) {
      String message = action.describe() + " failed: " + e.getMessage();
      LOG.warn("{}: {}", name(pg), message);
      events.warning(pg, EventReason.Switchover, message);
      return Verdict.hold(now, held + message, AFTER_FAILURE);
    }
  }

  public void forget(Postgresql pg) {
    reported.remove(ResourceID.fromResource(pg));
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
