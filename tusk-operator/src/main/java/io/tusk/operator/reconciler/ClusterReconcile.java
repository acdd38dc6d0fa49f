package io.tusk.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.UnknownFields;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.day2.windows.VersionWindow;
import io.tusk.operator.database.DatabaseSync;
import io.tusk.operator.day2.Day2Runner;
import io.tusk.operator.observe.ClusterWorld;
import io.tusk.operator.observe.LeaderWatch;
import io.tusk.operator.placement.ScaleDownGuard;
import io.tusk.operator.status.ClusterStatusRule;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.operator.status.Phase;
import io.tusk.operator.status.StatusSink;
import io.tusk.operator.sync.ObjectSync;
import io.tusk.operator.sync.VerifiedStates;
import io.tusk.operator.volumes.VolumeSync;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.DesiredState;
import io.tusk.spec.InvalidSpecException;
import io.tusk.spec.validate.ManifestValidator;
import io.tusk.spec.validate.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one cluster, top to bottom: observe → validate → build → apply → database →
 * status. One pass covers what Zalando splits into Create ({@code cluster.go#Create}), Update and
 * Sync ({@code sync.go#Sync}); the {@link Phase} only decides the status words and Event reasons.
 *
 * <ol>
 *   <li><b>observe</b>: every read of the cluster's world, once ({@link Steps#observe}); then, with
 *       the clock, whether a {@code postgresql.version} change may be applied now ({@link
 *       VersionWindow}: outside the maintenance windows the running version stays, and the cluster
 *       is looked at again as the next window opens);
 *   <li><b>validate</b> and <b>build</b>: the manifest against the configuration, then the desired
 *       objects (pure, tusk-spec), skipped when the inputs' {@link VerifiedStates fingerprint} is
 *       the one last found exactly as desired;
 *   <li><b>apply</b>: what differs, kind by kind ({@link ObjectSync});
 *   <li><b>volumes</b>: data claims grown to {@code volume.size} ({@link VolumeSync});
 *   <li><b>database</b>: roles and databases inside PostgreSQL ({@link DatabaseSync});
 *   <li><b>status</b>: the pure {@link ClusterStatusRule}, written only when it changes.
 * </ol>
 *
 * <p>Every collaborator is passed in ({@link Steps}), so the path is unit-tested with fakes; the
 * JOSDK adapter {@link PostgresqlReconciler} wires the real ones.
 */
public final class ClusterReconcile {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterReconcile.class);

  /** Zalando's finalizer, used when {@code enable_finalizers} is on. */
  public static final String FINALIZER = "postgres-operator.acid.zalan.do";

  /** Reads the cluster's world. */
  public interface Observe {
    ClusterWorld observe(Postgresql pg, OperatorConfig config);
  }

  /** Applies the desired objects. */
  public interface ApplyObjects {
    ObjectSync.Applied apply(DesiredState desired, ClusterWorld world, OperatorConfig config);
  }

  /** The database step. */
  public interface SyncDatabase {
    DatabaseSync.Outcome sync(ClusterModel model, Collection<Secret> cached, EventReason reason);

    void forget(Postgresql pg);
  }

  /** Looks for pods that run without a leader. */
  public interface WatchLeader {
    Optional<LeaderWatch.Finding> check(
        Postgresql pg, OperatorConfig config, Optional<String> likelyCause);

    void forget(Postgresql pg);
  }

  /** Deletes a cluster's objects; returns the failures. */
  public interface DeleteObjects {
    List<String> delete(Postgresql pg, OperatorConfig config);
  }

  /** Adds or removes Zalando's finalizer on the manifest. */
  public interface Finalizers {
    void add(Postgresql pg);

    void remove(Postgresql pg);
  }

  /** Day-2 work on a running cluster: the next Patroni step or pod recreation. */
  public interface Operate {
    Day2Runner.Outcome run(Postgresql pg, OperatorConfig config, ClusterWorld world);

    /**
     * The cluster's objects changed, or may have (a reconcile failed midway): pods may have been
     * flagged, so the next {@link #run} looks at them even if that reconcile changes nothing.
     */
    default void changed(Postgresql pg) {}

    /**
     * A new cluster's declared Patroni configuration is the one Spilo seeds. Returns the work that
     * goes on even so (a standby whose standby section went before it was Running is promoted).
     */
    Day2Runner.Outcome created(Postgresql pg, OperatorConfig config, ClusterWorld world);

    /**
     * The running connection poolers, on every reconcile of an existing cluster (also while its
     * database cannot be reached, as during a failover): a pause left over by an earlier operator
     * process is resumed, a moved primary makes the poolers reconnect.
     *
     * @return when to look again, if something waits
     */
    default Optional<Duration> poolers(Postgresql pg, OperatorConfig config, ClusterWorld world) {
      return Optional.empty();
    }

    /**
     * Before the StatefulSet is applied with {@code replicas}: how many to apply now. A scale-down
     * that would remove the primary's pod waits for a switchover ({@link ScaleDownGuard}).
     */
    default ScaleDownGuard.Verdict beforeApply(
        Postgresql pg, OperatorConfig config, ClusterWorld world, int replicas) {
      return ScaleDownGuard.Verdict.proceed(replicas);
    }

    /**
     * While the database step fails: work that goes on without the database (a major version
     * upgrade this process runs: its end is written even if the primary is not back).
     */
    default Day2Runner.Outcome whileDatabaseFails(
        Postgresql pg, OperatorConfig config, ClusterWorld world) {
      return Day2Runner.Outcome.idle();
    }

    void forget(Postgresql pg);
  }

  /** Grows the data volumes to the declared {@code volume.size} ({@code storage_resize_mode}). */
  public interface Volumes {
    VolumeSync.Outcome sync(Postgresql pg, OperatorConfig config);

    void forget(Postgresql pg);
  }

  /** The collaborators of each step. */
  public record Steps(
      Observe observe,
      ApplyObjects objects,
      SyncDatabase database,
      WatchLeader leader,
      DeleteObjects deletion,
      Finalizers finalizers,
      StatusSink status,
      EventSink events,
      Operate operations,
      Volumes volumes) {}

  /** When to come back, although nothing else triggers a reconcile. */
  public record Outcome(Optional<Duration> rescheduleAfter) {
    static Outcome done() {
      return new Outcome(Optional.empty());
    }
  }

  private final Steps steps;
  private final Clock clock;
  private final VerifiedStates verified = new VerifiedStates();

  /** The version note last announced by an Event per cluster, so that it is said once. */
  private final Map<ResourceID, String> versionNotes = new ConcurrentHashMap<>();

  public ClusterReconcile(Steps steps) {
    this(steps, Clock.systemUTC());
  }

  /**
   * @param clock decides whether a maintenance window is open
   */
  public ClusterReconcile(Steps steps, Clock clock) {
    this.steps = steps;
    this.clock = clock;
  }

  /** Reconciles a cluster that exists (possibly marked for deletion). */
  public Outcome reconcile(Postgresql pg, OperatorConfig cfg) {
    if (pg.getMetadata().getDeletionTimestamp() != null) {
      if (pg.hasFinalizer(FINALIZER) && deleteObjects(pg, cfg)) {
        steps.finalizers().remove(pg);
      }
      return Outcome.done();
    }
    if (cfg.get(Options.ENABLE_FINALIZERS) && !pg.hasFinalizer(FINALIZER)) {
      steps.finalizers().add(pg);
    }

    ClusterWorld observedWorld = steps.observe().observe(pg, cfg);
    Instant now = clock.instant();
    // Zalando's Update and Sync: outside a maintenance window the running version stays.
    VersionWindow version =
        VersionWindow.decide(new ClusterModel(pg, cfg, observedWorld.observed()), now);
    ClusterWorld world = observedWorld.withObserved(version.observed(observedWorld.observed()));
    Phase phase = world.phase();
    // The running poolers first, whatever else this reconcile meets (an invalid manifest, a
    // failing apply): a pause an earlier operator process left must not wait for those.
    Optional<Duration> poolers = phase == Phase.CREATE ? Optional.empty() : poolers(pg, cfg, world);
    reportManifestWarnings(pg, cfg);

    Optional<String> podProblem = Optional.empty();
    Optional<String> scaleDownHeld = Optional.empty();
    Optional<Duration> scaleDownRetry = Optional.empty();
    String fingerprint =
        verified.key(pg, cfg, world.observedInputs(), world.owned(), world.ownedByExistence());
    if (phase != Phase.SYNC || !verified.isVerified(id(pg), fingerprint)) {
      Built built = validateAndBuild(pg, cfg, world);
      if (built.desired() == null) {
        verified.forget(id(pg));
        String message =
            built.violations().stream()
                .map(v -> v.field() + ": " + v.reason())
                .collect(Collectors.joining("; "));
        if (steps.status().write(pg, PostgresStatus.INVALID, message)) {
          steps.events().warning(pg, EventReason.Invalid, "Invalid manifest: " + message);
        }
        LOG.info("{} is invalid: {}", name(pg), message);
        return new Outcome(poolers);
      }
      PostgresStatus current = pg.getStatus();
      ClusterStatusRule.beforeApply(
              phase,
              current == null ? null : current.getPostgresClusterStatus(),
              current == null ? null : current.getMessage())
          .ifPresent(s -> steps.status().write(pg, s.clusterStatus(), s.message()));

      DesiredState desired = built.desired();
      Integer replicas = desired.statefulSet().getSpec().getReplicas();
      if (replicas != null) {
        ScaleDownGuard.Verdict scale = steps.operations().beforeApply(pg, cfg, world, replicas);
        // The built StatefulSet is this reconcile's own: it keeps the current count for now.
        desired.statefulSet().getSpec().setReplicas(scale.replicas());
        scaleDownHeld = scale.holding();
        scaleDownRetry = scale.retryAfter();
      }
      ObjectSync.Applied applied = steps.objects().apply(desired, world, cfg);
      podProblem = applied.podProblem();
      podProblem.ifPresent(p -> steps.events().warning(pg, EventReason.PodRbac, p));
      if (applied.changes().isEmpty() && scaleDownHeld.isEmpty()) {
        // Everything was found as desired under these inputs: later resyncs with them skip.
        verified.record(id(pg), fingerprint);
      } else {
        verified.forget(id(pg));
        if (world.statefulSet().isPresent()) {
          // Pods may have been flagged: the day-2 step looks at them, in this reconcile or, if
          // this one fails or goes another way, in the next one that runs it.
          steps.operations().changed(pg);
        }
        steps.events().normal(pg, phase.reason, String.join("; ", applied.changes()));
      }
    }

    // Zalando's syncVolumes: claims grown to volume.size (read only when the size changed).
    VolumeSync.Outcome volumes = steps.volumes().sync(pg, cfg);

    DatabaseSync.Outcome db =
        steps
            .database()
            .sync(new ClusterModel(pg, cfg, world.observed()), world.cachedSecrets(), phase.reason);

    boolean ready = world.podsReady();
    boolean pending = db.state() == DatabaseSync.State.PENDING;
    Optional<LeaderWatch.Finding> leader = Optional.empty();
    if (phase != Phase.SYNC && db.failure() == null) {
      // Also once ready: Running waits for every pod's role label, as Zalando's Create does.
      leader = steps.leader().check(pg, cfg, podProblem);
      leader
          .filter(LeaderWatch.Finding::warn)
          .ifPresent(f -> steps.events().warning(pg, f.reason(), f.leaderWait().message()));
    } else {
      steps.leader().forget(pg);
    }
    Day2Runner.Outcome operations = Day2Runner.Outcome.idle();
    if (db.podsFlagged()) {
      // A password the pods read from their Secret changed in place.
      steps.operations().changed(pg);
    }
    if (phase == Phase.CREATE) {
      operations = steps.operations().created(pg, cfg, world);
    } else {
      if (db.failure() == null) {
        operations = steps.operations().run(pg, cfg, world);
      } else {
        // The database is down, e.g. during a major version upgrade: its result still counts.
        operations = steps.operations().whileDatabaseFails(pg, cfg, world);
      }
      if (poolers.isPresent()) {
        operations =
            new Day2Runner.Outcome(
                operations.inProgress(),
                earlier(operations.retryAfter(), poolers),
                operations.note());
      }
    }
    if (scaleDownHeld.isPresent()) {
      operations =
          new Day2Runner.Outcome(scaleDownHeld, earlier(operations.retryAfter(), scaleDownRetry));
    }
    ClusterStatusRule.Status status =
        ClusterStatusRule.after(
            new ClusterStatusRule.Facts(
                phase,
                db.failure(),
                ready,
                pending,
                leader.map(LeaderWatch.Finding::leaderWait).orElse(null)));
    if (operations.inProgress().isPresent()
        && PostgresStatus.RUNNING.equals(status.clusterStatus())) {
      // A rolling update, restarts or a configuration change under way: Zalando's Updating.
      status = new ClusterStatusRule.Status(PostgresStatus.UPDATING, operations.inProgress().get());
    }
    if (operations.note().isPresent() && PostgresStatus.RUNNING.equals(status.clusterStatus())) {
      // A failed major version upgrade, or one that waits: the cluster runs on; the status says so.
      status = new ClusterStatusRule.Status(PostgresStatus.RUNNING, operations.note().get());
    }
    if (volumes.note().isPresent() && PostgresStatus.RUNNING.equals(status.clusterStatus())) {
      // A refused shrink does not fail the cluster; its status says why the volumes differ.
      status = new ClusterStatusRule.Status(PostgresStatus.RUNNING, volumes.note().get());
    }
    Optional<String> versionNote = version.note();
    announceVersion(pg, version);
    if (versionNote.isPresent() && PostgresStatus.RUNNING.equals(status.clusterStatus())) {
      // A waiting change or an ignored decrease does not stop the cluster; its status says so.
      String message =
          status.message().isEmpty()
              ? versionNote.get()
              : status.message() + "; " + versionNote.get();
      status = new ClusterStatusRule.Status(PostgresStatus.RUNNING, message);
    }
    steps.status().write(pg, status.clusterStatus(), status.message());
    Optional<Duration> retry = retryAfter(status, db, leader, cfg);
    Optional<Duration> again = operations.retryAfter();
    if (again.isPresent() && (retry.isEmpty() || again.get().compareTo(retry.get()) < 0)) {
      retry = again;
    }
    Optional<Duration> grow = volumes.retryAfter();
    if (grow.isPresent() && (retry.isEmpty() || grow.get().compareTo(retry.get()) < 0)) {
      retry = grow;
    }
    // A waiting version change is applied by a reconcile just past the window's start.
    return new Outcome(earlier(retry, version.wakeAfter(now)));
  }

  /**
   * One Event per waiting change or ignored decrease (not one per resync): Normal for a change that
   * waits for a maintenance window, Warning for a decrease, as Zalando's.
   */
  private void announceVersion(Postgresql pg, VersionWindow version) {
    Optional<String> note = version.note();
    if (note.isEmpty()) {
      versionNotes.remove(id(pg));
      return;
    }
    String said = versionNotes.put(id(pg), note.get());
    if (note.get().equals(said)) {
      return;
    }
    LOG.info("{}: {}", name(pg), note.get());
    if (version.decreaseIgnored()) {
      steps.events().warning(pg, EventReason.PostgreSQL, note.get());
    } else {
      steps.events().normal(pg, EventReason.PostgreSQL, note.get());
    }
  }

  private Optional<Duration> poolers(Postgresql pg, OperatorConfig cfg, ClusterWorld world) {
    try {
      return steps.operations().poolers(pg, cfg, world);
    } catch (RuntimeException e) {
      LOG.warn("{}: the connection poolers' step failed: {}", name(pg), e.toString());
      return Optional.of(POOLER_RETRY);
    }
  }

  private static final Duration POOLER_RETRY = Duration.ofSeconds(5);

  private static Optional<Duration> earlier(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().compareTo(a.get()) < 0 ? b : a;
  }

  /**
   * When to come back: the database step's own time, and for a cluster that is not {@code Running}
   * at most {@code repair_period} (sooner while a leader is awaited).
   */
  static Optional<Duration> retryAfter(
      ClusterStatusRule.Status status,
      DatabaseSync.Outcome db,
      Optional<LeaderWatch.Finding> leader,
      OperatorConfig cfg) {
    Optional<Duration> retry = db.retryAfter();
    if (!PostgresStatus.RUNNING.equals(status.clusterStatus())) {
      Duration repair = cfg.get(Options.REPAIR_PERIOD);
      retry = Optional.of(retry.filter(r -> r.compareTo(repair) < 0).orElse(repair));
      Optional<Duration> recheck = leader.flatMap(LeaderWatch.Finding::recheckAfter);
      if (recheck.isPresent() && recheck.get().compareTo(retry.get()) < 0) {
        retry = recheck;
      }
    }
    return retry;
  }

  /** The manifest is gone (deleted without a finalizer): its objects go too, unless protected. */
  public void deleted(Postgresql pg, OperatorConfig cfg) {
    if (!cfg.get(Options.ENABLE_FINALIZERS)) {
      deleteObjects(pg, cfg);
    }
    forget(pg);
  }

  /** Drops everything remembered of a cluster. */
  public void forget(Postgresql pg) {
    steps.operations().forget(pg);
    steps.volumes().forget(pg);
    steps.database().forget(pg);
    steps.leader().forget(pg);
    verified.forget(id(pg));
    versionNotes.remove(id(pg));
  }

  /** A reconcile threw: the failed status of its flow, and a Warning naming the reason. */
  public void failed(Postgresql pg, boolean statefulSetExists, Exception e) {
    Phase phase = Phase.of(pg, statefulSetExists);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    LOG.warn("Sync of {} failed: {}", name(pg), message);
    // It may have changed objects (flagged pods) before it threw.
    steps.operations().changed(pg);
    try {
      steps.status().write(pg, phase.failed, message);
    } catch (RuntimeException statusError) {
      LOG.warn("Could not write status: {}", statusError.toString());
    }
    steps.events().warning(pg, EventReason.SyncFailed, message);
  }

  private record Built(DesiredState desired, List<Violation> violations) {}

  /** Validation, then the pure build (whose own checks count as violations too). */
  private static Built validateAndBuild(Postgresql pg, OperatorConfig cfg, ClusterWorld world) {
    List<Violation> violations = new ArrayList<>(ManifestValidator.validate(pg, cfg));
    if (!violations.isEmpty()) {
      return new Built(null, violations);
    }
    try {
      return new Built(
          ClusterBuilder.build(new ClusterModel(pg, cfg, world.observed())), List.of());
    } catch (InvalidSpecException e) {
      violations.add(new Violation(e.field(), e.getMessage().substring(e.field().length() + 2)));
      return new Built(null, violations);
    }
  }

  /**
   * Once per generation: fields Tusk does not know, and values Zalando accepts with only a log line
   * (clamped, ignored, falling back), as Warning Events.
   */
  private void reportManifestWarnings(Postgresql pg, OperatorConfig cfg) {
    boolean newGeneration =
        pg.getStatus() == null
            || !Objects.equals(
                pg.getStatus().getObservedGeneration(), pg.getMetadata().getGeneration());
    if (!newGeneration) {
      return;
    }
    List<String> unknown = UnknownFields.paths(pg);
    if (!unknown.isEmpty()) {
      steps
          .events()
          .warning(
              pg,
              EventReason.UnknownFields,
              "Tusk does not know these fields and ignores them (they are kept in the manifest): "
                  + String.join(", ", unknown));
    }
    List<Violation> warnings = ManifestValidator.warnings(pg, cfg);
    if (!warnings.isEmpty()) {
      steps
          .events()
          .warning(
              pg,
              EventReason.ManifestWarning,
              warnings.stream()
                  .map(v -> v.field() + ": " + v.reason())
                  .collect(Collectors.joining("; ")));
    }
  }

  /**
   * Deletes the cluster's objects unless Zalando's delete protection applies; returns whether the
   * deletion went through (or was refused, which also ends it).
   */
  private boolean deleteObjects(Postgresql pg, OperatorConfig cfg) {
    Optional<String> refusal = deleteProtection(pg, cfg, LocalDate.now(ZoneOffset.UTC));
    if (refusal.isPresent()) {
      LOG.warn("Not deleting objects of {}: {}", name(pg), refusal.get());
      steps.events().warning(pg, EventReason.Delete, "objects kept: " + refusal.get());
      return true;
    }
    List<String> errors = steps.deletion().delete(pg, cfg);
    if (errors.isEmpty()) {
      LOG.info("Deleted objects of {}", name(pg));
      return true;
    }
    steps.events().warning(pg, EventReason.Delete, String.join("; ", errors));
    return false;
  }

  /**
   * Zalando's delete protection (contract 4.1): {@code delete_annotation_date_key} and {@code
   * delete_annotation_name_key} must carry today's date and the cluster name. Owner references (the
   * garbage collector deletes) switch it off.
   */
  static Optional<String> deleteProtection(Postgresql pg, OperatorConfig cfg, LocalDate today) {
    if (cfg.get(Options.ENABLE_OWNER_REFERENCES)) {
      return Optional.empty();
    }
    Map<String, String> annotations =
        pg.getMetadata().getAnnotations() == null ? Map.of() : pg.getMetadata().getAnnotations();
    String dateKey = cfg.get(Options.DELETE_ANNOTATION_DATE_KEY);
    String nameKey = cfg.get(Options.DELETE_ANNOTATION_NAME_KEY);
    if (dateKey != null
        && !dateKey.isEmpty()
        && !today.toString().equals(annotations.get(dateKey))) {
      return Optional.of("annotation " + dateKey + " must be set to today's date " + today);
    }
    if (nameKey != null
        && !nameKey.isEmpty()
        && !pg.getMetadata().getName().equals(annotations.get(nameKey))) {
      return Optional.of("annotation " + nameKey + " must be set to the cluster name");
    }
    return Optional.empty();
  }

  private static ResourceID id(Postgresql pg) {
    return ResourceID.fromResource(pg);
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
