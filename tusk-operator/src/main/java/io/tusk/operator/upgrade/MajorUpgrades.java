package io.tusk.operator.upgrade;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.day2.upgrade.MajorUpgradeRule;
import io.tusk.day2.windows.MaintenanceWindows;
import io.tusk.operator.day2.Day2Runner;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.MemberStatus;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PatroniException;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.pod.ContainerResources;
import io.tusk.spec.spilo.MajorVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in-place major version upgrades (Zalando's {@code majorVersionUpgrade}, last in a sync): the
 * rule decides from Patroni's view of the cluster, the exec runs on a thread of its own so that the
 * reconcile threads go on serving other clusters, and the next reconcile after it ended writes the
 * result.
 *
 * <p>The pods get the label {@code critical-operation} (for the PodDisruptionBudget; Patroni drops
 * it when it restarts, so it is put back while the upgrade runs) and the annotation {@value
 * #STARTED_ANNOTATION}. An operator process that finds pods with that annotation without an upgrade
 * of its own running takes them for an upgrade an earlier process started: it waits while Patroni
 * is paused or a member is down, then writes success when the primary runs the desired major, else
 * failure. It never starts a second attempt for the same version.
 */
public final class MajorUpgrades {
  private static final Logger LOG = LoggerFactory.getLogger(MajorUpgrades.class);

  public static final String SUCCESS_ANNOTATION = "last-major-upgrade-success";
  public static final String FAILURE_ANNOTATION = "last-major-upgrade-failure";

  /** The major whose upgrade failed: a manifest asking for another one may try again. */
  public static final String FAILED_VERSION_ANNOTATION = "tusk.io/major-upgrade-failed-version";

  /** Why it failed: the last line of the upgrade's output (Tusk's own annotation). */
  public static final String FAILURE_REASON_ANNOTATION = "tusk.io/major-upgrade-failure-reason";

  public static final String CRITICAL_LABEL = "critical-operation";

  /** When this operator started the upgrade (on the pods, with the label). */
  public static final String STARTED_ANNOTATION = "tusk.io/major-upgrade-started";

  static final Duration POLL = Duration.ofSeconds(5);
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Duration LEFT_OVER_GRACE = Duration.ofMinutes(3);
  static final Duration EXEC_LIMIT = Duration.ofHours(6);

  private static final DateTimeFormatter ZALANDO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC);

  private final KubernetesClient client;
  private final PatroniClient patroni;
  private final EventSink events;
  private final Clock clock;
  private final ExecutorService execs =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "major-upgrade");
            t.setDaemon(true);
            return t;
          });

  private record Running(int from, int to, String pod, CompletableFuture<Result> result) {}

  /** The exec's exit code (-1: it could not run) and output. */
  record Result(int code, String output) {}

  private final Map<ResourceID, Running> running = new ConcurrentHashMap<>();
  private final Map<ResourceID, Integer> upToDate = new ConcurrentHashMap<>();
  private final Map<ResourceID, String> said = new ConcurrentHashMap<>();

  /**
   * The version whose failure this process wrote, until the manifest it reads shows the annotation
   * (the informer's copy may lag behind the write): no second attempt meanwhile.
   */
  private final Map<ResourceID, FailedHere> failedHere = new ConcurrentHashMap<>();

  /** A failure this process wrote, and when. */
  private record FailedHere(int version, Instant at) {}

  /** How long a failure this process wrote blocks a start before the manifest shows it. */
  static final Duration FAILED_HERE_LIMIT = Duration.ofMinutes(2);

  public MajorUpgrades(
      KubernetesClient client, PatroniClient patroni, EventSink events, Clock clock) {
    this.client = client;
    this.patroni = patroni;
    this.events = events;
    this.clock = clock;
  }

  /** Whether this process runs an upgrade of the cluster now. */
  public boolean running(Postgresql pg) {
    return running.containsKey(ResourceID.fromResource(pg));
  }

  public void forget(Postgresql pg) {
    ResourceID id = ResourceID.fromResource(pg);
    upToDate.remove(id);
    said.remove(id);
    running.remove(id);
    failedHere.remove(id);
  }

  /**
   * One step: finish an upgrade that ended, or decide whether one starts.
   *
   * @param selector the labels of the cluster's pods
   */
  public Day2Runner.Outcome run(Postgresql pg, OperatorConfig cfg, Map<String, String> selector) {
    ResourceID id = ResourceID.fromResource(pg);
    Running r = running.get(id);
    if (r != null) {
      if (!r.result().isDone()) {
        // Patroni drops the label whenever it restarts (a bootstrap label): put it back, so that
        // the PodDisruptionBudget keeps protecting every pod until the upgrade ends.
        relabel(pg, selector);
        return busy(
            "major version upgrade from "
                + r.from()
                + " to "
                + r.to()
                + " running on pod "
                + r.pod(),
            POLL);
      }
      Result result = r.result().join();
      if (result.code() < 0) {
        // The exec ended without the command's exit code (the connection dropped): the upgrade
        // may go on in the pod. The pods keep their marks; the next steps judge from Patroni.
        LOG.warn(
            "{}: the upgrade's exec ended without a result ({}); watching the cluster",
            name(pg),
            lastLine(result.output()));
        running.remove(id);
        return busy("a major version upgrade is under way", POLL);
      }
      if (!finish(pg, r, result, selector)) {
        // The result could not be written: the pods keep their marks, the next step tries again.
        return busy("writing the result of the major version upgrade", POLL);
      }
      running.remove(id);
      upToDate.remove(id);
      return busy("major version upgrade ended", Duration.ofSeconds(1));
    }
    String mode = cfg.get(Options.MAJOR_VERSION_UPGRADE_MODE);
    List<String> allow = cfg.get(Options.MAJOR_VERSION_UPGRADE_TEAM_ALLOW_LIST);
    String team = pg.getSpec() == null ? null : pg.getSpec().getTeamId();
    if ("off".equals(mode) && (allow == null || !allow.contains(team))) {
      return Day2Runner.Outcome.idle();
    }
    int desired = MajorVersion.toInt(MajorVersion.desired(ClusterModel.of(pg, cfg)));
    Map<String, String> annotations = annotations(pg);
    FailedHere wrote = failedHere.get(id);
    if (wrote != null
        && ((annotations.containsKey(FAILURE_ANNOTATION)
                && String.valueOf(wrote.version())
                    .equals(annotations.get(FAILED_VERSION_ANNOTATION)))
            || wrote.at().plus(FAILED_HERE_LIMIT).isBefore(clock.instant()))) {
      // The manifest shows the failure this process wrote (the annotation blocks from now on, and
      // a user who removes it asks for another attempt), or the informer had ample time to.
      failedHere.remove(id);
    }
    if (desired == 0
        || (Integer.valueOf(desired).equals(upToDate.get(id))
            && !annotations.containsKey(FAILURE_ANNOTATION))) {
      return Day2Runner.Outcome.idle();
    }
    String ns = pg.getMetadata().getNamespace();
    List<Pod> pods = client.pods().inNamespace(ns).withLabels(selector).list().getItems();
    String roleLabel = cfg.get(Options.POD_ROLE_LABEL);
    Optional<Pod> master =
        pods.stream()
            .filter(p -> "master".equals(labels(p).get(roleLabel)))
            .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
            .findFirst();
    PatroniCluster cluster = null;
    MemberStatus me = null;
    if (master.isPresent()) {
      try {
        var api = PatroniClient.apiRoot(master.get().getStatus().getPodIP());
        cluster = patroni.cluster(api);
        me = patroni.patroni(api);
      } catch (PatroniException e) {
        LOG.debug("{}: Patroni: {}", name(pg), e.getMessage());
      }
    }
    int current = me == null || !me.isPrimary() ? 0 : me.serverVersion() / 10000;
    // Patroni removes critical-operation when it restarts (it is its bootstrap label too): the
    // annotation says which pods an upgrade started on.
    List<Pod> marked = pods.stream().filter(p -> started(p).isPresent()).toList();
    if (!marked.isEmpty()) {
      return leftOver(pg, desired, current, cluster, marked, pods, selector);
    }
    if (me == null) {
      // No member answered (pods starting, or pods without Patroni): nothing to say now; the next
      // reconcile (a pod turning Ready, the resync) asks again.
      LOG.debug("{}: no Patroni answer; the major version is not known", name(pg));
      return Day2Runner.Outcome.idle();
    }
    MajorUpgradeRule.Decision decision =
        MajorUpgradeRule.decide(
            facts(
                pg,
                cfg,
                me != null && me.isPrimary() ? master.get().getMetadata().getName() : null,
                cluster,
                me,
                pods.size(),
                clock.instant()));
    if (decision instanceof MajorUpgradeRule.UpToDate done) {
      upToDate.put(id, desired);
      said.remove(id);
      if (done.removeFailure()) {
        LOG.info(
            "{}: removing the failure annotation: the cluster runs {} already", name(pg), current);
        removeAnnotations(
            pg, FAILURE_ANNOTATION, FAILED_VERSION_ANNOTATION, FAILURE_REASON_ANNOTATION);
      }
      return Day2Runner.Outcome.idle();
    }
    if (decision instanceof MajorUpgradeRule.Wait wait) {
      if (!wait.reason().equals(said.put(id, wait.reason()))) {
        LOG.info("{}: {}", name(pg), wait.reason());
        // An Event for what lasts (a failure, a window); a replica catching up is only logged.
        if (wait.blocked()) {
          events.warning(pg, EventReason.MajorVersionUpgrade, wait.reason());
        } else if (wait.reason().contains("maintenance window")) {
          events.normal(pg, EventReason.MajorVersionUpgrade, wait.reason());
        }
      }
      if (!wait.blocked() && !wait.reason().contains("maintenance window")) {
        // A replica catching up, a member starting: look again soon, the status stays as it is.
        return new Day2Runner.Outcome(Optional.empty(), Optional.of(WAIT));
      }
      String why = annotations.get(FAILURE_REASON_ANNOTATION);
      String note =
          "major version upgrade: "
              + wait.reason()
              + (wait.blocked() && why != null ? " (" + why + ")" : "");
      return new Day2Runner.Outcome(
          Optional.empty(),
          wait.blocked() ? Optional.empty() : Optional.of(WAIT),
          Optional.of(note));
    }
    if (decision instanceof MajorUpgradeRule.Start start) {
      said.remove(id);
      FailedHere failed = failedHere.get(id);
      if (failed != null && failed.version() == start.to()) {
        // This process wrote the failure; the manifest read here does not show it yet.
        LOG.info(
            "{}: the upgrade to {} failed moments ago; not starting it again",
            name(pg),
            start.to());
        return new Day2Runner.Outcome(Optional.empty(), Optional.of(POLL));
      }
      if (!start(pg, start, pods)) {
        return new Day2Runner.Outcome(Optional.empty(), Optional.of(WAIT));
      }
      return busy(
          "major version upgrade from "
              + start.from()
              + " to "
              + start.to()
              + " running on pod "
              + start.primary(),
          POLL);
    }
    return Day2Runner.Outcome.idle();
  }

  /**
   * What the rule reads, from the manifest, the configuration and Patroni (also for {@code tusk
   * plan}).
   *
   * @param primary the pod of the member that runs as the primary, or null
   * @param cluster Patroni's {@code GET /cluster}, or null when no member answered
   * @param me the primary's {@code GET /patroni}, or null
   */
  public static MajorUpgradeRule.Facts facts(
      Postgresql pg,
      OperatorConfig cfg,
      String primary,
      PatroniCluster cluster,
      MemberStatus me,
      int pods,
      Instant now) {
    List<MajorUpgradeRule.Member> members = new ArrayList<>();
    if (cluster != null) {
      for (ClusterMember m : cluster.members()) {
        members.add(
            new MajorUpgradeRule.Member(
                m.name(),
                m.role(),
                m.state(),
                m.lagBytes().isPresent() ? m.lagBytes().getAsLong() : null));
      }
    }
    Map<String, String> annotations = annotations(pg);
    return new MajorUpgradeRule.Facts(
        cfg.get(Options.MAJOR_VERSION_UPGRADE_MODE),
        cfg.get(Options.MAJOR_VERSION_UPGRADE_TEAM_ALLOW_LIST),
        pg.getSpec() == null ? null : pg.getSpec().getTeamId(),
        MajorVersion.toInt(MajorVersion.desired(ClusterModel.of(pg, cfg))),
        // A standby cluster's leader runs the major too: up to date means nothing to say.
        me == null || !(me.isPrimary() || "standby_leader".equals(me.role()))
            ? 0
            : me.serverVersion() / 10000,
        primary,
        members,
        pods,
        me == null ? null : me.patroniVersion(),
        annotations.get(FAILURE_ANNOTATION),
        annotations.get(FAILED_VERSION_ANNOTATION),
        MaintenanceWindows.of(pg.getSpec(), cfg).open(now),
        cluster != null && cluster.paused());
  }

  private void relabel(Postgresql pg, Map<String, String> selector) {
    String ns = pg.getMetadata().getNamespace();
    String patch = "{\"metadata\":{\"labels\":{\"" + CRITICAL_LABEL + "\":\"true\"}}}";
    List<Pod> pods;
    try {
      pods = client.pods().inNamespace(ns).withLabels(selector).list().getItems();
    } catch (KubernetesClientException e) {
      LOG.debug("{}: relabel: {}", name(pg), e.getMessage());
      return;
    }
    for (Pod p : pods) {
      if (started(p).isPresent() && !"true".equals(labels(p).get(CRITICAL_LABEL))) {
        try {
          client
              .pods()
              .inNamespace(ns)
              .withName(p.getMetadata().getName())
              .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), patch);
        } catch (KubernetesClientException e) {
          LOG.debug("{}: relabel {}: {}", name(pg), p.getMetadata().getName(), e.getMessage());
        }
      }
    }
  }

  private static Optional<Instant> started(Pod p) {
    Map<String, String> a = p.getMetadata().getAnnotations();
    return a == null ? Optional.empty() : parse(a.get(STARTED_ANNOTATION));
  }

  /** Whether the upgrade started: false when not every pod could be marked (none is then). */
  private boolean start(Postgresql pg, MajorUpgradeRule.Start start, List<Pod> pods) {
    String ns = pg.getMetadata().getNamespace();
    String started = ZALANDO_TIME.format(clock.instant());
    String patch =
        "{\"metadata\":{\"labels\":{\""
            + CRITICAL_LABEL
            + "\":\"true\"},\"annotations\":{\""
            + STARTED_ANNOTATION
            + "\":\""
            + started
            + "\"}}}";
    List<String> done = new ArrayList<>();
    try {
      for (Pod p : pods) {
        client
            .pods()
            .inNamespace(ns)
            .withName(p.getMetadata().getName())
            .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), patch);
        done.add(p.getMetadata().getName());
      }
    } catch (KubernetesClientException e) {
      LOG.warn("{}: could not mark the pods for the upgrade: {}", name(pg), e.getMessage());
      // Every pod: the one whose patch failed may have been marked all the same.
      unlabel(pg, pods.stream().map(p -> p.getMetadata().getName()).toList());
      return false;
    }
    String message =
        "starting major version upgrade on pod "
            + start.primary()
            + " of "
            + start.pods()
            + " pods (PostgreSQL "
            + start.from()
            + " to "
            + start.to()
            + ")";
    LOG.info("{}: {}", name(pg), message);
    events.normal(pg, EventReason.MajorVersionUpgrade, message);
    CompletableFuture<Result> result =
        CompletableFuture.supplyAsync(() -> exec(ns, start.primary(), start.pods()), execs);
    running.put(
        ResourceID.fromResource(pg),
        new Running(start.from(), start.to(), start.primary(), result));
    return true;
  }

  /**
   * After a failure: a pause the upgrade left behind goes (the rule never starts an upgrade on a
   * paused cluster, so a pause now is the upgrade's own). Best effort.
   */
  private void resumePatroni(Postgresql pg, String pod) {
    try {
      Pod p = client.pods().inNamespace(pg.getMetadata().getNamespace()).withName(pod).get();
      if (p == null || p.getStatus() == null || p.getStatus().getPodIP() == null) {
        return;
      }
      var api = PatroniClient.apiRoot(p.getStatus().getPodIP());
      if (patroni.cluster(api).paused()) {
        var patch = JSON.createObjectNode().put("pause", false);
        patroni.patchConfig(api, patch);
        LOG.warn("{}: Patroni was left paused by the failed upgrade; resumed it", name(pg));
        events.warning(
            pg,
            EventReason.MajorVersionUpgrade,
            "Patroni was left paused by the failed upgrade;" + " resumed it");
      }
    } catch (PatroniException | KubernetesClientException e) {
      LOG.warn("{}: could not check whether Patroni is paused: {}", name(pg), e.getMessage());
    }
  }

  /** Zalando's command, under {@code su postgres} when the container runs as root. */
  private Result exec(String ns, String pod, int pods) {
    String upgrade =
        "set -o pipefail && /usr/bin/python3 /scripts/inplace_upgrade.py "
            + pods
            + " 2>&1 | tee last_upgrade.log";
    try {
      Result id = execOnce(ns, pod, List.of("/bin/bash", "-c", "/usr/bin/id -u"));
      List<String> command =
          id.output().strip().equals("0")
              ? List.of("/bin/su", "postgres", "-c", upgrade)
              : List.of("/bin/bash", "-c", upgrade);
      return execOnce(ns, pod, command);
    } catch (RuntimeException e) {
      return new Result(-1, e.toString());
    }
  }

  private Result execOnce(String ns, String pod, List<String> command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ExecWatch w =
        client
            .pods()
            .inNamespace(ns)
            .withName(pod)
            .inContainer(ContainerResources.POSTGRES_CONTAINER)
            .writingOutput(out)
            .writingError(out)
            .exec(command.toArray(String[]::new))) {
      Integer code = w.exitCode().get(EXEC_LIMIT.toMinutes(), TimeUnit.MINUTES);
      return new Result(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    } catch (Exception e) {
      return new Result(-1, out.toString(StandardCharsets.UTF_8) + "\n" + e);
    }
  }

  /**
   * The result on the manifest first, then the marks off the pods (so that no later step can see
   * neither and start again); false when the manifest could not be written.
   */
  private boolean finish(Postgresql pg, Running r, Result result, Map<String, String> selector) {
    boolean success = result.code() == 0;
    String reason = success ? null : lastLine(result.output());
    if (!annotate(pg, success, r.to(), reason)) {
      return false;
    }
    if (!success) {
      failedHere.put(ResourceID.fromResource(pg), new FailedHere(r.to(), clock.instant()));
      resumePatroni(pg, r.pod());
    }
    unlabel(pg, selector);
    if (success) {
      String message = "upgrade from " + r.from() + " to " + r.to() + " finished";
      LOG.info("{}: {}", name(pg), message);
      events.normal(pg, EventReason.MajorVersionUpgrade, message);
    } else {
      String message = "upgrade from " + r.from() + " to " + r.to() + " FAILED: " + reason;
      LOG.warn("{}: {}", name(pg), message);
      events.warning(pg, EventReason.MajorVersionUpgrade, message);
    }
    return true;
  }

  private Day2Runner.Outcome leftOver(
      Postgresql pg,
      int desired,
      int current,
      PatroniCluster cluster,
      List<Pod> marked,
      List<Pod> pods,
      Map<String, String> selector) {
    Selector sel = new Selector(marked);
    if (current >= desired) {
      if (!annotations(pg).containsKey(SUCCESS_ANNOTATION) || sel.startedAfterSuccess(pg)) {
        if (!annotate(pg, true, desired, null)) {
          return busy("writing the result of the major version upgrade", POLL);
        }
      }
      unlabel(pg, sel.names());
      String message =
          "upgrade to " + desired + " finished (started by an earlier operator process)";
      LOG.info("{}: {}", name(pg), message);
      events.normal(pg, EventReason.MajorVersionUpgrade, message);
      return Day2Runner.Outcome.idle();
    }
    boolean settled =
        cluster != null
            && !cluster.paused()
            && cluster.members().size() == pods.size()
            && cluster.members().stream()
                .allMatch(m -> "running".equals(m.state()) || "streaming".equals(m.state()));
    Optional<Instant> started = sel.started();
    boolean recent =
        started.isEmpty() || started.get().plus(LEFT_OVER_GRACE).isAfter(clock.instant());
    // What the script said, as Zalando reads it: a run for this version that ended in an error.
    Optional<String> failed =
        settled
            ? cluster
                .leader()
                .flatMap(l -> lastRunError(pg.getMetadata().getNamespace(), l.name(), desired))
            : Optional.empty();
    if (failed.isEmpty() && (!settled || recent)) {
      relabel(pg, selector);
      return busy(
          "a major version upgrade started by an earlier operator process is under way", POLL);
    }
    String reason =
        failed.orElse(
            "an upgrade started by an earlier operator process did not finish"
                + " (see last_upgrade.log in the primary's pod)");
    if (!annotate(pg, false, desired, reason)) {
      return busy("writing the result of the major version upgrade", POLL);
    }
    failedHere.put(ResourceID.fromResource(pg), new FailedHere(desired, clock.instant()));
    if (cluster != null) {
      cluster.leader().ifPresent(l -> resumePatroni(pg, l.name()));
    }
    unlabel(pg, sel.names());
    String message = "upgrade to " + desired + " FAILED: " + reason;
    LOG.warn("{}: {}", name(pg), message);
    events.warning(pg, EventReason.MajorVersionUpgrade, message);
    return Day2Runner.Outcome.idle();
  }

  /**
   * The error that ended the last run of the upgrade script in {@code pod}, when its {@code
   * last_upgrade.log} is of a run to {@code desired} (its first line says so) and ends in one.
   */
  private Optional<String> lastRunError(String ns, String pod, int desired) {
    Result log = execOnce(ns, pod, List.of("/bin/bash", "-c", "cat last_upgrade.log"));
    if (log.code() != 0) {
      return Optional.empty();
    }
    return lastRunError(log.output(), desired);
  }

  /** {@link #lastRunError(String, String, int)} on the log's text. */
  static Optional<String> lastRunError(String log, int desired) {
    String[] lines = log.strip().split("\n");
    if (lines.length == 0
        || !lines[0].matches(".*upgrade from PostgreSQL \\d+ to " + desired + "\\b.*")) {
      return Optional.empty();
    }
    String last = lastLine(log);
    return last.startsWith("ERROR: ") || last.contains(" ERROR: ")
        ? Optional.of(last)
        : Optional.empty();
  }

  /** The pods an upgrade started on, and when. */
  private record Selector(List<Pod> pods) {
    List<String> names() {
      return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    Optional<Instant> started() {
      return pods.stream()
          .map(MajorUpgrades::started)
          .flatMap(Optional::stream)
          .min(Instant::compareTo);
    }

    boolean startedAfterSuccess(Postgresql pg) {
      Optional<Instant> success = parse(annotations(pg).get(SUCCESS_ANNOTATION));
      Optional<Instant> s = started();
      return s.isPresent() && success.isPresent() && !success.get().isAfter(s.get());
    }
  }

  private static Optional<Instant> parse(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(Instant.parse(s));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private void unlabel(Postgresql pg, Map<String, String> selector) {
    String ns = pg.getMetadata().getNamespace();
    List<String> names;
    try {
      names =
          client.pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
              .filter(p -> labels(p).containsKey(CRITICAL_LABEL) || started(p).isPresent())
              .map(p -> p.getMetadata().getName())
              .toList();
    } catch (KubernetesClientException e) {
      LOG.warn("{}: could not list the pods to unmark: {}", name(pg), e.getMessage());
      return;
    }
    unlabel(pg, names);
  }

  private void unlabel(Postgresql pg, List<String> names) {
    String ns = pg.getMetadata().getNamespace();
    String patch =
        "{\"metadata\":{\"labels\":{\""
            + CRITICAL_LABEL
            + "\":null},\"annotations\":{\""
            + STARTED_ANNOTATION
            + "\":null}}}";
    for (String n : names) {
      try {
        client
            .pods()
            .inNamespace(ns)
            .withName(n)
            .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), patch);
      } catch (KubernetesClientException e) {
        LOG.warn(
            "{}: could not remove the {} label of pod {}: {}",
            name(pg),
            CRITICAL_LABEL,
            n,
            e.getMessage());
      }
    }
  }

  /** Zalando's annotation with its time format, and Tusk's note of the failed version. */
  private boolean annotate(Postgresql pg, boolean success, int version, String reason) {
    String now = ZALANDO_TIME.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    var annotations = JSON.createObjectNode();
    if (success) {
      annotations.put(SUCCESS_ANNOTATION, now);
      annotations.putNull(FAILED_VERSION_ANNOTATION);
      annotations.putNull(FAILURE_REASON_ANNOTATION);
    } else {
      annotations.put(FAILURE_ANNOTATION, now);
      annotations.put(FAILED_VERSION_ANNOTATION, String.valueOf(version));
      annotations.put(
          FAILURE_REASON_ANNOTATION,
          reason.length() > 500 ? reason.substring(0, 500) + "..." : reason);
    }
    var patch = JSON.createObjectNode();
    patch.putObject("metadata").set("annotations", annotations);
    return patchManifest(pg, patch.toString());
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private void removeAnnotations(Postgresql pg, String... names) {
    StringBuilder patch = new StringBuilder("{\"metadata\":{\"annotations\":{");
    for (int i = 0; i < names.length; i++) {
      patch.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\":null");
    }
    patchManifest(pg, patch.append("}}}").toString());
  }

  /** Whether the patch was written. */
  private boolean patchManifest(Postgresql pg, String patch) {
    try {
      client
          .resources(Postgresql.class)
          .inNamespace(pg.getMetadata().getNamespace())
          .withName(pg.getMetadata().getName())
          .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), patch);
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn("{}: could not annotate the manifest: {}", name(pg), e.getMessage());
      return false;
    }
  }

  /** What Zalando shows of a failure: the last line the script wrote, without its time stamp. */
  static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
    last = last.replaceFirst("^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\s+", "");
    return last.isEmpty() ? "the upgrade command failed without output" : last;
  }

  private static Map<String, String> annotations(Postgresql pg) {
    Map<String, String> a = pg.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static Map<String, String> labels(Pod p) {
    Map<String, String> l = p.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  private static Day2Runner.Outcome busy(String what, Duration after) {
    return new Day2Runner.Outcome(Optional.of(what), Optional.of(after));
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
