package io.tusk.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
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
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.OperatorSettings;
import io.tusk.operator.database.AutoPrimaryResolver;
import io.tusk.operator.database.DatabaseSync;
import io.tusk.operator.database.ManagedNames;
import io.tusk.operator.database.PrimaryResolver;
import io.tusk.operator.day2.Day2Runner;
import io.tusk.operator.day2.StepExecutor;
import io.tusk.operator.metrics.OperatorMetrics;
import io.tusk.operator.observe.ClusterCache;
import io.tusk.operator.observe.ClusterObserver;
import io.tusk.operator.observe.ClusterWorld;
import io.tusk.operator.observe.LeaderWatch;
import io.tusk.operator.placement.DrainMover;
import io.tusk.operator.placement.NodeWatch;
import io.tusk.operator.placement.ScaleDownGuard;
import io.tusk.operator.pooler.PoolerPause;
import io.tusk.operator.pooler.PoolerReconnect;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.operator.status.StatusWriter;
import io.tusk.operator.streams.StreamSync;
import io.tusk.operator.sync.ClusterDeletion;
import io.tusk.operator.sync.ObjectSync;
import io.tusk.operator.sync.OwnedFields;
import io.tusk.operator.teams.PostgresTeamWatch;
import io.tusk.operator.upgrade.MajorUpgrades;
import io.tusk.operator.volumes.VolumeSync;
import io.tusk.patroni.PatroniClient;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PasswordSource;
import io.tusk.spec.labels.Labels;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The JOSDK side of the operator: registers the informers of a cluster's owned objects (selected by
 * the cluster-name label, so drift such as an edited or deleted Service is repaired within
 * seconds), decides which updates need a reconcile, and hands each reconcile to {@link
 * ClusterReconcile}, which holds the path itself (observe → validate → build → apply → database →
 * status) with the collaborators wired here. It is registered to see delete events itself, so it
 * needs no finalizer unless {@code enable_finalizers} asks for Zalando's.
 */
public final class PostgresqlReconciler implements Reconciler<Postgresql> {
  public static final String FINALIZER = ClusterReconcile.FINALIZER;

  private final KubernetesClient client;
  private final Supplier<OperatorConfig> config;
  private final OperatorMetrics metrics;
  private final OperatorSettings settings;
  private final String clusterNameLabel;
  private final PrimaryResolver primaries;
  private final ClusterReconcile clusters;
  private final ConfigChangeTrigger configChanges = new ConfigChangeTrigger();
  private final NodeWatch nodes;
  private final PostgresTeamWatch postgresTeams;

  private InformerEventSource<StatefulSet, Postgresql> statefulSetSource;
  private InformerEventSource<Service, Postgresql> serviceSource;
  private InformerEventSource<Endpoints, Postgresql> endpointsSource;
  private InformerEventSource<Secret, Postgresql> secretSource;
  private InformerEventSource<PodDisruptionBudget, Postgresql> pdbSource;
  private InformerEventSource<ConfigMap, Postgresql> configMapSource;
  private InformerEventSource<Deployment, Postgresql> deploymentSource;
  private InformerEventSource<CronJob, Postgresql> cronJobSource;

  /**
   * Connects the database sync to the master Service's DNS name, as Zalando does, or to its
   * ClusterIP where cluster DNS names do not resolve ({@link AutoPrimaryResolver}).
   */
  public PostgresqlReconciler(
      KubernetesClient client,
      Supplier<OperatorConfig> config,
      OperatorSettings settings,
      EventSink events) {
    this(client, config, settings, events, new AutoPrimaryResolver(client), new OperatorMetrics());
  }

