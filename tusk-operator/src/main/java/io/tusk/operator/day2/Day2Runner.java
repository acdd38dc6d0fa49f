package io.tusk.operator.day2;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.day2.Action;
import io.tusk.day2.Day2Planner;
import io.tusk.day2.Intent;
import io.tusk.operator.observe.ClusterWorld;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniException;
import io.tusk.spec.spilo.CloneAndStandbyEnv;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs the next day-2 step of a running cluster (see {@link Day2Planner}): one Patroni call or
 * one pod deletion per reconcile, then a short reschedule while work remains, so every step is
 * decided again from a fresh observation and an operator restart resumes where the pods and Patroni
 * say the work stands.
 *
 * <p>Patroni is asked only when something may be due: after the objects changed (pods may have been
 * flagged), when the declared dynamic configuration differs from the one last found applied, while
 * work is under way, and once per cluster after the operator starts. A new cluster's configuration
 * counts as applied: Spilo seeds Patroni with it.
 */
public final class Day2Runner {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static final Logger LOG = LoggerFactory.getLogger(Day2Runner.class);

  static final Duration AFTER_STEP = Duration.ofSeconds(1);
  static final Duration WHILE_WAITING = Duration.ofSeconds(3);
  static final Duration WHILE_UNREACHABLE = Duration.ofSeconds(30);
  static final Duration AFTER_FAILURE = Duration.ofSeconds(10);

  /**
   * What the step did.
   *
   * @param inProgress what the cluster's day-2 work is doing or waits for; empty when done
   * @param retryAfter when to come back
   * @param note what a {@code Running} cluster's status message says although no work is under way
   *     (a major version upgrade that failed or waits for a window)
   */
  public record Outcome(
      Optional<String> inProgress, Optional<Duration> retryAfter, Optional<String> note) {
    public Outcome(Optional<String> inProgress, Optional<Duration> retryAfter) {
      this(inProgress, retryAfter, Optional.empty());
    }

    public static Outcome idle() {
      return new Outcome(Optional.empty(), Optional.empty());
    }

    static Outcome busy(String what, Duration after) {
      return new Outcome(Optional.of(what), Optional.of(after));
    }
  }

  private final PatroniObservation observation;
  private final StepExecutor steps;
  private final EventSink events;
  private final Map<ResourceID, String> verified = new ConcurrentHashMap<>();
  private final Map<ResourceID, String> active = new ConcurrentHashMap<>();

  /**
   * Clusters whose pods may have been flagged since the runner last looked at them: their objects
   * changed (the StatefulSet's template, a password read from a Secret) and no observation followed
   * yet, because the reconcile failed after the change, met a failing database step, or went
   * another way (an upgrade, a drain). Kept until an observation succeeds.
   */
  private final Set<ResourceID> changedSinceLook = ConcurrentHashMap.newKeySet();

  private final BusyMembers busyMembers = new BusyMembers(System::nanoTime);

  /**
   * After a configuration patch or a restart, no new decision before this time (System.nanoTime):
   * Patroni reports the effect (pending restarts, a member back) only at its next loop, as Zalando
   * waits {@code loop_wait} + 2 s. Other reconciles in between (status writes, pod events) must not
   * conclude from a stale report that the work is done.
   */
  private final Map<ResourceID, Long> settleUntil = new ConcurrentHashMap<>();

  public Day2Runner(KubernetesClient client, PatroniClient patroni, EventSink events) {
    this(client, patroni, events, StepExecutor.SwitchoverGuard.NONE);
  }

  /**
   * @param switchovers what each switchover runs inside (the pooler pause)
   */
  public Day2Runner(
      KubernetesClient client,
      PatroniClient patroni,
      EventSink events,
      StepExecutor.SwitchoverGuard switchovers) {
    this.observation = new PatroniObservation(client, patroni);
    this.steps = new StepExecutor(client, patroni, events, switchovers);
    this.events = events;
  }

  /**
   * A new cluster: Spilo seeds Patroni with the declared configuration, except the {@code
   * wal_level: logical} of event streams, which the next reconcile patches in (with the restarts).
   */
  public void created(Postgresql pg, OperatorConfig cfg) {
    verified.put(ResourceID.fromResource(pg), key(Intent.seeded(pg.getSpec(), cfg)));
  }

