package io.tusk.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.api.ClusterHistory;
import io.tusk.operator.api.ClusterLogs;
import io.tusk.operator.api.Workers;
import io.tusk.operator.api.ZalandoApi;
import io.tusk.operator.backup.BackupStatusRefresher;
import io.tusk.operator.config.ConfigurationSource;
import io.tusk.operator.crd.CrdRegistration;
import io.tusk.operator.database.AutoPrimaryResolver;
import io.tusk.operator.database.PrimaryResolver;
import io.tusk.operator.health.OperatorHttpServer;
import io.tusk.operator.metrics.BothMetrics;
import io.tusk.operator.metrics.MeteredEvents;
import io.tusk.operator.metrics.OperatorMetrics;
import io.tusk.operator.reconciler.PostgresqlReconciler;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventRecorder;
import io.tusk.operator.status.EventSink;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.naming.ClusterNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the operator with plain constructors (no container, no discovery): configuration source,
 * reconciler, JOSDK operator, HTTP endpoints. {@link #start()} returns once the informers are
 * synced and the operator serves; {@link #close()} stops everything.
 */
public final class TuskOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TuskOperator.class);

  /**
   * Reconciles run concurrently on this many threads (at least Zalando's {@code workers}). They
   * mostly wait on the API server, so many threads cost little and keep one slow cluster from
   * delaying the others.
   */
  static final int RECONCILIATION_THREADS = 50;

  /** Concurrent requests to the API server; fabric8's default of 5 throttles bursts of clusters. */
  public static final int MAX_CONCURRENT_REQUESTS = 64;

  /** Applies Tusk's client settings (request concurrency) to a client configuration. */
  public static io.fabric8.kubernetes.client.Config tune(
      io.fabric8.kubernetes.client.Config config) {
    config.setMaxConcurrentRequests(MAX_CONCURRENT_REQUESTS * 2);
    config.setMaxConcurrentRequestsPerHost(MAX_CONCURRENT_REQUESTS);
    return config;
  }

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final ConfigurationSource configuration;
  private final int httpPort;
  private final PrimaryResolver primaries;
  private final ReconcileCounts reconciles;
  private final OperatorMetrics metrics = new OperatorMetrics();
  private PostgresqlReconciler reconciler;
  private Operator operator;
  private OperatorHttpServer http;
  private BackupStatusRefresher backupStatus;
  private Workers workers;
  private ClusterLogs clusterLogs;
  private volatile boolean ready;

  /**
   * @param httpPort port of the health and REST endpoints; -1 uses {@code api_port} from the
   *     configuration, 0 picks a free one
   */
  public TuskOperator(KubernetesClient client, OperatorSettings settings, int httpPort) {
    this(client, settings, httpPort, new AutoPrimaryResolver(client));
  }

  /**
   * @param primaries where the database sync connects to each cluster's primary and whether it is
   *     ready; the default ({@link AutoPrimaryResolver}) connects to the master Service's DNS name,
   *     as Zalando does, or to its ClusterIP where cluster DNS names do not resolve
   */
  public TuskOperator(
      KubernetesClient client, OperatorSettings settings, int httpPort, PrimaryResolver primaries) {
    this.client = client;
    this.settings = settings;
    this.configuration = new ConfigurationSource(client, settings);
    this.httpPort = httpPort;
    this.primaries = primaries;
    this.reconciles = new ReconcileCounts(configuration);
  }

  public synchronized void start() {
    OperatorConfig config = configuration.load();
    new CrdRegistration(client, settings.crdReadyWaitInterval(), settings.crdReadyWaitTimeout())
        .register(config, settings);
    String watched = config.effectiveWatchedNamespace(settings.operatorNamespace());
    EventSink events = new MeteredEvents(new EventRecorder(client), metrics);
    reconciler =
        new PostgresqlReconciler(client, configuration, settings, events, primaries, metrics);

    int reconcileThreads = Math.max(RECONCILIATION_THREADS, config.get(Options.WORKERS));
    workers = new Workers(config.get(Options.WORKERS), Clock.systemUTC());
    clusterLogs = new ClusterLogs(() -> configuration.get().get(Options.RING_LOG_LINES), workers);
    clusterLogs.install();
    ClusterHistory history =
        new ClusterHistory(() -> configuration.get().get(Options.RING_LOG_LINES));
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(reconcileThreads)
                    .withExecutorService(ReconcileThreads.pool(reconcileThreads))
                    .withStopOnInformerErrorDuringStartup(true)
                    .withMetrics(
                        new BothMetrics(
                            new BothMetrics(reconciles, metrics.josdk()),
                            new BothMetrics(workers, new BothMetrics(clusterLogs, history)))));
    operator.register(
        reconciler,
        o -> {
          o.withName("postgresql")
              .withFieldManager("tusk")
              .withTriggerReconcilerOnAllEvents(true)
              .withGenerationAware(false)
              // Status writes do not change generation or metadata: filter them out so a status
              // update
              // does not trigger another reconcile (Zalando skips UPDATE events without spec
              // changes).
              .withOnUpdateFilter(PostgresqlReconciler::isRelevantUpdate)
              .withReconciliationMaxInterval(config.get(Options.RESYNC_PERIOD))
              .withRetry(retry(config.get(Options.REPAIR_PERIOD)));
          if ("*".equals(watched)) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(namespaces(watched));
          }
        });
    configuration.watch(
        next ->
            LOG.info(
                "Re-syncing {} clusters after a configuration change",
                reconciler.configChangeTrigger().resyncAll()),
        (object, reason) ->
            events.warning(
                object,
                EventReason.Configuration,
                "Ignoring the invalid operator configuration, keeping the previous one: "
                    + reason));

    int port = httpPort >= 0 ? httpPort : config.get(Options.API_PORT);
    try {
      http =
          new OperatorHttpServer(
              "0.0.0.0",
              port,
              () -> ready,
              () -> configAnswer(watched),
              new ZalandoApi(
                  () -> clustersIn(watched), workers, clusterLogs, history, this::objectsOf),
              reconciles::totals,
              metrics::scrape);
      http.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on port " + port + " for the operator's HTTP endpoints", e);
    }
    operator.start();
    backupStatus = new BackupStatusRefresher(client, configuration::get, () -> clustersIn(watched));
    backupStatus.start();
    ready = true;
    LOG.info(
        "Tusk operator started: watching {} (HTTP endpoints on port {})",
        "*".equals(watched) ? "all namespaces" : "namespaces " + watched,
        http.port());
  }

  /**
   * How a failed reconcile is retried: after 2 s, 2 s, 4 s, 8 s and so on up to {@code
   * repair_period}, for as long as it fails. JOSDK's default gives up after five attempts, which
   * would leave a cluster whose API requests failed for a minute (an overloaded or restarting API
   * server) untouched until the next periodic resync, by default 30 minutes later; Zalando retries
   * failed clusters every {@code repair_period}.
   */
  static GenericRetry retry(java.time.Duration repairPeriod) {
    long max = Math.max(repairPeriod.toMillis(), FIRST_RETRY_MILLIS);
    return new GenericRetry()
        .withoutMaxAttempts()
        .setInitialInterval(FIRST_RETRY_MILLIS)
        .setIntervalMultiplier(2)
        .setMaxInterval(max);
  }

  private static final long FIRST_RETRY_MILLIS = 2000;

  /**
   * {@code /config/}: the controller's settings and the masked operator configuration, which also
   * carries Zalando's {@code WatchedNamespace} (its UI reads it to know where to look).
   */
  private Map<String, Object> configAnswer(String watched) {
    Map<String, Object> operatorConfig = new LinkedHashMap<>(configuration.get().toDisplayMap());
    operatorConfig.put("WatchedNamespace", watched);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put(
        "controller", Map.of("watchedNamespace", watched, "controllerId", settings.controllerId()));
    answer.put("operator", operatorConfig);
    return answer;
  }

  /** A cluster's objects under the keys of Zalando's cluster status (null where missing). */
  private Map<String, Object> objectsOf(Postgresql pg) {
    ClusterNames names = ClusterNames.of(ClusterModel.of(pg, configuration.get()));
    String ns = pg.getMetadata().getNamespace();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "MasterService",
        client.services().inNamespace(ns).withName(names.service(PostgresRole.MASTER)).get());
    out.put(
        "ReplicaService",
        client.services().inNamespace(ns).withName(names.service(PostgresRole.REPLICA)).get());
    out.put(
        "MasterEndpoint",
        client.endpoints().inNamespace(ns).withName(names.endpoints(PostgresRole.MASTER)).get());
    out.put(
        "ReplicaEndpoint",
        client.endpoints().inNamespace(ns).withName(names.endpoints(PostgresRole.REPLICA)).get());
    out.put(
        "StatefulSet",
        client.apps().statefulSets().inNamespace(ns).withName(names.statefulSet()).get());
    out.put(
        "PrimaryPodDisruptionBudget",
        client
            .policy()
            .v1()
            .podDisruptionBudget()
            .inNamespace(ns)
            .withName(names.primaryPodDisruptionBudget())
            .get());
    out.put(
        "CriticalOpPodDisruptionBudget",
        client
            .policy()
            .v1()
            .podDisruptionBudget()
            .inNamespace(ns)
            .withName(names.criticalOpPodDisruptionBudget())
            .get());
    return out;
  }

  /** The reconciles of each cluster that ran to the end in this operator process. */
  public ReconcileCounts reconciles() {
    return reconciles;
  }

  public int httpPort() {
    return http.port();
  }

  public boolean isReady() {
    return ready;
  }

  @Override
  public synchronized void close() {
    ready = false;
    if (clusterLogs != null) {
      clusterLogs.uninstall();
    }
    if (backupStatus != null) {
      backupStatus.close();
    }
    if (operator != null) {
      operator.stop();
    }
    if (reconciler != null) {
      reconciler.configChangeTrigger().close();
    }
    configuration.close();
    if (http != null) {
      http.close();
    }
  }

  /** A watched-namespace value ("ns" or Tusk's "ns1,ns2") as a set. */
  /** The postgresql resources in the watched namespaces ({@code *}: all). */
  private List<Postgresql> clustersIn(String watched) {
    if ("*".equals(watched)) {
      return client.resources(Postgresql.class).inAnyNamespace().list().getItems();
    }
    List<Postgresql> all = new ArrayList<>();
    for (String ns : namespaces(watched)) {
      all.addAll(client.resources(Postgresql.class).inNamespace(ns).list().getItems());
    }
    return all;
  }

  static Set<String> namespaces(String watched) {
    return Arrays.stream(watched.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }
}
