package io.tusk.operator.reconciler;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.UnknownFields;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.OperatorSettings;
import io.tusk.operator.database.CredentialSecrets;
import io.tusk.operator.database.DatabaseSync;
import io.tusk.operator.database.ManagedNames;
import io.tusk.operator.database.PrimaryResolver;
import io.tusk.operator.database.AutoPrimaryResolver;
import io.tusk.operator.observe.ClusterObserver;
import io.tusk.operator.observe.LeaderWatch;
import io.tusk.operator.status.ClusterStatusRule;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventRecorder;
import io.tusk.operator.status.Phase;
import io.tusk.operator.status.StatusWriter;
import io.tusk.operator.sync.ClusterDeletion;
import io.tusk.operator.sync.NamespaceObjects;
import io.tusk.operator.sync.ObjectApplier;
import io.tusk.operator.sync.StatefulSetSync;
import io.tusk.operator.sync.VerifiedStates;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.DesiredState;
import io.tusk.spec.InvalidSpecException;
import io.tusk.spec.Observed;
import io.tusk.spec.validate.ManifestValidator;
import io.tusk.spec.validate.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every {@code postgresql} cluster as declared: observe, validate, build the desired state
 * (pure, in tusk-spec), apply what differs, write status and Events. One reconcile covers what
 * Zalando splits into Create ({@code cluster.go#Create}), Update and Sync ({@code sync.go#Sync}):
 * the phase only decides which status words are used.
 *
 * <p>Owned objects are watched through informers selected by the cluster-name label, so drift
 * (someone edits or deletes a Service) is repaired within seconds, and a periodic resync that finds
 * nothing to change makes no write at all. The reconciler is registered to see delete events
 * itself, so it needs no finalizer unless {@code enable_finalizers} asks for Zalando's.
 *
 * <p>After the objects are applied, the {@link DatabaseSync} step brings roles and databases inside
 * PostgreSQL in line (when the primary is ready and something changed, or periodically); its
 * failures make the status {@code CreateFailed}, {@code UpdateFailed} or {@code SyncFailed}, naming
 * each role or database, and are retried after {@code repair_period}.
 */
public final class PostgresqlReconciler implements Reconciler<Postgresql> {
  public static final String FINALIZER = "postgres-operator.acid.zalan.do";
  private static final Logger LOG = LoggerFactory.getLogger(PostgresqlReconciler.class);

  private final KubernetesClient client;
  private final Supplier<OperatorConfig> config;
  private final OperatorSettings settings;
  private final String clusterNameLabel;
  private final ClusterObserver observer;
  private final ObjectApplier applier;
  private final StatefulSetSync statefulSets;
  private final NamespaceObjects namespaceObjects;
  private final ClusterDeletion deletion;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final DatabaseSync databaseSync;
  private final PrimaryResolver primaries;
  private final LeaderWatch leaderWatch;
  private final ConfigChangeTrigger configChanges = new ConfigChangeTrigger();
  private final VerifiedStates verifiedStates = new VerifiedStates();

  private InformerEventSource<StatefulSet, Postgresql> statefulSetSource;
  private InformerEventSource<Service, Postgresql> serviceSource;
  private InformerEventSource<Endpoints, Postgresql> endpointsSource;
  private InformerEventSource<Secret, Postgresql> secretSource;
  private InformerEventSource<PodDisruptionBudget, Postgresql> pdbSource;

  /**
   * Connects the database sync to the master Service's DNS name, as Zalando does, or to its
   * ClusterIP where cluster DNS names do not resolve ({@link AutoPrimaryResolver}).
   */
  public PostgresqlReconciler(
      KubernetesClient client,
      Supplier<OperatorConfig> config,
      OperatorSettings settings,
      ClusterObserver observer,
      EventRecorder events) {
    this(client, config, settings, observer, events, new AutoPrimaryResolver(client));
  }

  /**
   * @param primaries where the database sync connects, and whether the primary is ready
   */
  public PostgresqlReconciler(
      KubernetesClient client,
      Supplier<OperatorConfig> config,
      OperatorSettings settings,
      ClusterObserver observer,
      EventRecorder events,
      PrimaryResolver primaries) {
    this.client = client;
    this.config = config;
    this.settings = settings;
    // Informers select owned objects by this label; it is fixed for the life of the process.
    this.clusterNameLabel = config.get().get(Options.CLUSTER_NAME_LABEL);
    this.observer = observer;
    this.applier = new ObjectApplier(client);
    this.statefulSets = new StatefulSetSync(client, applier);
    this.namespaceObjects = new NamespaceObjects(client, applier);
    this.deletion = new ClusterDeletion(client);
    this.statusWriter = new StatusWriter(client);
    this.events = events;
    this.primaries = primaries;
    this.leaderWatch = new LeaderWatch(client, Clock.systemUTC());
    this.databaseSync = new DatabaseSync(client, primaries, events, settings.operatorNamespace(),
        Clock.systemUTC());
  }

  /** Fires a reconcile of every cluster, e.g. after the configuration changed. */
  public ConfigChangeTrigger configChangeTrigger() {
    return configChanges;
  }

  @Override
  public List<EventSource<?, Postgresql>> prepareEventSources(EventSourceContext<Postgresql> ctx) {
    statefulSetSource = informer(ctx, StatefulSet.class, true);
    serviceSource = informer(ctx, Service.class, true);
    // Patroni renews the leader Endpoints every loop_wait: cache them, but do not reconcile on
    // their updates (the operator only creates the master Endpoints when missing).
    endpointsSource = informer(ctx, Endpoints.class, false);
    secretSource = informer(ctx, Secret.class, true);
    pdbSource = informer(ctx, PodDisruptionBudget.class, true);
    primaries.useServiceCache(
        (namespace, name) -> serviceSource.get(new ResourceID(name, namespace)));
    configChanges.bind(ctx.getPrimaryCache());
    return List.of(statefulSetSource, serviceSource, endpointsSource, secretSource, pdbSource,
        configChanges.eventSource());
  }

  private <R extends HasMetadata> InformerEventSource<R, Postgresql> informer(
      EventSourceContext<Postgresql> ctx, Class<R> type, boolean reconcileOnUpdate) {
    var builder = InformerEventSourceConfiguration.from(type, Postgresql.class)
        .withName(type.getSimpleName())
        .withLabelSelector(clusterNameLabel)
        .withSecondaryToPrimaryMapper(r -> {
          String cluster = r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(clusterNameLabel);
          return cluster == null ? Set.of() : Set.of(new ResourceID(cluster, r.getMetadata().getNamespace()));
        });
    if (!reconcileOnUpdate) {
      builder.withOnUpdateFilter((newer, older) -> false);
    }
    if (type != Secret.class) {
      // Server-side apply records every field's manager in managedFields, often the larger part of
      // an object; nothing here reads it except the Secrets' owner check (CredentialSecrets).
      builder.withItemStore(new TransformingItemStore<R>(PostgresqlReconciler::withoutManagedFields));
    }
    return new InformerEventSource<>(builder.build(), ctx);
  }

  private static <R extends HasMetadata> R withoutManagedFields(R r) {
    r.getMetadata().setManagedFields(null);
    return r;
  }

  /**
   * Whether an update of a {@code postgresql} resource needs a reconcile: a new generation (spec),
   * changed annotations or labels (some annotations change behaviour, e.g. the instance-limits
   * override), deletion, or finalizers. Status-only updates, including Tusk's own, are skipped, and
   * so are changes of Tusk's bookkeeping annotations ({@link ManagedNames}).
   */
  public static boolean isRelevantUpdate(Postgresql newer, Postgresql older) {
    var n = newer.getMetadata();
    var o = older.getMetadata();
    return !java.util.Objects.equals(n.getGeneration(), o.getGeneration())
        || !ManagedNames.withoutBookkeeping(n.getAnnotations())
            .equals(ManagedNames.withoutBookkeeping(o.getAnnotations()))
        || !java.util.Objects.equals(n.getLabels(), o.getLabels())
        || !java.util.Objects.equals(n.getFinalizers(), o.getFinalizers())
        || n.getDeletionTimestamp() != null;
  }

  @Override
  public UpdateControl<Postgresql> reconcile(Postgresql pg, Context<Postgresql> context) {
    try {
      return reconcileOnce(pg, context);
    } finally {
      configChanges.reconciled(ResourceID.fromResource(pg));
    }
  }

  private UpdateControl<Postgresql> reconcileOnce(Postgresql pg, Context<Postgresql> context) {
    if (!settings.owns(pg.getMetadata().getAnnotations())) {
      return UpdateControl.noUpdate();
    }
    OperatorConfig cfg = config.get();
    if (context.isPrimaryResourceDeleted()) {
      if (!cfg.get(Options.ENABLE_FINALIZERS)) {
        onDelete(pg, cfg);
      }
      databaseSync.forget(pg);
      leaderWatch.forget(pg);
      verifiedStates.forget(id(pg));
      return UpdateControl.noUpdate();
    }
    if (pg.getMetadata().getDeletionTimestamp() != null) {
      if (pg.hasFinalizer(FINALIZER)) {
        if (onDelete(pg, cfg)) {
          removeFinalizer(pg);
        }
      }
      return UpdateControl.noUpdate();
    }
    if (cfg.get(Options.ENABLE_FINALIZERS) && !pg.hasFinalizer(FINALIZER)) {
      addFinalizer(pg);
    }

    Phase phase = Phase.of(pg, statefulSetSource.get(id(pg)).isPresent());
    boolean newGeneration = pg.getStatus() == null
        || !java.util.Objects.equals(pg.getStatus().getObservedGeneration(), pg.getMetadata().getGeneration());
    if (newGeneration) {
      List<String> unknown = UnknownFields.paths(pg);
      if (!unknown.isEmpty()) {
        events.warning(pg, EventReason.UnknownFields,
            "Tusk does not know these fields and ignores them (they are kept in the manifest): "
                + String.join(", ", unknown));
      }
    }

    Observed observed = observe(pg, cfg);
    String stateKey = VerifiedStates.key(pg, cfg, observed, ownedObjects(pg), endpointsSource.getSecondaryResources(pg));
    Optional<String> podProblem = Optional.empty();
    if (phase != Phase.SYNC || !verifiedStates.isVerified(id(pg), stateKey)) {
      List<Violation> violations = new ArrayList<>(ManifestValidator.validate(pg, cfg));
      DesiredState desired = null;
      if (violations.isEmpty()) {
        try {
          desired = ClusterBuilder.build(new ClusterModel(pg, cfg, observed));
        } catch (InvalidSpecException e) {
          violations.add(new Violation(e.field(), e.getMessage().substring(e.field().length() + 2)));
        }
      }
      if (!violations.isEmpty()) {
        verifiedStates.forget(id(pg));
        String message = violations.stream().map(v -> v.field() + ": " + v.reason()).collect(Collectors.joining("; "));
        if (statusWriter.write(pg, PostgresStatus.INVALID, message)) {
          events.warning(pg, EventReason.Invalid, "Invalid manifest: " + message);
        }
        LOG.info("{}/{} is invalid: {}", pg.getMetadata().getNamespace(), pg.getMetadata().getName(), message);
        return UpdateControl.noUpdate();
      }

      PostgresStatus current = pg.getStatus();
      ClusterStatusRule.beforeApply(phase,
              current == null ? null : current.getPostgresClusterStatus(),
              current == null ? null : current.getMessage())
          .ifPresent(s -> statusWriter.write(pg, s.clusterStatus(), s.message()));
      NamespaceObjects.Result namespaceResult =
          namespaceObjects.ensure(desired.podServiceAccount(), desired.podRoleBinding());
      podProblem = namespaceResult.problem();
      podProblem.ifPresent(problem -> events.warning(pg, EventReason.PodRbac, problem));
      List<String> changes = new ArrayList<>(namespaceResult.created());
      changes.addAll(apply(pg, cfg, desired));
      if (changes.isEmpty()) {
        // Everything was found as desired under these inputs: later resyncs with the same key skip.
        verifiedStates.record(id(pg), stateKey);
      } else {
        verifiedStates.forget(id(pg));
        events.normal(pg, phase.reason, String.join("; ", changes));
      }
    }
    DatabaseSync.Outcome db = databaseSync.sync(pg, cfg, secretSource.getSecondaryResources(pg), phase.reason);
    boolean ready = isReady(pg);
    boolean pending = db.state() == DatabaseSync.State.PENDING;
    Optional<LeaderWatch.Finding> leader = Optional.empty();
    if (phase != Phase.SYNC && db.failure() == null && (!ready || pending)) {
      leader = leaderWatch.check(pg, cfg, podProblem);
      leader.filter(LeaderWatch.Finding::warn)
          .ifPresent(f -> events.warning(pg, EventReason.NoLeader, f.leaderWait().message()));
    } else {
      leaderWatch.forget(pg);
    }
    ClusterStatusRule.Status status = ClusterStatusRule.after(new ClusterStatusRule.Facts(
        phase, db.failure(), ready, pending, leader.map(LeaderWatch.Finding::leaderWait).orElse(null)));
    statusWriter.write(pg, status.clusterStatus(), status.message());
    Optional<Duration> retry = db.retryAfter();
    if (!pg.getStatus().isSuccess() || !PostgresStatus.RUNNING.equals(pg.getStatus().getPostgresClusterStatus())) {
      Duration repair = cfg.get(Options.REPAIR_PERIOD);
      retry = Optional.of(retry.filter(r -> r.compareTo(repair) < 0).orElse(repair));
      Optional<Duration> recheck = leader.flatMap(LeaderWatch.Finding::recheckAfter);
      if (recheck.isPresent() && recheck.get().compareTo(retry.get()) < 0) {
        retry = recheck;
      }
    }
    return retry.map(r -> UpdateControl.<Postgresql>noUpdate().rescheduleAfter(r))
        .orElseGet(UpdateControl::noUpdate);
  }

  /** The cluster's objects in the informer caches whose changes matter (see {@link VerifiedStates}). */
  private java.util.Collection<HasMetadata> ownedObjects(Postgresql pg) {
    return VerifiedStates.concat(
        statefulSetSource.getSecondaryResources(pg),
        serviceSource.getSecondaryResources(pg),
        secretSource.getSecondaryResources(pg),
        pdbSource.getSecondaryResources(pg));
  }

  private Observed observe(Postgresql pg, OperatorConfig cfg) {
    List<Secret> clusterSecrets = secretSource.getSecondaryResources(pg).stream().toList();
    return observer.observe(pg, cfg, clusterSecrets, statefulSetSource.get(id(pg)).isPresent());
  }

  /** Applies the desired state; returns a human-readable list of what changed. */
  private List<String> apply(Postgresql pg, OperatorConfig cfg, DesiredState desired) {
    Optional<StatefulSet> currentSts = statefulSetSource.get(id(pg));
    List<String> changes = new ArrayList<>();

    desired.masterEndpoints().ifPresent(ep -> {
      if (applier.createIfMissing(ep, endpointsSource.get(ResourceID.fromResource(ep))) == ObjectApplier.Outcome.CREATED) {
        changes.add("created Endpoints " + ep.getMetadata().getName());
      }
    });
    for (Service svc : List.of(desired.masterService(), desired.replicaService())) {
      note(changes, "Service", svc, applier.apply(svc, serviceSource.get(ResourceID.fromResource(svc))));
    }
    for (Secret wanted : desired.secrets()) {
      // The password of an existing Secret is read back, so applying never replaces a stored
      // password; it only restores a deleted Secret or Tusk's labels. A dated rotation user the
      // database sync put into the Secret is read back too. A Secret the cache does not show may
      // still exist without the cluster's labels (created by a user before the cluster, to choose
      // the password): it is read from the API server, as Zalando reads Secrets by name.
      Optional<Secret> current = secretSource.get(ResourceID.fromResource(wanted));
      if (current.isEmpty()) {
        current = Optional.ofNullable(client.secrets().inNamespace(wanted.getMetadata().getNamespace())
            .withName(wanted.getMetadata().getName()).get());
      }
      Secret secret = CredentialSecrets.readBack(wanted, current);
      note(changes, "Secret", secret, applier.apply(secret, current));
    }
    for (PodDisruptionBudget pdb : List.of(desired.masterPdb(), desired.criticalOpPdb())) {
      note(changes, "PodDisruptionBudget", pdb, applier.apply(pdb, pdbSource.get(ResourceID.fromResource(pdb))));
    }
    Map<String, String> podSelector = new LinkedHashMap<>(desired.statefulSet().getSpec().getSelector().getMatchLabels());
    StatefulSetSync.Result sts = statefulSets.sync(desired.statefulSet(), currentSts, podSelector, cfg);
    if (sts.created()) {
      changes.add("created StatefulSet " + desired.statefulSet().getMetadata().getName());
    } else if (sts.changed()) {
      String what = switch (sts.action()) {
        case REPLACE -> "replaced StatefulSet (pods orphaned and kept)";
        case ROLLING_UPDATE -> "updated StatefulSet; pods flagged for rolling update";
        default -> "updated StatefulSet";
      };
      changes.add(what + ": " + String.join(", ", sts.reasons()));
    }
    return changes;
  }

  private static void note(List<String> changes, String kind, HasMetadata o, ObjectApplier.Outcome outcome) {
    switch (outcome) {
      case CREATED -> changes.add("created " + kind + " " + o.getMetadata().getName());
      case UPDATED -> changes.add("updated " + kind + " " + o.getMetadata().getName());
      case UNCHANGED -> { }
    }
  }

  private boolean isReady(Postgresql pg) {
    return statefulSetSource.get(id(pg))
        .map(s -> {
          int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
          Integer ready = s.getStatus() == null ? null : s.getStatus().getReadyReplicas();
          return want == 0 || (ready != null && ready >= want);
        })
        .orElse(false);
  }

  /**
   * Deletes the cluster's objects unless Zalando's delete protection applies (contract 4.1:
   * {@code delete_annotation_date_key} / {@code delete_annotation_name_key} must carry today's date
   * and the cluster name). Returns whether the deletion went through.
   */
  private boolean onDelete(Postgresql pg, OperatorConfig cfg) {
    Optional<String> refusal = deleteProtection(pg, cfg);
    if (refusal.isPresent()) {
      LOG.warn("Not deleting objects of {}/{}: {}", pg.getMetadata().getNamespace(), pg.getMetadata().getName(), refusal.get());
      events.warning(pg, EventReason.Delete, "objects kept: " + refusal.get());
      return true;
    }
    List<String> errors = deletion.delete(pg, cfg);
    if (errors.isEmpty()) {
      LOG.info("Deleted objects of {}/{}", pg.getMetadata().getNamespace(), pg.getMetadata().getName());
      return true;
    }
    events.warning(pg, EventReason.Delete, String.join("; ", errors));
    return false;
  }

  static Optional<String> deleteProtection(Postgresql pg, OperatorConfig cfg) {
    if (cfg.get(Options.ENABLE_OWNER_REFERENCES)) {
      return Optional.empty();
    }
    Map<String, String> annotations = pg.getMetadata().getAnnotations() == null ? Map.of() : pg.getMetadata().getAnnotations();
    String dateKey = cfg.get(Options.DELETE_ANNOTATION_DATE_KEY);
    String nameKey = cfg.get(Options.DELETE_ANNOTATION_NAME_KEY);
    if (dateKey != null && !dateKey.isEmpty()) {
      String today = LocalDate.now(ZoneOffset.UTC).toString();
      if (!today.equals(annotations.get(dateKey))) {
        return Optional.of("annotation " + dateKey + " must be set to today's date " + today);
      }
    }
    if (nameKey != null && !nameKey.isEmpty() && !pg.getMetadata().getName().equals(annotations.get(nameKey))) {
      return Optional.of("annotation " + nameKey + " must be set to the cluster name");
    }
    return Optional.empty();
  }

  private void addFinalizer(Postgresql pg) {
    client.resource(pg).edit(p -> {
      p.addFinalizer(FINALIZER);
      return p;
    });
  }

  private void removeFinalizer(Postgresql pg) {
    client.resource(pg).edit(p -> {
      p.removeFinalizer(FINALIZER);
      return p;
    });
  }

  @Override
  public ErrorStatusUpdateControl<Postgresql> updateErrorStatus(
      Postgresql pg, Context<Postgresql> context, Exception e) {
    Phase phase = Phase.of(pg, statefulSetSource.get(id(pg)).isPresent());
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    LOG.warn("Sync of {}/{} failed: {}", pg.getMetadata().getNamespace(), pg.getMetadata().getName(), message);
    try {
      statusWriter.write(pg, phase.failed, message);
    } catch (RuntimeException statusError) {
      LOG.warn("Could not write status: {}", statusError.toString());
    }
    events.warning(pg, EventReason.SyncFailed, message);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private static ResourceID id(Postgresql pg) {
    return ResourceID.fromResource(pg);
  }
}