  /**
   * @param primaries where the database sync connects, and whether the primary is ready
   */
  public PostgresqlReconciler(
      KubernetesClient client,
      Supplier<OperatorConfig> config,
      OperatorSettings settings,
      EventSink events,
      PrimaryResolver primaries,
      OperatorMetrics metrics) {
    this.metrics = metrics;
    this.client = client;
    this.config = config;
    this.settings = settings;
    // Informers select owned objects by this label; it is fixed for the life of the process.
    this.clusterNameLabel = config.get().get(Options.CLUSTER_NAME_LABEL);
    this.primaries = primaries;
    this.postgresTeams = new PostgresTeamWatch(config);
    ClusterObserver observer =
        new ClusterObserver(client, new InformerCache(), PasswordSource.secureRandom());
    ObjectSync objects = new ObjectSync(client);
    DatabaseSync database =
        new DatabaseSync(
            client,
            primaries,
            events,
            settings.operatorNamespace(),
            Clock.systemUTC(),
            postgresTeams::cached);
    LeaderWatch leaderWatch = new LeaderWatch(client, Clock.systemUTC());
    ClusterDeletion deletion = new ClusterDeletion(client);
    StreamSync streams = new StreamSync(client, primaries, events, Clock.systemUTC());
    VolumeSync volumes = new VolumeSync(VolumeSync.Claims.of(client), events);
    // Every switchover the operator asks for pauses the master poolers around it.
    PoolerPause poolerPause =
        new PoolerPause(
            client,
            config,
            primaries,
            events,
            Clock.systemUTC(),
            PoolerPause.operatorHolder(),
            metrics::poolerPaused);
    PoolerReconnect poolerReconnect =
        new PoolerReconnect(
            client, primaries, events, Clock.systemUTC(), poolerPause, metrics::poolerReconnected);
    StepExecutor.SwitchoverGuard switchovers = metrics.switchovers(poolerPause);
    Day2Runner day2 = new Day2Runner(client, PatroniClient.withDefaults(), events, switchovers);
    ScaleDownGuard scaleDowns =
        new ScaleDownGuard(client, PatroniClient.withDefaults(), events, switchovers);
    MajorUpgrades upgrades =
        new MajorUpgrades(client, PatroniClient.withDefaults(), events, Clock.systemUTC());
    this.nodes = new NodeWatch(client, config);
    DrainMover drains =
        new DrainMover(
            client, PatroniClient.withDefaults(), events, nodes, Clock.systemUTC(), switchovers);
    this.clusters =
        new ClusterReconcile(
            new ClusterReconcile.Steps(
                observer::observe,
                objects::apply,
                new ClusterReconcile.SyncDatabase() {
                  @Override
                  public DatabaseSync.Outcome sync(
                      ClusterModel model, Collection<Secret> cached, EventReason reason) {
                    // The event streams need the roles and databases: they run right after.
                    return streams.after(model, cached, database.sync(model, cached, reason));
                  }

                  @Override
                  public void forget(Postgresql pg) {
                    database.forget(pg);
                    streams.forget(pg);
                  }
                },
                new ClusterReconcile.WatchLeader() {
                  @Override
                  public Optional<LeaderWatch.Finding> check(
                      Postgresql pg, OperatorConfig cfg, Optional<String> likelyCause) {
                    // Its pods are listed again as soon as the StatefulSet changes.
                    String podsVersion =
                        statefulSetSource
                            .get(ResourceID.fromResource(pg))
                            .map(sts -> sts.getMetadata().getResourceVersion())
                            .orElse("");
                    return leaderWatch.check(pg, cfg, likelyCause, podsVersion);
                  }

                  @Override
                  public void forget(Postgresql pg) {
                    leaderWatch.forget(pg);
                  }
                },
                deletion::delete,
                new Finalizers(client),
                new StatusWriter(client),
                events,
                new ClusterReconcile.Operate() {
                  @Override
                  public Day2Runner.Outcome run(
                      Postgresql pg, OperatorConfig cfg, ClusterWorld world) {
                    Map<String, String> selector = Labels.of(ClusterModel.of(pg, cfg)).base();
                    if (upgrades.running(pg)) {
                      // Nothing else touches the pods while an upgrade of this process runs.
                      return upgrades.run(pg, cfg, selector);
                    }
                    // A primary on a node being drained moves first.
                    Optional<Day2Runner.Outcome> moved =
                        world
                            .statefulSet()
                            .flatMap(
                                s ->
                                    drains.run(
                                        pg,
                                        cfg,
                                        s.getSpec().getReplicas() == null
                                            ? 1
                                            : s.getSpec().getReplicas(),
                                        Labels.of(ClusterModel.of(pg, cfg)).base()));
                    if (moved.isPresent()) {
                      return moved.get();
                    }
                    Day2Runner.Outcome work = day2.run(pg, cfg, world.statefulSet(), selector);
                    if (work.inProgress().isPresent() || world.statefulSet().isEmpty()) {
                      return work;
                    }
                    // Zalando's last step of a sync: the major version upgrade.
                    Day2Runner.Outcome upgrade = upgrades.run(pg, cfg, selector);
                    Optional<Duration> retry = work.retryAfter();
                    if (upgrade.retryAfter().isPresent()
                        && (retry.isEmpty()
                            || upgrade.retryAfter().get().compareTo(retry.get()) < 0)) {
                      retry = upgrade.retryAfter();
                    }
                    return new Day2Runner.Outcome(upgrade.inProgress(), retry, upgrade.note());
                  }

                  @Override
                  public void changed(Postgresql pg) {
                    day2.changed(pg);
                  }

                  @Override
                  public Day2Runner.Outcome created(
                      Postgresql pg, OperatorConfig cfg, ClusterWorld world) {
                    day2.created(pg, cfg);
                    return day2.promoteFormerStandby(
                        pg, cfg, world, Labels.of(ClusterModel.of(pg, cfg)).base());
                  }

                  @Override
                  public Day2Runner.Outcome whileDatabaseFails(
                      Postgresql pg, OperatorConfig cfg, ClusterWorld world) {
                    Map<String, String> selector = Labels.of(ClusterModel.of(pg, cfg)).base();
                    if (upgrades.running(pg)) {
                      return upgrades.run(pg, cfg, selector);
                    }
                    return day2.promoteFormerStandby(pg, cfg, world, selector);
                  }

                  @Override
                  public Optional<Duration> poolers(
                      Postgresql pg, OperatorConfig cfg, ClusterWorld world) {
                    poolerReconnect.observe(pg, cfg, world.endpoints());
                    return poolerPause.resumeLeftOver(pg, cfg, world.deployments());
                  }

                  @Override
                  public ScaleDownGuard.Verdict beforeApply(
                      Postgresql pg, OperatorConfig cfg, ClusterWorld world, int replicas) {
                    return scaleDowns.check(
                        pg,
                        cfg,
                        world.statefulSet(),
                        replicas,
                        Labels.of(ClusterModel.of(pg, cfg)).base());
                  }

                  @Override
                  public void forget(Postgresql pg) {
                    day2.forget(pg);
                    upgrades.forget(pg);
                    scaleDowns.forget(pg);
                    drains.forget(pg);
                    poolerPause.forget(pg);
                    poolerReconnect.forget(pg);
                  }
                },
                new ClusterReconcile.Volumes() {
                  @Override
                  public VolumeSync.Outcome sync(Postgresql pg, OperatorConfig cfg) {
                    return volumes.sync(pg, cfg);
                  }

                  @Override
                  public void forget(Postgresql pg) {
                    volumes.forget(pg);
                  }
                }));
  }

