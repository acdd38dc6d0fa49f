package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.CloneDescription;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.StandbyDescription;
import io.tusk.cli.TuskCli;
import io.tusk.images.PostgresInstallation;
import io.tusk.it.OperatorHarness;
import io.tusk.local.ComponentControl;
import io.tusk.local.components.Component;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.local.objectstorage.ObjectStorage;
import io.tusk.spec.backup.BackupAnnotations;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * WAL archiving and base backups on real pods and the local object storage, configured as a Zalando
 * user configures them: {@code wal_s3_bucket} in the operator configuration, the keys and the
 * endpoint through {@code pod_environment_secret}, {@code BACKUP_SCHEDULE} in the manifest's {@code
 * env}. What lands in the bucket is read as files (the object storage keeps each object as a plain
 * file).
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupsIT {

  static final String CLUSTER = "acid-backup";
  static final String BUCKET = ObjectStorage.DEFAULT_BUCKET;
  static final Duration START = Duration.ofMinutes(4);

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private OperatorHarness operator;
  private ClusterView view;
  private int major;

  @BeforeAll
  void runningClusterThatArchives() throws Exception {
    view = new ClusterView(client, CLUSTER);
    copyObjectStorageSecret();
    Map<String, String> keys = objectStorageKeys();
    operator =
        RealPodsOperator.start(
            cluster,
            Map.of(
                "wal_s3_bucket",
                BUCKET,
                "pod_environment_secret",
                ObjectStorage.SECRET_NAME,
                "logical_backup_s3_bucket",
                BUCKET,
                "logical_backup_s3_endpoint",
                keys.get("AWS_ENDPOINT"),
                "logical_backup_s3_region",
                keys.get("AWS_REGION"),
                // The keys as Secret references, not literal values in the CronJob.
                "logical_backup_cronjob_environment_secret",
                ObjectStorage.SECRET_NAME,
                "backup_status_interval",
                "20s"));
    client.resources(Postgresql.class).resource(manifest()).create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", START);
    await("a Ready master and replica")
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> view.readyRoles().equals(List.of("master", "replica")));
  }

  @AfterAll
  void stop() {
    if (view != null) {
      view.deleteAndAwaitPodsGone();
    }
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void switchedWalSegmentsAppearInTheBucketUnderSpilosLayout() throws Exception {
    Path wals = walPrefix().resolve("wals");
    await("the first write through the master Service")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              Sql.execute(view.superuser(), "create table if not exists archived (id int)");
              return true;
            });
    Sql.execute(view.superuser(), "insert into archived select generate_series(1, 1000)");
    String segment = Sql.value(view.superuser(), "select pg_walfile_name(pg_switch_wal())");
    await("segment " + segment + " in " + wals)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> segments(wals).contains(segment));
    assertThat(Sql.value(view.superuser(), "select last_archived_wal from pg_stat_archiver"))
        .isGreaterThanOrEqualTo(segment);
    assertThat(Sql.value(view.superuser(), "select failed_count from pg_stat_archiver"))
        .isEqualTo("0");
  }

  @Test
  @Order(2)
  void theInitialAndAScheduledBaseBackupAppear() throws Exception {
    Path base = walPrefix().resolve("base");
    await("the initial base backup (taken when the primary starts)")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> finishedBackups(base).size() >= 1);
    int before = finishedBackups(base).size();
    // BACKUP_SCHEDULE is every minute.
    await("a scheduled base backup")
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> finishedBackups(base).size() > before);
  }

  @Test
  @Order(3)
  void archivingFailuresWhileTheStorageIsDownAreReportedAndTheArchiveHasNoGap() throws Exception {
    Path wals = walPrefix().resolve("wals");
    ComponentControl.Stopped stopped = cluster.stop(Component.OBJECT_STORAGE);
    List<String> switched = new ArrayList<>();
    try {
      long failedBefore =
          Long.parseLong(Sql.value(view.superuser(), "select failed_count from pg_stat_archiver"));
      for (int i = 0; i < 3; i++) {
        Sql.execute(view.superuser(), "insert into archived select generate_series(1, 1000)");
        switched.add(Sql.value(view.superuser(), "select pg_walfile_name(pg_switch_wal())"));
      }
      await("archiving failures reported")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  Long.parseLong(
                          Sql.value(view.superuser(), "select failed_count from pg_stat_archiver"))
                      > failedBefore);
      assertThat(segments(wals)).doesNotContainAnyElementsOf(switched);
      // The segments wait in pg_wal for the storage to come back.
      assertThat(
              Sql.value(
                  view.superuser(),
                  "select count(*) from pg_ls_dir('pg_wal/archive_status') f"
                      + " where f like '%.ready'"))
          .isNotEqualTo("0");
      Thread.sleep(Duration.ofSeconds(60).toMillis());
    } finally {
      cluster.startAgain(stopped);
    }
    await("every switched segment archived after the storage is back")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> segments(wals).containsAll(switched));
    List<String> all = segments(wals);
    assertThat(gaps(all)).as("segments missing between the first and the last").isEmpty();
  }

  @Test
  @Order(4)
  void aPointInTimeCloneHoldsExactlyTheRowsCommittedUpToItsTimestamp() throws Exception {
    Sql.execute(
        view.superuser(),
        "create table ticks (id int primary key, at timestamptz not null default clock_timestamp())");
    // A row every 100 ms, each committed on its own.
    try (Connection c = Sql.connect(view.superuser())) {
      c.setAutoCommit(true);
      for (int i = 1; i <= 60; i++) {
        try (Statement st = c.createStatement()) {
          st.execute("insert into ticks (id) values (" + i + ")");
        }
        Thread.sleep(100);
      }
    }
    List<String> times =
        Sql.column(
            view.superuser(),
            "select to_char(at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') from ticks"
                + " order by id");
    int k = 30;
    Instant before = Instant.parse(times.get(k - 1) + "Z");
    Instant after = Instant.parse(times.get(k) + "Z");
    Instant target = before.plus(Duration.between(before, after).dividedBy(2));
    String timestamp =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'")
            .withZone(ZoneOffset.UTC)
            .format(target);
    archiveUpToNow();

    String uid = view.current().getMetadata().getUid();
    ClusterView clone = new ClusterView(client, CLUSTER + "-pitr");
    try {
      client
          .resources(Postgresql.class)
          .resource(cloneManifest(CLUSTER + "-pitr", uid, timestamp))
          .create();
      OperatorHarness.awaitStatus(client, CLUSTER + "-pitr", "Running", START);
      await("the clone's primary to answer")
          .atMost(START)
          .ignoreExceptions()
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> Sql.value(clone.superuser(), "select pg_is_in_recovery()").equals("f"));
      assertThat(Sql.value(clone.superuser(), "select count(*) from ticks"))
          .as("rows committed up to " + timestamp)
          .isEqualTo(Integer.toString(k));
      assertThat(Sql.value(clone.superuser(), "select max(id) from ticks")).isEqualTo("" + k);
    } finally {
      clone.deleteAndAwaitPodsGone();
    }
  }

  @Test
  @Order(5)
  void aCloneWithoutTimestampCopiesTheRunningSourceByBasebackup() throws Exception {
    Sql.execute(view.superuser(), "create table if not exists copied (id int)");
    Sql.execute(view.superuser(), "insert into copied select generate_series(1, 500)");
    ClusterView clone = new ClusterView(client, CLUSTER + "-copy");
    try {
      Postgresql pg = cloneManifest(CLUSTER + "-copy", null, null);
      client.resources(Postgresql.class).resource(pg).create();
      OperatorHarness.awaitStatus(client, CLUSTER + "-copy", "Running", START);
      await("the copy's primary to answer")
          .atMost(START)
          .ignoreExceptions()
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> Sql.value(clone.superuser(), "select count(*) from copied").equals("500"));
      assertThat(Sql.value(clone.superuser(), "select pg_is_in_recovery()")).isEqualTo("f");
    } finally {
      clone.deleteAndAwaitPodsGone();
    }
  }

  @Test
  @Order(6)
  void aLogicalBackupRunsOnZalandosScheduleHoldsTheDataAndRestoresIntoANewCluster()
      throws Exception {
    Sql.execute(view.superuser(), "create table if not exists dumped (id int, note text)");
    Sql.execute(
        view.superuser(),
        "insert into dumped select g, 'row ' || g from generate_series(1, 250) g");
    // A manifest role owning a manifest database with a table, and a role made by hand.
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"users\":{\"app_owner\":[]},\"databases\":{\"appdb\":\"app_owner\"}}}");
    await("app_owner's Secret and appdb")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> {
              Sql.execute(appOwner(view, CLUSTER), "select 1");
              return true;
            });
    Sql.execute(
        appOwner(view, CLUSTER),
        "create table items as select g as id, md5(g::text) as payload"
            + " from generate_series(1, 5000) g");
    Sql.execute(view.superuser(), "create role reporting login password 'r3port-secret'");
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"enableLogicalBackup\":true,\"logicalBackupSchedule\":\"* * * * *\"}}");
    String uid = view.current().getMetadata().getUid();
    String name = "logical-backup-" + CLUSTER;
    await("the CronJob " + name)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> client.batch().v1().cronjobs().withName(name).get() != null);
    CronJob job = client.batch().v1().cronjobs().withName(name).get();
    assertThat(job.getSpec().getSchedule()).isEqualTo("* * * * *");
    assertThat(job.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(job.getMetadata().getLabels()).containsEntry("application", "spilo-logical-backup");

    Path dir =
        ObjectStorage.dataRoot(cluster.layout())
            .resolve(BUCKET)
            .resolve("spilo")
            .resolve(CLUSTER)
            .resolve(uid)
            .resolve("logical_backups");
    await("a logical backup in " + dir + " (the CronJob runs every minute)")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> !dumps(dir).isEmpty());
    Path dump = dumps(dir).get(0);
    assertThat(dump.getFileName().toString()).matches("\\d{10}\\.sql\\.gz");
    String sql;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dump))) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(sql).contains("CREATE TABLE public.dumped", "250\trow 250", "CREATE ROLE");
    await("the Job to succeed")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .withLabel("application", "spilo-logical-backup")
                    .list()
                    .getItems()
                    .stream()
                    .anyMatch(
                        j ->
                            j.getStatus() != null
                                && Integer.valueOf(1).equals(j.getStatus().getSucceeded())));
    await("status.backup names the logical backup's success")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> backupStatus() != null && backupStatus().getLastLogicalBackupTime() != null);

    try {
      restoreIntoANewClusterGivesTheSameDataAndKeepsItsPasswordsValid();
    } finally {
      // Also when the restore fails: a dump every minute would load every later test.
      client
          .resources(Postgresql.class)
          .withName(CLUSTER)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"enableLogicalBackup\":false}}");
    }
    await("the CronJob removed when logical backups are turned off")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> client.batch().v1().cronjobs().withName(name).get() == null);
  }

  /**
   * {@code tusk restore} of the newest dump into a new cluster made from the source's manifest: the
   * tables have the source's checksums, the new cluster's own Secrets still log in (the dump's
   * password hashes of the source did not replace them), and a role that only the dump has arrives
   * with its password.
   */
  private void restoreIntoANewClusterGivesTheSameDataAndKeepsItsPasswordsValid() throws Exception {
    String target = CLUSTER + "-restored";
    ClusterView restored = new ClusterView(client, target);
    try {
      Cli listed = tusk("restore", CLUSTER, "--list");
      assertThat(listed.code()).as("tusk restore --list: %s", listed.err()).isZero();
      assertThat(listed.out()).containsPattern("logical_backups/\\d{10}\\.sql\\.gz");

      Cli r = tusk("restore", CLUSTER, "--to", target, "--timeout", "PT8M");
      assertThat(r.code()).as("tusk restore: %s\n%s", r.out(), r.err()).isZero();
      assertThat(r.out())
          .contains("created postgresql " + cluster.namespace() + "/" + target)
          .contains("restored into " + target);
      String dumpedSum = "select md5(string_agg(t::text, ',' order by id)) from dumped t";
      String itemsSum = "select md5(string_agg(t::text, ',' order by id)) from items t";
      assertThat(Sql.value(restored.superuser(), dumpedSum))
          .isEqualTo(Sql.value(view.superuser(), dumpedSum));
      assertThat(Sql.value(appOwner(restored, target), itemsSum))
          .as("appdb.items through the new cluster's own app_owner Secret")
          .isEqualTo(Sql.value(appOwner(view, CLUSTER), itemsSum));
      assertThat(Sql.value(restored.superuser(), "select current_user")).isEqualTo("postgres");
      assertThat(
              Sql.value(
                  new Sql.Login(
                      restored.masterServiceIp(), "reporting", "r3port-secret", "postgres"),
                  "select current_user"))
          .isEqualTo("reporting");
    } finally {
      restored.deleteAndAwaitPodsGone();
    }
  }

  /** The source cluster's status.backup, null while it has none. */
  private io.tusk.api.acid.v1.BackupStatus backupStatus() {
    Postgresql pg = client.resources(Postgresql.class).withName(CLUSTER).get();
    return pg.getStatus() == null ? null : pg.getStatus().getBackup();
  }

  /** app_owner's login to appdb in {@code name} with that cluster's Secret. */
  private Sql.Login appOwner(ClusterView v, String name) {
    return v.login(
        client.secrets().withName(ClusterView.secretName("app_owner", name)).get(), "appdb");
  }

  @Test
  @Order(7)
  void tuskBackupCreateTakesOneAndListShowsItWithTheArchive() throws Exception {
    Path base = walPrefix().resolve("base");
    int before = finishedBackups(base).size();
    Cli created = tusk("backup", "create", CLUSTER);
    assertThat(created.code()).as("tusk backup create: %s", created.err()).isZero();
    // The new one (and perhaps a scheduled one, every minute).
    assertThat(finishedBackups(base)).hasSizeGreaterThan(before);
    Cli listed = tusk("backup", "list", CLUSTER);
    assertThat(listed.code()).as("tusk backup list: %s", listed.err()).isZero();
    List<String> names =
        finishedBackups(base).stream().map(p -> p.getFileName().toString()).sorted().toList();
    assertThat(listed.out())
        .contains("NAME", "STARTED", "FINISHED", "WAL START")
        .contains(names)
        .contains("first recoverable point: ")
        .containsPattern(
            "WAL archive: last archived [0-9A-F]{24}\\S* at .*; \\d+ failures? \\(last: ");
    assertThat(listed.out().lines().filter(l -> names.stream().anyMatch(l::startsWith)))
        .hasSize(names.size());

    // The same, and the failures of the outage earlier, in the postgresql's status.backup.
    String archived = Sql.value(view.superuser(), "select last_archived_wal from pg_stat_archiver");
    java.util.concurrent.atomic.AtomicReference<io.tusk.api.acid.v1.BackupStatus> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    // Scheduled backups go on meanwhile (every minute): at least those listed above.
    try {
      await("status.backup with every base backup and the archive, all read at once")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                var b = backupStatus();
                seen.set(b);
                return b != null
                    && b.getMessage() == null
                    && b.getBaseBackups() != null
                    && b.getBaseBackups() >= names.size()
                    && b.getLastBaseBackup().compareTo(names.get(names.size() - 1)) >= 0
                    && b.getLastArchivedWal() != null
                    && b.getLastArchivedWal().compareTo(archived) >= 0;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "status.backup last seen: "
              + client.getKubernetesSerialization().asJson(seen.get())
              + "; backups "
              + names,
          e);
    }
    var backup = seen.get();
    assertThat(backup.getFirstRecoverablePoint()).isNotBlank();
    assertThat(backup.getLastBaseBackupTime()).isGreaterThan(backup.getFirstRecoverablePoint());
    assertThat(backup.getArchiveFailures()).isPositive();
    assertThat(backup.getLastFailedWal()).matches("[0-9A-F]{24}.*");
    assertThat(backup.getCheckedAt()).isNotBlank();
  }

  @Test
  @Order(9)
  void aStandbyFromTheArchiveFollowsTheSourceAndIsPromotedWhenItsStandbySectionGoes()
      throws Exception {
    String uid = view.current().getMetadata().getUid();
    StandbyDescription desc = new StandbyDescription();
    desc.setS3WalPath("s3://" + BUCKET + "/spilo/" + CLUSTER + "/" + uid + "/wal/" + major);
    followAndPromote(CLUSTER + "-standby", desc, true);
  }

  @Test
  @Order(10)
  void aStandbyStreamingFromTheSourceFollowsItAndIsPromoted() throws Exception {
    StandbyDescription desc = new StandbyDescription();
    desc.setStandbyHost(CLUSTER);
    followAndPromote(CLUSTER + "-streamer", desc, false);
  }

  /**
   * Spilo's retention before a base backup: with BACKUP_NUM_TO_RETAIN 5, backups at least 5 days
   * old go once 5 younger ones remain, except the newest of the old ones (recovery reaches back 5
   * days). Two backups are made 10 days old by dating their backup.info back (the object storage
   * keeps objects as files), then an on-demand backup runs the rule.
   */
  @Test
  @Order(8)
  void retentionRemovesBackupsOlderThanItsDaysOnceEnoughYoungerOnesRemain() throws Exception {
    Path base = walPrefix().resolve("base");
    // Backups are taken every minute; seven leave five younger ones besides the two made old.
    await("seven finished base backups")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> finishedBackups(base).size() >= 7);
    List<Path> backups =
        finishedBackups(base).stream().sorted(Comparator.comparing(Path::getFileName)).toList();
    Path oldest = backups.get(0);
    Path secondOldest = backups.get(1);
    for (Path b : List.of(oldest, secondOldest)) {
      dateBack(b.resolve("backup.info"), Duration.ofDays(10));
    }
    List<Path> younger = backups.subList(2, backups.size());

    Cli created = tusk("backup", "create", CLUSTER);
    assertThat(created.code()).as("tusk backup create: %s", created.err()).isZero();
    List<Path> after = finishedBackups(base);
    assertThat(after).as("the oldest backup, 10 days old, deleted").doesNotContain(oldest);
    assertThat(after)
        .as("the newest backup older than 5 days kept, and every younger one")
        .contains(secondOldest)
        .containsAll(younger);
    // One deleted, the new one (and perhaps a scheduled one) added.
    assertThat(after).hasSizeGreaterThanOrEqualTo(backups.size());
  }

  /**
   * Moves the begin and end times of a barman backup.info back by {@code by}, writing the object
   * again through S3 (the storage keeps a checksum of each object, which barman verifies).
   */
  private void dateBack(Path info, Duration by) throws IOException {
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(info)) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("^(begin_time|end_time)=(.+)$").matcher(line);
      if (m.matches()) {
        java.time.OffsetDateTime t = java.time.OffsetDateTime.parse(m.group(2), format);
        line = m.group(1) + "=" + format.format(t.minus(by));
      }
      lines.add(line);
    }
    Path bucket = ObjectStorage.dataRoot(cluster.layout()).resolve(BUCKET);
    String key = bucket.relativize(info).toString();
    Map<String, String> keys = objectStorageKeys();
    try (var s3 =
        software.amazon.awssdk.services.s3.S3Client.builder()
            .region(software.amazon.awssdk.regions.Region.of(keys.get("AWS_REGION")))
            .endpointOverride(java.net.URI.create(keys.get("AWS_ENDPOINT")))
            .forcePathStyle(true)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        keys.get("AWS_ACCESS_KEY_ID"), keys.get("AWS_SECRET_ACCESS_KEY"))))
            .build()) {
      s3.putObject(
          b -> b.bucket(BUCKET).key(key),
          software.amazon.awssdk.core.sync.RequestBody.fromString(String.join("\n", lines) + "\n"));
    }
  }

  /**
   * The source is lost: both pods are killed (and held down) a few seconds after a segment switch
   * while a row is committed every 100 ms; a clone to the end of the archive has every row
   * committed before the switch, and loses no more than archive_timeout (60 s) of commits.
   */
  @Test
  @Order(11)
  void aCloneOfALostSourceHasEveryRowBeforeTheLastSwitchAndLosesAtMostArchiveTimeout()
      throws Exception {
    Sql.execute(
        view.superuser(),
        "create table lost_rows (n bigint primary key, at timestamptz default clock_timestamp())");
    Map<Long, Instant> acked = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              long n = 0;
              while (!stop.get()) {
                n++;
                try (Connection c = Sql.connect(view.superuser());
                    Statement st = c.createStatement()) {
                  st.execute("insert into lost_rows (n) values (" + n + ")");
                  acked.put(n, Instant.now());
                } catch (java.sql.SQLException e) {
                  // The crash: not acknowledged.
                }
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "lost-rows-writer");
    writer.start();
    String uid = view.current().getMetadata().getUid();
    try {
      Thread.sleep(3000);
      long beforeSwitch = acked.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
      String segment = Sql.value(view.superuser(), "select pg_walfile_name(pg_switch_wal())");
      Path wals = walPrefix().resolve("wals");
      await("segment " + segment + " archived")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> segments(wals).contains(segment));
      Thread.sleep(5000);
      for (io.fabric8.kubernetes.api.model.Pod p : view.pods()) {
        io.tusk.local.pods.PodRuntime.crash(
            cluster.layout().root(), p.getMetadata().getUid(), Duration.ofMinutes(10));
      }
      Thread.sleep(1000);
      stop.set(true);
      writer.join(10_000);
      long lastAcked = acked.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
      assertThat(beforeSwitch).as("rows committed before the switch").isPositive();

      String name = CLUSTER + "-lost";
      ClusterView clone = new ClusterView(client, name);
      try {
        Postgresql pg = cloneManifest(name, uid, null);
        pg.getMetadata().setAnnotations(Map.of("tusk.io/clone-target", "end-of-archive"));
        client.resources(Postgresql.class).resource(pg).create();
        OperatorHarness.awaitStatus(client, name, "Running", START);
        await("the clone's primary to answer")
            .atMost(START)
            .ignoreExceptions()
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> Sql.value(clone.superuser(), "select pg_is_in_recovery()").equals("f"));
        assertThat(
                Sql.value(
                    clone.superuser(), "select count(*) from lost_rows where n <= " + beforeSwitch))
            .as("rows committed before pg_switch_wal() in the clone")
            .isEqualTo(Long.toString(beforeSwitch));
        long inClone = Long.parseLong(Sql.value(clone.superuser(), "select max(n) from lost_rows"));
        long lastInClone =
            acked.keySet().stream().filter(n -> n <= inClone).max(Long::compare).orElseThrow();
        Duration lost = Duration.between(acked.get(lastInClone), acked.get(lastAcked));
        System.out.printf(
            "lost source: %d of %d acknowledged rows lost, %d ms of commits%n",
            lastAcked - inClone, lastAcked, lost.toMillis());
        assertThat(lost).as("commits lost").isLessThanOrEqualTo(Duration.ofSeconds(60));
      } finally {
        clone.deleteAndAwaitPodsGone();
      }
    } finally {
      stop.set(true);
      writer.join(10_000);
    }
  }

  /**
   * A standby cluster of the source: it serves the source's rows, follows a new one (through the
   * archive after a segment switch, or by streaming), and takes writes once its standby section is
   * removed, while the source goes on alone.
   */
  private void followAndPromote(String standby, StandbyDescription desc, boolean fromArchive)
      throws Exception {
    // A standby has the source's roles: its credentials are the source's (as Zalando's docs say).
    for (String user : List.of("postgres", "standby")) {
      Secret source = client.secrets().withName(ClusterView.secretName(user, CLUSTER)).get();
      client
          .secrets()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(ClusterView.secretName(user, standby))
                  .withNamespace(cluster.namespace())
                  .endMetadata()
                  .withData(source.getData())
                  .build())
          .create();
    }
    String table = standby.replace('-', '_');
    Sql.execute(view.superuser(), "create table if not exists " + table + " (id int)");
    Sql.execute(view.superuser(), "insert into " + table + " values (1)");
    archiveUpToNow();
    ClusterView follower = new ClusterView(client, standby);
    try {
      Postgresql pg = manifest();
      pg.getMetadata().setName(standby);
      pg.getMetadata().setAnnotations(null);
      pg.getSpec().setNumberOfInstances(1);
      pg.getSpec().setStandby(desc);
      client.resources(Postgresql.class).resource(pg).create();
      await("the standby leader to serve the source's rows")
          .atMost(START)
          .ignoreExceptions()
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> Sql.value(follower.superuser(), "select count(*) from " + table).equals("1"));
      assertThat(Sql.value(follower.superuser(), "select pg_is_in_recovery()")).isEqualTo("t");

      Sql.execute(view.superuser(), "insert into " + table + " values (2)");
      if (fromArchive) {
        archiveUpToNow();
      }
      await("the standby to follow the source")
          .atMost(Duration.ofSeconds(90))
          .ignoreExceptions()
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> Sql.value(follower.superuser(), "select count(*) from " + table).equals("2"));

      client
          .resources(Postgresql.class)
          .withName(standby)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"standby\":null}}");
      await("the promoted standby to take writes")
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                Sql.execute(follower.superuser(), "insert into " + table + " values (3)");
                return true;
              });
      assertThat(Sql.value(follower.superuser(), "select pg_is_in_recovery()")).isEqualTo("f");
      assertThat(Sql.value(follower.superuser(), "select count(*) from " + table)).isEqualTo("3");
      assertThat(Sql.value(view.superuser(), "select count(*) from " + table))
          .as("the source goes on alone")
          .isEqualTo("2");
      OperatorHarness.awaitStatus(client, standby, "Running", Duration.ofSeconds(120));
    } finally {
      follower.deleteAndAwaitPodsGone();
    }
  }

  private record Cli(int code, String out, String err) {}

  /** The CLI against this test's cluster and operator configuration. */
  private Cli tusk(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = TuskCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "-n",
            cluster.namespace(),
            "--config-map",
            OperatorHarness.CONFIG_MAP,
            "--operator-namespace",
            cluster.namespace()));
    System.setProperty("kubeconfig", cluster.kubeconfig().toString());
    try {
      int code = cl.execute(all.toArray(String[]::new));
      return new Cli(code, out.toString(), err.toString());
    } finally {
      System.clearProperty("kubeconfig");
    }
  }

  private static List<Path> dumps(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".sql.gz")).sorted().toList();
    }
  }

  /** The local object storage's endpoint and keys, from its Secret. */
  private Map<String, String> objectStorageKeys() {
    Secret s =
        client
            .secrets()
            .inNamespace(ObjectStorage.SECRET_NAMESPACE)
            .withName(ObjectStorage.SECRET_NAME)
            .get();
    Map<String, String> out = new HashMap<>();
    s.getData()
        .forEach(
            (k, v) ->
                out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return out;
  }

  /** Switches to a new WAL segment and waits until it (and so everything before) is archived. */
  private void archiveUpToNow() throws Exception {
    String segment = Sql.value(view.superuser(), "select pg_walfile_name(pg_switch_wal())");
    await("segment " + segment + " archived")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                Sql.value(
                            view.superuser(),
                            "select coalesce(last_archived_wal, '') from pg_stat_archiver")
                        .compareTo(segment)
                    >= 0);
  }

  private Postgresql cloneManifest(String name, String uid, String timestamp) {
    Postgresql pg = manifest();
    pg.getMetadata().setName(name);
    pg.getSpec().setNumberOfInstances(1);
    pg.getMetadata().setAnnotations(null);
    CloneDescription clone = new CloneDescription();
    clone.setCluster(CLUSTER);
    clone.setUid(uid);
    clone.setTimestamp(timestamp);
    pg.getSpec().setClone(clone);
    return pg;
  }

  /** The segment names (no history files, no backup labels) under {@code wals/}, sorted. */
  private static List<String> segments(Path wals) throws IOException {
    if (!Files.isDirectory(wals)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(wals)) {
      return s.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .map(n -> n.replaceAll("\\.(gz|bz2)$", ""))
          .filter(n -> n.matches("[0-9A-F]{24}"))
          .sorted()
          .toList();
    }
  }

  /** Segments of the same timeline missing between the first and the last archived one. */
  static List<String> gaps(List<String> segments) {
    List<String> missing = new ArrayList<>();
    for (int i = 1; i < segments.size(); i++) {
      String prev = segments.get(i - 1);
      String cur = segments.get(i);
      if (!prev.substring(0, 8).equals(cur.substring(0, 8))) {
        continue;
      }
      long p = segmentNumber(prev);
      long c = segmentNumber(cur);
      for (long n = p + 1; n < c; n++) {
        missing.add(prev.substring(0, 8) + String.format("%08X%08X", n >>> 8, n & 0xFF));
      }
    }
    return missing;
  }

  /** log * 256 + seg, for 16 MiB segments. */
  private static long segmentNumber(String name) {
    return Long.parseLong(name.substring(8, 16), 16) * 256 + Long.parseLong(name.substring(16), 16);
  }

  private static List<Path> finishedBackups(Path base) throws IOException {
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(base)) {
      return s.filter(d -> isDone(d.resolve("backup.info"))).toList();
    }
  }

  private static boolean isDone(Path info) {
    try {
      return Files.isRegularFile(info) && Files.readString(info).contains("status=DONE");
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code <bucket>/spilo/<cluster>/<uid>/wal/<major>}, as Zalando's configuration makes it. */
  private Path walPrefix() {
    String uid = view.current().getMetadata().getUid();
    return ObjectStorage.dataRoot(cluster.layout())
        .resolve(BUCKET)
        .resolve("spilo")
        .resolve(CLUSTER)
        .resolve(uid)
        .resolve("wal")
        .resolve(Integer.toString(major));
  }

  private void copyObjectStorageSecret() {
    Secret source =
        client
            .secrets()
            .inNamespace(ObjectStorage.SECRET_NAMESPACE)
            .withName(ObjectStorage.SECRET_NAME)
            .get();
    assertThat(source).as("the local object storage's Secret").isNotNull();
    client
        .secrets()
        .inNamespace(cluster.namespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(ObjectStorage.SECRET_NAME)
                .withNamespace(cluster.namespace())
                .endMetadata()
                .withData(source.getData())
                .build())
        .create();
  }

  private Postgresql manifest() {
    Postgresql pg =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: acid.zalan.do/v1
                kind: postgresql
                metadata:
                  name: acid-backup
                spec:
                  teamId: acid
                  numberOfInstances: 2
                  volume:
                    size: 1Gi
                  postgresql:
                    version: "17"
                """,
                Postgresql.class);
    pg.getMetadata().setNamespace(cluster.namespace());
    major = ClusterView.newestMajor(PostgresInstallation::ssl, "TLS support");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    // The schedule as Tusk's annotation (Spilo's BACKUP_SCHEDULE in the pods).
    pg.getMetadata().setAnnotations(Map.of(BackupAnnotations.SCHEDULE, "* * * * *"));
    // Backups every minute (base and logical) load this two-core machine at each minute's turn:
    // a Patroni that gives the API server 3 s (retry_timeout) demotes itself now and then. 10 s
    // rides that out; ttl follows (at least loop_wait + 2 * retry_timeout).
    Patroni patroni = new Patroni();
    patroni.setTtl(30);
    patroni.setLoopWait(2);
    patroni.setRetryTimeout(10);
    pg.getSpec().setPatroni(patroni);
    return pg;
  }
}