  /** The cluster's objects changed: pods may be flagged; the next run looks at them. */
  public void changed(Postgresql pg) {
    changedSinceLook.add(ResourceID.fromResource(pg));
  }

  public void forget(Postgresql pg) {
    changedSinceLook.remove(ResourceID.fromResource(pg));
    busyMembers.over(ResourceID.fromResource(pg));
    settleUntil.remove(ResourceID.fromResource(pg));
    verified.remove(ResourceID.fromResource(pg));
    active.remove(ResourceID.fromResource(pg));
  }

  /**
   * The next step of the cluster's day-2 work. Patroni is asked only when something may be due: the
   * objects changed since the last look ({@link #changed}), the declared configuration differs from
   * the one last found applied, or work is under way.
   *
   * @param selector the labels of the cluster's pods
   */
  public Outcome run(
      Postgresql pg,
      OperatorConfig cfg,
      Optional<StatefulSet> statefulSet,
      Map<String, String> selector) {
    if (statefulSet.isEmpty()) {
      return Outcome.idle();
    }
    ResourceID id = ResourceID.fromResource(pg);
    Long until = settleUntil.get(id);
    if (until != null) {
      long left = until - System.nanoTime();
      if (left > 0) {
        return Outcome.busy(
            active.getOrDefault(id, "waiting for Patroni to report"), Duration.ofNanos(left));
      }
      settleUntil.remove(id, until);
    }
    Intent intent = Intent.of(pg.getSpec(), cfg);
    String key = key(intent);
    boolean changed = changedSinceLook.contains(id);
    if (!changed && !active.containsKey(id) && key.equals(verified.get(id))) {
      return Outcome.idle();
    }
    Integer replicas = statefulSet.get().getSpec().getReplicas();
    PatroniObservation.Observation seen =
        observation.observe(
            pg.getMetadata().getNamespace(),
            selector,
            cfg.get(Options.POD_ROLE_LABEL),
            replicas == null ? 1 : replicas);
    if (changed) {
      // Looked: flagged pods are among the facts now, and stay there until recreated.
      changedSinceLook.remove(id);
    }
    Optional<Action> next = Day2Planner.next(intent, seen.facts());
    boolean unreachable = seen.facts().patroni().isEmpty();
    boolean declaredChange = verified.containsKey(id) && !key.equals(verified.get(id));
    if (unreachable && !seen.facts().anyFlagged() && !declaredChange) {
      // Nothing known to do and Patroni does not answer (pods down, or simulated pods): count the
      // declared configuration as applied; the next change of the objects or of the declared
      // configuration asks again. A declared change while no member answers waits (the planner
      // says why) until one does.
      LOG.debug("{}: no Patroni member answered; nothing waits on the pods", name(pg));
      busyMembers.over(id);
      verified.put(id, key);
      return Outcome.idle();
    }
    if (next.isEmpty()) {
      busyMembers.over(id);
      verified.put(id, key);
      if (active.remove(id) != null) {
        events.normal(pg, EventReason.Update, "day-2 work done: cluster is as declared");
        LOG.info("{}: day-2 work done", name(pg));
      }
      return Outcome.idle();
    }
    // The last verified key stays: until the work is done, the declared one differs from it.
    return perform(pg, intent, next.get(), seen);
  }

  /**
   * A cluster whose manifest lost its standby section is promoted, whatever else waits: until then
   * its primary is read-only, so neither the database step nor the creation can finish before it
   * (Zalando promotes in its Update, before the roles). Whether Patroni still follows a source is
   * read from its configuration object in the cache ({@code <cluster>-config}); only then is
   * Patroni asked.
   */
  public Outcome promoteFormerStandby(
      Postgresql pg, OperatorConfig cfg, ClusterWorld world, Map<String, String> selector) {
    if (world.statefulSet().isEmpty()
        || CloneAndStandbyEnv.isStandbyCluster(pg.getSpec())
        || !followsASource(pg, world)) {
      return Outcome.idle();
    }
    Integer replicas = world.statefulSet().get().getSpec().getReplicas();
    PatroniObservation.Observation seen =
        observation.observe(
            pg.getMetadata().getNamespace(),
            selector,
            cfg.get(Options.POD_ROLE_LABEL),
            replicas == null ? 1 : replicas);
    Intent intent = Intent.of(pg.getSpec(), cfg);
    // The promotion, or what it waits for (e.g. no member answers yet): looked at again soon.
    return Day2Planner.next(intent, seen.facts())
        .filter(a -> a instanceof Action.PatchConfig || a instanceof Action.Wait)
        .map(a -> perform(pg, intent, a, seen))
        .orElse(Outcome.idle());
  }