  /** Fires a reconcile of every cluster, e.g. after the configuration changed. */
  public ConfigChangeTrigger configChangeTrigger() {
    return configChanges;
  }

  @Override
  public List<EventSource<?, Postgresql>> prepareEventSources(EventSourceContext<Postgresql> ctx) {
    // The controllers rewrite the status of StatefulSets and PodDisruptionBudgets as pods come
    // and go; only what the reconcile reads counts: spec and metadata, and the ready replicas
    // (pods ready is what moves a new cluster to Running).
    statefulSetSource =
        informer(
            ctx,
            StatefulSet.class,
            (newer, older) ->
                specOrMetadataChanged(newer, older)
                    || !Objects.equals(readyReplicas(newer), readyReplicas(older)));
    serviceSource = informer(ctx, Service.class, (newer, older) -> true);
    // Patroni renews the leader Endpoints every loop_wait: cache them, and reconcile only when
    // their addresses change (the primary moved: the poolers reconnect; the operator creates the
    // master Endpoints only when missing).
    endpointsSource =
        informer(
            ctx,
            Endpoints.class,
            (newer, older) -> !Objects.equals(newer.getSubsets(), older.getSubsets()));
    secretSource = informer(ctx, Secret.class, (newer, older) -> true);
    pdbSource =
        informer(ctx, PodDisruptionBudget.class, PostgresqlReconciler::specOrMetadataChanged);
    // Patroni's DCS objects in configmaps mode: like its Endpoints, rewritten every loop_wait.
    configMapSource = informer(ctx, ConfigMap.class, (newer, older) -> false);
    // The connection poolers: a hand edit (a new generation) is put back; the rollout status the
    // deployment controller writes is not the operator's concern.
    deploymentSource = informer(ctx, Deployment.class, PostgresqlReconciler::specOrMetadataChanged);
    // The logical backup CronJob: a hand edit is put back; the last schedule time the CronJob
    // controller writes into its status is not the operator's concern.
    cronJobSource = informer(ctx, CronJob.class, PostgresqlReconciler::specOrMetadataChanged);
    primaries.useServiceCache(
        (namespace, name) -> serviceSource.get(new ResourceID(name, namespace)));
    configChanges.bind(ctx.getPrimaryCache());
    metrics.clustersFrom(
        () -> ctx.getPrimaryCache().list().toList(),
        pg ->
            ((Postgresql) pg).getStatus() == null
                    || ((Postgresql) pg).getStatus().getPostgresClusterStatus() == null
                ? "other"
                : ((Postgresql) pg).getStatus().getPostgresClusterStatus());
    List<EventSource<?, Postgresql>> sources =
        new ArrayList<>(
            List.of(
                statefulSetSource,
                serviceSource,
                endpointsSource,
                secretSource,
                pdbSource,
                configMapSource,
                deploymentSource,
                cronJobSource,
                configChanges.eventSource()));
    // Nodes being drained: their primaries move (Zalando's node informer).
    sources.add(nodes.eventSource(ctx));
    // Decided at start-up, as Zalando starts its PostgresTeam informer.
    if (config.get().get(Options.ENABLE_POSTGRES_TEAM_CRD)) {
      sources.add(postgresTeams.eventSource(ctx));
    }
    return sources;
  }

