package io.tusk.operator.placement;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.day2.Action;
import io.tusk.day2.Intent;
import io.tusk.day2.placement.NodeDrain;
import io.tusk.day2.placement.NodeDrain.LeavingNodes;
import io.tusk.day2.windows.MaintenanceWindows;
import io.tusk.operator.day2.Day2Runner;
import io.tusk.operator.day2.PatroniObservation;
import io.tusk.operator.day2.StepExecutor;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a cluster's primary off a leaving node ({@link NodeDrain}) during its reconcile: a
 * switchover to a replica on another node that stays, or, outside the cluster's maintenance
 * windows, one scheduled by Patroni for the start of the next window (Zalando's {@code
 * MigrateMasterPod}). While the primary stays on a leaving node the reconcile comes back every few
 * seconds; after {@code master_pod_move_timeout} without success a Warning says so (Zalando gives
 * up then; Tusk keeps trying while the node is leaving).
 *
 * <p>Costs nothing while no node is leaving (the node cache says so); otherwise one list of the
 * cluster's pods, and Patroni is asked only when one of them runs on a leaving node.
 */
public final class DrainMover {
  private static final Logger LOG = LoggerFactory.getLogger(DrainMover.class);

  static final Duration AFTER_SWITCHOVER = Duration.ofSeconds(1);
  static final Duration WHILE_WAITING = Duration.ofSeconds(5);
  static final Duration WHILE_SCHEDULED = Duration.ofMinutes(1);
  static final Duration AFTER_FAILURE = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final NodeWatch nodes;
  private final PatroniObservation observation;
  private final StepExecutor steps;
  private final EventSink events;
  private final Clock clock;
  private final Map<ResourceID, String> reported = new ConcurrentHashMap<>();
  private final Map<ResourceID, Instant> since = new ConcurrentHashMap<>();
  private final Set<ResourceID> warned = ConcurrentHashMap.newKeySet();

  public DrainMover(
      KubernetesClient client,
      PatroniClient patroni,
      EventSink events,
      NodeWatch nodes,
      Clock clock) {
    this(client, patroni, events, nodes, clock, StepExecutor.SwitchoverGuard.NONE);
  }

  /**
   * @param switchovers what each switchover runs inside (the pooler pause)
   */
  public DrainMover(
      KubernetesClient client,
      PatroniClient patroni,
      EventSink events,
      NodeWatch nodes,
      Clock clock,
      StepExecutor.SwitchoverGuard switchovers) {
    this.client = client;
    this.nodes = nodes;
    this.observation = new PatroniObservation(client, patroni);
    this.steps = new StepExecutor(client, patroni, events, switchovers);
    this.events = events;
    this.clock = clock;
  }

  /**
   * The step taken for a primary on a leaving node, or empty when the primary may stay where it is.
   *
   * @param instances the StatefulSet's replicas
   * @param selector the labels of the cluster's pods
   */
  public Optional<Day2Runner.Outcome> run(
      Postgresql pg, OperatorConfig cfg, int instances, Map<String, String> selector) {
    ResourceID id = ResourceID.fromResource(pg);
    LeavingNodes leaving = nodes.leaving(cfg);
    if (leaving.isEmpty() || !anyPodOn(pg, selector, leaving)) {
      return done(pg, id);
    }
    PatroniObservation.Observation seen =
        observation.observe(
            pg.getMetadata().getNamespace(), selector, cfg.get(Options.POD_ROLE_LABEL), instances);
    Instant now = clock.instant();
    MaintenanceWindows windows = MaintenanceWindows.of(pg.getSpec(), cfg);
    Optional<Instant> windowStart = windows.open(now) ? Optional.empty() : windows.nextStart(now);
    Optional<Action> next =
        NodeDrain.offLeavingNode(Intent.of(pg.getSpec(), cfg), seen.facts(), leaving, windowStart);
    if (next.isEmpty()) {
      return done(pg, id);
    }
    Action action = next.get();
    Instant first = since.computeIfAbsent(id, k -> now);
    Duration timeout = cfg.get(Options.MASTER_POD_MOVE_TIMEOUT);
    if (action instanceof Action.Wait wait) {
      String what = "moving the primary off its node waits: " + wait.reason();
      String before = reported.put(id, what);
      if (!what.equals(before)) {
        LOG.info("{}: {}", name(pg), what);
        events.normal(pg, EventReason.Switchover, what);
      }
      boolean scheduled =
          seen.facts().patroni().map(c -> c.scheduledSwitchoverAt() != null).orElse(false);
      if (!scheduled
          && timeout != null
          && Duration.between(first, now).compareTo(timeout) > 0
          && warned.add(id)) {
        events.warning(
            pg,
            EventReason.Switchover,
            "the primary is still on a leaving node after " + timeout + ": " + wait.reason());
      }
      return Optional.of(busy(what, scheduled ? WHILE_SCHEDULED : WHILE_WAITING));
    }
    try {
      String done = steps.perform(pg, action, seen, true);
      reported.remove(id);
      if (action instanceof Action.ScheduledSwitchover) {
        LOG.info("{}: {}", name(pg), done);
        return Optional.of(busy(done, WHILE_SCHEDULED));
      }
      LOG.info("{}: {}", name(pg), action.describe());
      return Optional.of(busy(action.describe(), AFTER_SWITCHOVER));
    } catch (PatroniException | KubernetesClientException | IllegalStateException e) {
      String message = action.describe() + " failed: " + e.getMessage();
      LOG.warn("{}: {}", name(pg), message);
      events.warning(pg, EventReason.Switchover, message);
      return Optional.of(busy(message, AFTER_FAILURE));
    }
  }

  public void forget(Postgresql pg) {
    ResourceID id = ResourceID.fromResource(pg);
    reported.remove(id);
    since.remove(id);
    warned.remove(id);
  }

  private Optional<Day2Runner.Outcome> done(Postgresql pg, ResourceID id) {
    since.remove(id);
    warned.remove(id);
    if (reported.remove(id) != null) {
      LOG.info("{}: the primary runs on a node that stays", name(pg));
    }
    return Optional.empty();
  }

  private boolean anyPodOn(Postgresql pg, Map<String, String> selector, LeavingNodes leaving) {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(pg.getMetadata().getNamespace())
            .withLabels(selector)
            .list()
            .getItems();
    return pods.stream()
        .anyMatch(p -> p.getSpec() != null && leaving.contains(p.getSpec().getNodeName()));
  }

  private static Day2Runner.Outcome busy(String what, Duration after) {
    return new Day2Runner.Outcome(Optional.of(what), Optional.of(after));
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