  /** Whether Patroni's dynamic configuration in the cache still has a {@code standby_cluster}. */
  static boolean followsASource(Postgresql pg, ClusterWorld world) {
    String name = pg.getMetadata().getName() + "-config";
    Optional<String> config =
        world
            .configMap(name)
            .map(c -> c.getMetadata().getAnnotations())
            .or(() -> world.endpoint(name).map(e -> e.getMetadata().getAnnotations()))
            .map(a -> a == null ? null : a.get("config"));
    if (config.isEmpty()) {
      return false;
    }
    try {
      return JSON.readTree(config.get()).path("standby_cluster").isObject();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private Outcome perform(
      Postgresql pg, Intent intent, Action action, PatroniObservation.Observation seen) {
    ResourceID id = ResourceID.fromResource(pg);
    String step = action.describe();
    String previous = active.put(id, step);
    if (action instanceof Action.Wait) {
      busyMembers.over(id);
      if (!step.equals(previous)) {
        LOG.info("{}: {}", name(pg), step);
      }
      // Pods flagged while no member answers: look again less often.
      boolean unreachable = seen.facts().patroni().isEmpty();
      return Outcome.busy(step, unreachable ? WHILE_UNREACHABLE : WHILE_WAITING);
    }
    LOG.info("{}: {}", name(pg), step);
    try {
      steps.perform(pg, action, seen, true);
      busyMembers.over(id);
      if (action instanceof Action.PatchConfig || action instanceof Action.Restart) {
        Duration settle = loopWait(intent, seen).plusSeconds(2);
        settleUntil.put(id, System.nanoTime() + settle.toNanos());
        return Outcome.busy(step, settle);
      }
      return Outcome.busy(step, AFTER_STEP);
    } catch (PatroniException e) {
      if (e.busy()) {
        // E.g. the old primary right after a switchover, while Patroni demotes it: its demotion
        // restarts it anyway; nothing failed, look again shortly.
        String message = step + ": the member is busy (" + e.getMessage() + ")";
        LOG.info("{}: {}", name(pg), message);
        busyMembers
            .busy(id)
            .ifPresent(
                waited -> {
                  String warning =
                      message + ", for " + waited.toMinutes() + " minutes now; still trying";
                  LOG.warn("{}: {}", name(pg), warning);
                  events.warning(pg, EventReason.Update, warning);
                });
        return Outcome.busy(message, WHILE_WAITING);
      }
      busyMembers.over(id);
      return failed(pg, step, e);
    } catch (KubernetesClientException | IllegalStateException e) {
      busyMembers.over(id);
      return failed(pg, step, e);
    }
  }

  private Outcome failed(Postgresql pg, String step, RuntimeException e) {
    String message = step + " failed: " + e.getMessage();
    LOG.warn("{}: {}", name(pg), message);
    events.warning(pg, EventReason.Update, message);
    return Outcome.busy(message, AFTER_FAILURE);
  }

  private static Duration loopWait(Intent intent, PatroniObservation.Observation seen) {
    int seconds =
        seen.facts()
            .dynamicConfig()
            .map(c -> c.path("loop_wait").asInt(10))
            .orElse(intent.dcs().path("loop_wait").asInt(10));
    return Duration.ofSeconds(seconds);
  }

  private static String key(Intent intent) {
    return intent.dcs().toString()
        + "|"
        + intent.synchronousMode()
        + "|"
        + intent.maxLagBytes()
        + "|"
        + intent.standbyCluster();
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