  /** A change the cluster's reconcile must see: the object's spec (generation) or metadata. */
  static boolean specOrMetadataChanged(HasMetadata newer, HasMetadata older) {
    var n = newer.getMetadata();
    var o = older.getMetadata();
    return !Objects.equals(n.getGeneration(), o.getGeneration())
        || !Objects.equals(n.getLabels(), o.getLabels())
        || !Objects.equals(n.getAnnotations(), o.getAnnotations())
        || !Objects.equals(n.getOwnerReferences(), o.getOwnerReferences())
        || n.getDeletionTimestamp() != null;
  }

  private static Integer readyReplicas(StatefulSet s) {
    return s.getStatus() == null ? null : s.getStatus().getReadyReplicas();
  }

  private <R extends HasMetadata> InformerEventSource<R, Postgresql> informer(
      EventSourceContext<Postgresql> ctx, Class<R> type, OnUpdateFilter<R> reconcileOnUpdate) {
    var builder =
        InformerEventSourceConfiguration.from(type, Postgresql.class)
            .withName(type.getSimpleName())
            .withLabelSelector(clusterNameLabel)
            .withSecondaryToPrimaryMapper(
                r -> {
                  String cluster =
                      r.getMetadata().getLabels() == null
                          ? null
                          : r.getMetadata().getLabels().get(clusterNameLabel);
                  return cluster == null
                      ? Set.of()
                      : Set.of(new ResourceID(cluster, r.getMetadata().getNamespace()));
                });
    builder.withOnUpdateFilter(reconcileOnUpdate);
    if (type != Secret.class) {
      // Server-side apply records every field's manager in managedFields, often the larger part of
      // an object; only Tusk's own apply entry is read (what it applied earlier, OwnedFields), and
      // the Secrets' owner check (CredentialSecrets) reads all of theirs.
      builder.withItemStore(new TransformingItemStore<R>(OwnedFields::keepOwnEntry));
    }
    return new InformerEventSource<>(builder.build(), ctx);
  }

