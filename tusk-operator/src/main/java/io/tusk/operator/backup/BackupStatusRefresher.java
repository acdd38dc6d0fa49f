package io.tusk.operator.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.BackupStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.backup.LogicalBackupJob;
import io.tusk.spec.labels.Labels;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code backup_status_interval}, reads the backup state of each cluster that archives WAL or
 * has logical backups, and writes it to {@code status.backup} of its {@code postgresql} (a merge
 * patch of that field alone, through the status subresource; the reconciler ignores status
 * changes). For an archiving cluster it runs, in the primary's {@code postgres} container, {@code
 * wal-g backup-list --json --detail} with Spilo's envdir and a {@code psql} query of {@code
 * pg_stat_archiver}, as a person would with {@code kubectl exec}; the logical backup's last success
 * is its CronJob's {@code status.lastSuccessfulTime}. Clusters are read one after the other on one
 * thread, so a large fleet stretches a round rather than loading the primaries at once.
 *
 * <p>A cluster archives when the operator configuration names a WAL bucket ({@code wal_s3_bucket},
 * {@code wal_gs_bucket}, {@code wal_az_storage_account}), its manifest's {@code env} does, or a pod
 * environment ConfigMap or Secret is configured (which may name one; if it does not, the status
 * says that {@code wal-g} found no archive).
 */
