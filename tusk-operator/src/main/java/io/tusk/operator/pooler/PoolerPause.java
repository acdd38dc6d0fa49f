package io.tusk.operator.pooler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.day2.Action;
import io.tusk.operator.database.PrimaryResolver;
import io.tusk.operator.day2.StepExecutor;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.pooler.AdminTarget;
import io.tusk.pooler.DrainResult;
import io.tusk.pooler.PgBouncerAdmin;
import io.tusk.pooler.PgBouncerAdminException;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.pooler.ConnectionPoolers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses a cluster's master poolers around a planned switchover, so that clients see a short wait
 * instead of errors (zalando/postgres-operator#1928, #2035):
 *
 * <ol>
 *   <li>marks the pooler Deployment ({@value #PAUSED_UNTIL}, {@value #PAUSED_BY});
 *   <li>sends {@code PAUSE} to every running pooler pod: open transactions finish, new queries
 *       wait, server connections close; at most a third of {@code connection_pooler_max_pause} is
 *       spent waiting for open transactions, then the switchover goes ahead;
 *   <li>switches over;
 *   <li>waits until a connection through the master Service is writable ({@link WritablePrimary});
 *   <li>sends {@code RESUME} to every pod and removes the marks.
 * </ol>
 *
 * <p>Bounded: whatever happens, every pod is resumed once {@code connection_pooler_max_pause} has
 * passed (a watchdog thread), and an operator that was stopped in between (even by SIGKILL) finds
 * the marks on its next reconcile of the cluster and resumes the pods at once ({@link
 * #resumeLeftOver}). A pause held by {@code tusk switchover} (another process) is left to it until
 * its deadline. Without a master pooler, or with {@code connection_pooler_max_pause} 0, the
 * switchover runs alone.
 */
public final class PoolerPause implements StepExecutor.SwitchoverGuard {
  private static final Logger LOG = LoggerFactory.getLogger(PoolerPause.class);

  /** Annotation on the pooler Deployment while it is paused: when the pause ends at the latest. */
  public static final String PAUSED_UNTIL = "tusk.io/pooler-paused-until";

  /** Annotation on the pooler Deployment while it is paused: who paused it. */
  public static final String PAUSED_BY = "tusk.io/pooler-paused-by";

  /** The prefix of {@link #PAUSED_BY} values written by an operator process. */
  public static final String OPERATOR_HOLDER = "operator ";

  /** How soon an unsuccessful resume of a left-over pause is tried again. */
  static final Duration RETRY = Duration.ofSeconds(5);

  /**
   * The shortest pause limit: a shorter {@code connection_pooler_max_pause} counts as this much (a
   * pause must leave time to reach the pods' consoles).
   */
  static final Duration MIN_LIMIT = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Supplier<OperatorConfig> config;
  private final EventSink events;
  private final Clock clock;
  private final WritablePrimary writable;
  private final String holder;
  private final Consumer<Duration> pausedFor;
  private final Map<ResourceID, Pause> active = new ConcurrentHashMap<>();

  /** Where the master Service led when a pause ended: the move {@link PoolerReconnect} expects. */
  private final Map<ResourceID, String> resumedOn = new ConcurrentHashMap<>();

  /** When this process first saw another process's pause marks, by cluster and deadline. */
  private final Map<String, Instant> marksSeenSince = new ConcurrentHashMap<>();

  private final ExecutorService threads;

  /**
   * @param holder who pauses, as {@link #PAUSED_BY} records it: {@link #OPERATOR_HOLDER} and an id
   *     of the process for the operator ({@link #operatorHolder()}), something else for a command
   */
  public PoolerPause(
      KubernetesClient client,
      Supplier<OperatorConfig> config,
      PrimaryResolver primaries,
      EventSink events,
      Clock clock,
      String holder) {
    this(client, config, primaries, events, clock, holder, d -> {});
  }

  /**
   * @param pausedFor told how long each pause lasted (the operator's metrics)
   */
  public PoolerPause(
      KubernetesClient client,
      Supplier<OperatorConfig> config,
      PrimaryResolver primaries,
      EventSink events,
      Clock clock,
      String holder,
      Consumer<Duration> pausedFor) {
    this.pausedFor = pausedFor;
    this.client = client;
    this.config = config;
    this.events = events;
    this.clock = clock;
    this.writable = new WritablePrimary(client, primaries, clock);
    this.holder = holder;
    AtomicInteger n = new AtomicInteger();
    // Threads only while pauses run: one per pooler pod and a watchdog; idle ones end.
    this.threads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "pooler-pause-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** A {@link #PAUSED_BY} value for this operator process. */
  public static String operatorHolder() {
    return OPERATOR_HOLDER + ProcessHandle.current().pid() + "@" + Instant.now().toEpochMilli();
  }

  /** Whether this process is pausing the cluster's poolers right now. */
  public boolean pausing(Postgresql pg) {
    return active.containsKey(ResourceID.fromResource(pg));
  }

  /**
   * Whether the master Service leading to {@code address} is the end of a switchover this process
   * paused the poolers for (then their server connections were all opened again after it); asked
   * once per move.
   */
  public boolean planned(Postgresql pg, String address) {
    return resumedOn.remove(ResourceID.fromResource(pg), address);
  }

  @Override
  public String around(HasMetadata on, Action.Switchover switchover, Supplier<String> perform) {
    if (!(on instanceof Postgresql pg)
        || pg.getSpec() == null
        || !ConnectionPoolers.enabled(pg.getSpec(), PostgresRole.MASTER)) {
      return perform.get();
    }
    OperatorConfig cfg = config.get();
    Duration limit = cfg.get(Options.CONNECTION_POOLER_MAX_PAUSE);
    if (limit == null || limit.isZero() || limit.isNegative()) {
      return perform.get();
    }
    if (limit.compareTo(MIN_LIMIT) < 0) {
      limit = MIN_LIMIT;
    }
    Optional<MasterPoolers.Found> found;
    try {
      found = MasterPoolers.find(client, pg, cfg);
    } catch (KubernetesClientException e) {
      LOG.warn("{}: switching over without pausing the pooler: {}", name(pg), e.getMessage());
      return perform.get();
    }
    if (found.isEmpty() || found.get().consoles().isEmpty()) {
      return perform.get();
    }
    Pause pause = start(pg, found.get(), limit);
    try {
      String answer = perform.get();
      Optional<String> server = writable.await(pg, cfg, found.get().login(), pause.deadline);
      server
          .filter(a -> !a.isEmpty())
          .ifPresent(a -> resumedOn.put(ResourceID.fromResource(pg), a));
      pause.resume(
          server.isPresent()
              ? "the master Service leads to the new primary"
                  + (server.get().isEmpty() ? "" : " (" + server.get() + ")")
              : "connection_pooler_max_pause ("
                  + limit
                  + ") ran out before a connection through"
                  + " the master Service was writable");
      return answer;
    } catch (RuntimeException e) {
      pause.resume("the switchover failed");
      throw e;
    }
  }

  private Pause start(Postgresql pg, MasterPoolers.Found found, Duration limit) {
    Instant deadline = clock.instant().plus(limit);
    Pause pause = new Pause(pg, found, deadline);
    active.put(ResourceID.fromResource(pg), pause);
    try {
      mark(found.deployment(), deadline);
    } catch (KubernetesClientException e) {
      // Unmarked, a pause would outlive an operator crash: do without it.
      active.remove(ResourceID.fromResource(pg), pause);
      LOG.warn(
          "{}: not pausing {}: the Deployment could not be marked: {}",
          name(pg),
          found.name(),
          e.getMessage());
      pause.resumed.set(true);
      pause.done.countDown();
      return pause;
    }
    threads.execute(
        () -> {
          try {
            long left = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            if (!pause.done.await(left, TimeUnit.MILLISECONDS)) {
              pause.resume("connection_pooler_max_pause (" + limit + ") ran out");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Duration drain = limit.dividedBy(3);
    List<CompletableFuture<String>> pauses = new ArrayList<>();
    for (AdminTarget console : found.consoles()) {
      pauses.add(
          CompletableFuture.supplyAsync(
              () -> {
                String result = pause(console, drain);
                if (pause.resumed.get()) {
                  // The pause ended (its limit ran out) while this PAUSE was on its way: lift it.
                  try {
                    resumeOne(console);
                  } catch (RuntimeException e) {
                    result += "; RESUME after a late PAUSE failed: " + e.getMessage();
                    lateFailure(pg, found, e);
                  }
                }
                return result;
              },
              threads));
    }
    List<String> results = pauses.stream().map(CompletableFuture::join).toList();
    String message =
        "paused pooler "
            + found.name()
            + " for the switchover (at most "
            + limit.toSeconds()
            + " s): "
            + String.join("; ", results);
    LOG.info("{}: {}", name(pg), message);
    events.normal(pg, EventReason.Pooler, message);
    return pause;
  }

  /**
   * A RESUME after a late PAUSE failed: the marks go back on the Deployment (ending now), so that
   * the next reconcile resumes the pods as a pause this process left.
   */
  private void lateFailure(Postgresql pg, MasterPoolers.Found found, RuntimeException e) {
    String message =
        "a PAUSE reached pooler "
            + found.name()
            + " after its pause had ended, and RESUME failed ("
            + e.getMessage()
            + "); trying again";
    LOG.warn("{}: {}", name(pg), message);
    events.warning(pg, EventReason.Pooler, message);
    try {
      mark(found.deployment(), clock.instant());
    } catch (KubernetesClientException k) {
      LOG.warn("{}: could not mark {} again: {}", name(pg), found.name(), k.getMessage());
    }
  }

  private static String pause(AdminTarget console, Duration drain) {
    try {
      return pauseOrThrow(console, drain);
    } catch (RuntimeException e) {
      return console.instance() + " not paused: " + e;
    }
  }

  private static String pauseOrThrow(AdminTarget console, Duration drain) {
    try {
      DrainResult r = new PgBouncerAdmin(console).pause(drain);
      return r.complete()
          ? console.instance() + " in " + r.elapsed().toMillis() + " ms"
          : console.instance()
              + " still waits for open transactions after "
              + drain.toSeconds()
              + " s (switching over anyway)";
    } catch (PgBouncerAdminException e) {
      return console.instance() + " not paused: " + e.getMessage();
    }
  }

  /**
   * Resumes the master poolers of a cluster that carry another process's pause marks: at once when
   * an earlier operator process left them (it was stopped while they were paused), at the marked
   * deadline when a command holds them. Called on every reconcile with the cached Deployments.
   *
   * @return when to look again, if a pause is still held elsewhere or a resume failed
   */
  public Optional<Duration> resumeLeftOver(
      Postgresql pg, OperatorConfig cfg, Map<String, Deployment> deployments) {
    Deployment d = deployments.get(MasterPoolers.name(pg, cfg));
    if (d == null || d.getMetadata().getAnnotations() == null) {
      return Optional.empty();
    }
    String until = d.getMetadata().getAnnotations().get(PAUSED_UNTIL);
    String by = d.getMetadata().getAnnotations().getOrDefault(PAUSED_BY, "");
    if (until == null || (holder.equals(by) && pausing(pg))) {
      return Optional.empty();
    }
    // The cache may not show yet that this process removed its marks a moment ago: ask the API
    // server before acting on them.
    try {
      d =
          client
              .apps()
              .deployments()
              .inNamespace(d.getMetadata().getNamespace())
              .withName(d.getMetadata().getName())
              .get();
    } catch (KubernetesClientException e) {
      return Optional.of(RETRY);
    }
    if (d == null || d.getMetadata().getAnnotations() == null) {
      return Optional.empty();
    }
    until = d.getMetadata().getAnnotations().get(PAUSED_UNTIL);
    by = d.getMetadata().getAnnotations().getOrDefault(PAUSED_BY, "");
    if (until == null) {
      String gone = ResourceID.fromResource(pg) + "|";
      marksSeenSince.keySet().removeIf(k -> k.startsWith(gone));
      return Optional.empty();
    }
    if (holder.equals(by) && pausing(pg)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    ResourceID id = ResourceID.fromResource(pg);
    // Another process's deadline, but never later than this operator's own limit from when it
    // first saw the marks (that process's clock may be ahead).
    Instant firstSeen = marksSeenSince.computeIfAbsent(id + "|" + until, k -> now);
    Instant ownLimit = firstSeen.plus(maxOf(cfg.get(Options.CONNECTION_POOLER_MAX_PAUSE)));
    Instant marked = parse(until).orElse(Instant.EPOCH);
    Instant deadline = marked.isBefore(ownLimit) ? marked : ownLimit;
    boolean leftByOperator = by.startsWith(OPERATOR_HOLDER) || holder.equals(by);
    if (!leftByOperator && now.isBefore(deadline)) {
      return Optional.of(Duration.between(now, deadline).plusMillis(100));
    }
    String why =
        leftByOperator
            ? "left paused by an earlier operator process (" + by + ")"
            : "the pause of " + by + " ended at " + until;
    try {
      Optional<MasterPoolers.Found> found = MasterPoolers.find(client, pg, cfg);
      List<String> resumed = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      if (found.isPresent()) {
        for (AdminTarget console : found.get().consoles()) {
          try {
            if (resumeOne(console)) {
              resumed.add(console.instance());
            }
          } catch (PgBouncerAdminException e) {
            failed.add(e.getMessage());
          }
        }
      }
      if (!failed.isEmpty()) {
        // The marks stay until every pod is resumed; the others are already.
        LOG.warn(
            "{}: could not resume every pod of pooler {} ({}): {}",
            name(pg),
            d.getMetadata().getName(),
            why,
            String.join("; ", failed));
        return Optional.of(RETRY);
      }
      unmark(d);
      marksSeenSince.keySet().removeIf(k -> k.startsWith(id + "|"));
      String message =
          "resumed pooler "
              + d.getMetadata().getName()
              + ", "
              + why
              + (resumed.isEmpty()
                  ? ": no pod was still paused"
                  : ": " + String.join(", ", resumed));
      LOG.info("{}: {}", name(pg), message);
      events.normal(pg, EventReason.Pooler, message);
      return Optional.empty();
    } catch (PgBouncerAdminException | KubernetesClientException e) {
      LOG.warn(
          "{}: could not resume pooler {} ({}): {}",
          name(pg),
          d.getMetadata().getName(),
          why,
          e.getMessage());
      return Optional.of(RETRY);
    }
  }

  /**
   * {@code RESUME} on one pod; false when it was not paused, including when nothing listens at its
   * address any more (no PgBouncer runs there, so none holds a pause).
   */
  private static boolean resumeOne(AdminTarget console) {
    try {
      return new PgBouncerAdmin(console).resume();
    } catch (PgBouncerAdminException e) {
      if (e.nothingListens()) {
        return false;
      }
      throw e;
    }
  }

  public void forget(Postgresql pg) {
    resumedOn.remove(ResourceID.fromResource(pg));
    String gone = ResourceID.fromResource(pg) + "|";
    marksSeenSince.keySet().removeIf(k -> k.startsWith(gone));
    Pause pause = active.get(ResourceID.fromResource(pg));
    if (pause != null) {
      pause.resume("the cluster is being deleted");
    }
  }

  private void mark(Deployment d, Instant deadline) {
    patchAnnotations(
        d,
        "{\"metadata\":{\"annotations\":{\""
            + PAUSED_UNTIL
            + "\":\""
            + deadline.truncatedTo(ChronoUnit.MILLIS)
            + "\",\""
            + PAUSED_BY
            + "\":\""
            + holder.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}}}");
  }

  private void unmark(Deployment d) {
    patchAnnotations(
        d,
        "{\"metadata\":{\"annotations\":{\""
            + PAUSED_UNTIL
            + "\":null,\""
            + PAUSED_BY
            + "\":null}}}");
  }

  private void patchAnnotations(Deployment d, String mergePatch) {
    client
        .apps()
        .deployments()
        .inNamespace(d.getMetadata().getNamespace())
        .withName(d.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private static Duration maxOf(Duration limit) {
    if (limit == null || limit.isZero() || limit.isNegative()) {
      return MIN_LIMIT;
    }
    return limit.compareTo(MIN_LIMIT) < 0 ? MIN_LIMIT : limit;
  }

  private static Optional<Instant> parse(String instant) {
    try {
      return Optional.of(Instant.parse(instant));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }

  /** One pause of one cluster's master poolers. */
  private final class Pause {
    final Postgresql pg;
    final MasterPoolers.Found found;
    final Instant deadline;
    final Instant started;
    final AtomicBoolean resumed = new AtomicBoolean();
    final CountDownLatch done = new CountDownLatch(1);

    Pause(Postgresql pg, MasterPoolers.Found found, Instant deadline) {
      this.pg = pg;
      this.found = found;
      this.deadline = deadline;
      this.started = clock.instant();
    }

    /** RESUME on every pod and the marks removed; once, by whichever comes first. */
    void resume(String why) {
      if (!resumed.compareAndSet(false, true)) {
        return;
      }
      done.countDown();
      try {
        lift(why);
      } catch (RuntimeException e) {
        LOG.warn("{}: resuming pooler {} failed: {}", name(pg), found.name(), e.toString());
      } finally {
        active.remove(ResourceID.fromResource(pg), this);
      }
    }

    private void lift(String why) {
      List<String> failed = new ArrayList<>();
      for (AdminTarget console : found.consoles()) {
        try {
          resumeOne(console);
        } catch (PgBouncerAdminException e) {
          failed.add(console.instance() + ": " + e.getMessage());
        }
      }
      boolean unmarked = true;
      if (failed.isEmpty()) {
        try {
          unmark(found.deployment());
        } catch (KubernetesClientException e) {
          unmarked = false;
          failed.add("the marks on " + found.name() + " stay: " + e.getMessage());
        }
      }
      Duration lasted = Duration.between(started, clock.instant());
      pausedFor.accept(lasted);
      long millis = lasted.toMillis();
      if (failed.isEmpty()) {
        String message =
            "resumed pooler "
                + found.name()
                + " after "
                + String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0)
                + " s: "
                + why;
        LOG.info("{}: {}", name(pg), message);
        events.normal(pg, EventReason.Pooler, message);
      } else {
        // The marks stay where a pod could not be resumed: the next reconcile tries again.
        String message =
            "could not resume pooler "
                + found.name()
                + " ("
                + why
                + "): "
                + String.join("; ", failed);
        LOG.warn("{}: {}", name(pg), message);
        events.warning(pg, EventReason.Pooler, message);
      }
      if (!unmarked) {
        LOG.debug("{}: marks left on {}", name(pg), found.name());
      }
    }
  }
}