  /** The informer caches, as the observe step reads them. */
  private final class InformerCache implements ClusterCache {
    @Override
    public Optional<StatefulSet> statefulSet(Postgresql pg) {
      return statefulSetSource.get(ResourceID.fromResource(pg));
    }

    @Override
    public Collection<Service> services(Postgresql pg) {
      return serviceSource.getSecondaryResources(pg);
    }

    @Override
    public Collection<Endpoints> endpoints(Postgresql pg) {
      return endpointsSource.getSecondaryResources(pg);
    }

    @Override
    public Collection<Secret> secrets(Postgresql pg) {
      return secretSource.getSecondaryResources(pg);
    }

    @Override
    public Collection<PodDisruptionBudget> podDisruptionBudgets(Postgresql pg) {
      return pdbSource.getSecondaryResources(pg);
    }

    @Override
    public Collection<ConfigMap> configMaps(Postgresql pg) {
      return configMapSource.getSecondaryResources(pg);
    }

    @Override
    public Collection<Deployment> deployments(Postgresql pg) {
      return deploymentSource.getSecondaryResources(pg);
    }

    @Override
    public Collection<CronJob> cronJobs(Postgresql pg) {
      return cronJobSource.getSecondaryResources(pg);
    }
  }

  /** Adds and removes Zalando's finalizer with an edit of the manifest. */
  private record Finalizers(KubernetesClient client) implements ClusterReconcile.Finalizers {
    @Override
    public void add(Postgresql pg) {
      client
          .resource(pg)
          .edit(
              p -> {
                p.addFinalizer(FINALIZER);
                return p;
              });
    }

    @Override
    public void remove(Postgresql pg) {
      client
          .resource(pg)
          .edit(
              p -> {
                p.removeFinalizer(FINALIZER);
                return p;
              });
    }
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
    return !Objects.equals(n.getGeneration(), o.getGeneration())
        || !ManagedNames.withoutBookkeeping(n.getAnnotations())
            .equals(ManagedNames.withoutBookkeeping(o.getAnnotations()))
        || !Objects.equals(n.getLabels(), o.getLabels())
        || !Objects.equals(n.getFinalizers(), o.getFinalizers())
        || n.getDeletionTimestamp() != null;
  }

  @Override
  public UpdateControl<Postgresql> reconcile(Postgresql pg, Context<Postgresql> context) {
    try {
      if (!settings.owns(pg.getMetadata().getAnnotations())) {
        return UpdateControl.noUpdate();
      }
      OperatorConfig cfg = config.get();
      if (context.isPrimaryResourceDeleted()) {
        clusters.deleted(pg, cfg);
        return UpdateControl.noUpdate();
      }
      return clusters
          .reconcile(pg, cfg)
          .rescheduleAfter()
          .map(r -> UpdateControl.<Postgresql>noUpdate().rescheduleAfter(r))
          .orElseGet(UpdateControl::noUpdate);
    } finally {
      configChanges.reconciled(ResourceID.fromResource(pg));
    }
  }

  @Override
  public ErrorStatusUpdateControl<Postgresql> updateErrorStatus(
      Postgresql pg, Context<Postgresql> context, Exception e) {
    clusters.failed(pg, statefulSetSource.get(ResourceID.fromResource(pg)).isPresent(), e);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