public final class BackupStatusRefresher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackupStatusRefresher.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LIST_LIMIT = Duration.ofMinutes(2);
  private static final Duration QUERY_LIMIT = Duration.ofSeconds(30);
  private static final Duration WHILE_OFF = Duration.ofSeconds(30);
  private static final Duration FIRST_ROUND = Duration.ofSeconds(5);
  private static final Set<String> WAL_BUCKET_VARIABLES =
      Set.of("WAL_S3_BUCKET", "WAL_GS_BUCKET", "AZURE_STORAGE_ACCOUNT", "WAL_AZ_STORAGE_ACCOUNT");

  private final KubernetesClient client;
  private final Supplier<OperatorConfig> config;
  private final Supplier<List<Postgresql>> clusters;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tusk-backup-status");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  /**
   * @param clusters the clusters the operator serves, read at the start of each round
   */
  public BackupStatusRefresher(
      KubernetesClient client,
      Supplier<OperatorConfig> config,
      Supplier<List<Postgresql>> clusters) {
    this.client = client;
    this.config = config;
    this.clusters = clusters;
  }

  public void start() {
    timer.schedule(this::round, FIRST_ROUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
  }

  private void round() {
    Duration next = WHILE_OFF;
    try {
      OperatorConfig cfg = config.get();
      Duration interval = cfg.get(Options.BACKUP_STATUS_INTERVAL);
      if (!interval.isZero() && !interval.isNegative()) {
        next = interval;
        for (Postgresql pg : clusters.get()) {
          if (closed) {
            return;
          }
          refreshQuietly(pg, cfg);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      LOG.warn("Could not read the clusters' backup state: {}", e.getMessage());
    } finally {
      if (!closed) {
        timer.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void refreshQuietly(Postgresql pg, OperatorConfig cfg) throws InterruptedException {
    try {
      refresh(pg, cfg);
    } catch (KubernetesClientException | IllegalArgumentException e) {
      LOG.warn(
          "{}/{}: could not read or write the backup state: {}",
          pg.getMetadata().getNamespace(),
          pg.getMetadata().getName(),
          e.getMessage());
    }
  }

  /**
   * Reads one cluster's backup state and writes it to its status.
   *
   * @return what was written; empty when the cluster neither archives nor has logical backups
   */
  public Optional<BackupStatus> refresh(Postgresql pg, OperatorConfig cfg)
      throws InterruptedException {
    if (pg.getMetadata().getDeletionTimestamp() != null || pg.getSpec() == null) {
      return Optional.empty();
    }
    ClusterModel model = ClusterModel.of(pg, cfg);
    boolean archiving = archives(pg, cfg);
    Optional<String> cronJob = LogicalBackupJob.build(model).map(c -> c.getMetadata().getName());
    if (!archiving && cronJob.isEmpty()) {
      return Optional.empty();
    }
    String ns = pg.getMetadata().getNamespace();
    List<String> problems = new ArrayList<>();
    List<JsonNode> backups = null;
    BackupReport.Archiver archiver = null;
    if (archiving) {
      Optional<String> primary = primaryPod(ns, model, cfg);
      if (primary.isEmpty()) {
        problems.add("no ready primary pod to ask");
      } else {
        PodExec.Result list =
            PodExec.run(
                client, ns, primary.get(), "postgres", BackupReport.BACKUP_LIST, LIST_LIMIT);
        if (list.ok()) {
          try {
            backups = BackupReport.baseBackups(list.output());
          } catch (IOException e) {
            problems.add("wal-g backup-list answered no JSON list");
          }
        } else {
          problems.add("wal-g backup-list failed" + why(list));
        }
        PodExec.Result query =
            PodExec.run(
                client,
                ns,
                primary.get(),
                "postgres",
                List.of(
                    "psql",
                    "-U",
                    cfg.get(Options.SUPER_USERNAME),
                    "-d",
                    "postgres",
                    "-tAXc",
                    BackupReport.ARCHIVER_SQL),
                QUERY_LIMIT);
        archiver = query.ok() ? BackupReport.archiver(query.output()).orElse(null) : null;
        if (archiver == null) {
          problems.add("pg_stat_archiver could not be read" + why(query));
        }
      }
    }
    String lastLogical =
        cronJob
            .map(name -> client.batch().v1().cronjobs().inNamespace(ns).withName(name).get())
            .map(CronJob::getStatus)
            .map(s -> s.getLastSuccessfulTime())
            .orElse(null);
    BackupStatus status =
        BackupReport.withEarlierFindings(
            BackupReport.status(backups, archiver, lastLogical, problems, Instant.now()),
            pg.getStatus() == null ? null : pg.getStatus().getBackup());
    LOG.debug(
        "{}/{}: backup state read: {}",
        ns,
        pg.getMetadata().getName(),
        status.getMessage() == null ? "ok" : status.getMessage());
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("status").set("backup", mergePatchOf(status));
    client
        .resources(Postgresql.class)
        .inNamespace(ns)
        .withName(pg.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    return Optional.of(status);
  }

  /**
   * The JSON merge patch of {@code status.backup}: every field, those without a value as explicit
   * nulls, since a merge patch leaves absent fields as they were (an earlier {@code message} would
   * stay after the reading that cleared it).
   */
  static ObjectNode mergePatchOf(BackupStatus status) {
    ObjectNode node = JSON.valueToTree(status);
    JSON.getSerializationConfig()
        .introspect(JSON.constructType(BackupStatus.class))
        .findProperties()
        .forEach(
            p -> {
              if (!node.has(p.getName())) {
                node.putNull(p.getName());
              }
            });
    return node;
  }

  /** Whether the cluster may archive WAL (see the class comment). */
  static boolean archives(Postgresql pg, OperatorConfig cfg) {
    if (set(cfg.get(Options.WAL_S3_BUCKET))
        || set(cfg.get(Options.WAL_GS_BUCKET))
        || set(cfg.get(Options.WAL_AZ_STORAGE_ACCOUNT))
        || set(cfg.get(Options.POD_ENVIRONMENT_CONFIGMAP))
        || set(cfg.get(Options.POD_ENVIRONMENT_SECRET))) {
      return true;
    }
    return pg.getSpec().getEnv() != null
        && pg.getSpec().getEnv().stream()
            .anyMatch(
                e ->
                    WAL_BUCKET_VARIABLES.contains(e.getName())
                        && (e.getValueFrom() != null || set(e.getValue())));
  }

  private static boolean set(String value) {
    return value != null && !value.isBlank();
  }

  /** The Ready pod labelled master, not being deleted. */
  private Optional<String> primaryPod(String ns, ClusterModel model, OperatorConfig cfg) {
    Map<String, String> selector = new HashMap<>(Labels.of(model).base());
    selector.put(cfg.get(Options.POD_ROLE_LABEL), "master");
    return client.pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(BackupStatusRefresher::ready)
        .map(Pod::getMetadata)
        .map(m -> m.getName())
        .sorted()
        .findFirst();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The exit code and the last line of what a failed exec said, kept short. */
  private static String why(PodExec.Result r) {
    String said = r.both();
    int nl = said.lastIndexOf('\n');
    String last = nl < 0 ? said : said.substring(nl + 1);
    if (last.length() > 400) {
      last = last.substring(0, 400) + "...";
    }
    String code = r.timedOut() ? "timed out" : "exit " + r.code();
    return last.isEmpty() ? " (" + code + ")" : " (" + code + "): " + last;
  }
}
