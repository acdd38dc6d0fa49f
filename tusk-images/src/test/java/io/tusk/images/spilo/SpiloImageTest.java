package io.tusk.images.spilo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tusk.images.ContainerContext;
import io.tusk.images.FakeInstallations;
import io.tusk.images.ImageCatalog;
import io.tusk.images.ImageException;
import io.tusk.images.Installations;
import io.tusk.images.LaunchPlan;
import io.tusk.images.PodUser;
import io.tusk.images.ZalandoPodEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing a Spilo container: files, process, environment, choice of PostgreSQL build. */
class SpiloImageTest {

  @TempDir Path tmp;

  private ContainerContext context(Map<String, String> env) throws Exception {
    Path volume = Files.createDirectories(tmp.resolve("volumes/pgdata"));
    Path scratch = Files.createDirectories(tmp.resolve("s"));
    return new ContainerContext(
        "acid-minimal-cluster-0",
        "default",
        ZalandoPodEnv.POD_IP,
        "postgres",
        List.of(),
        List.of(),
        env,
        Map.of("/home/postgres/pgdata", volume),
        scratch,
        null,
        tmp.resolve("kubeconfig"),
        "tusk");
  }

  private static SpiloImage spilo() {
    return (SpiloImage)
        ImageCatalog.standard(FakeInstallations.standard())
            .resolve("ghcr.io/zalando/spilo-18:4.1-p2")
            .orElseThrow();
  }

  @Test
  void preparesPatroniWithPrivateConfigAndReducedEnvironment() throws Exception {
    Map<String, String> env = ZalandoPodEnv.of("minimal-postgres-manifest.yaml");
    ContainerContext ctx = context(env);
    LaunchPlan plan = spilo().prepare(ctx);

    Path yml = ctx.scratchDir().resolve("postgres.yml");
    // Patroni, started by a shell that notes its process id (the in-place upgrade restarts it).
    Path pid = ctx.scratchDir().resolve("run/patroni.pid");
    assertThat(plan.command())
        .containsExactly(
            "/bin/sh",
            "-c",
            "echo $$ > \"$0\" && exec \"$1\" \"$2\"",
            pid.toString(),
            "/opt/fake/patroni/bin/patroni",
            yml.toString());
    assertThat(plan.env()).containsEntry("TUSK_PATRONI_PID_FILE", pid.toString());
    // Spilo's upgrade script, as Zalando's operator names it, leads to the local program.
    Path script = ctx.scratchDir().resolve("scripts/inplace_upgrade");
    assertThat(
            plan.resolveExec(
                List.of(
                    "/bin/bash",
                    "-c",
                    "set -o pipefail && /usr/bin/python3 /scripts/inplace_upgrade.py 3 2>&1"
                        + " | tee last_upgrade.log")))
        .containsExactly(
            "/bin/bash", "-c", "set -o pipefail && " + script + " 3 2>&1 | tee last_upgrade.log");
    assertThat(Files.readString(script)).contains("io.tusk.images.spilo.upgrade.InplaceUpgrade");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(ctx.scratchDir().resolve("upgrade.properties"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(yml)))
        .isEqualTo("rw-------");
    Map<String, Object> config =
        new YAMLMapper()
            .readValue(Files.readString(yml), new TypeReference<Map<String, Object>>() {});
    @SuppressWarnings("unchecked")
    Map<String, Object> pg = (Map<String, Object>) config.get("postgresql");
    Path dataDir = tmp.resolve("volumes/pgdata/pgroot/data");
    assertThat(pg.get("data_dir")).isEqualTo(dataDir.toString());
    assertThat(pg.get("bin_dir")).isEqualTo("/opt/fake/pg/18/bin");

    // launch.sh's directories
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
    assertThat(tmp.resolve("volumes/pgdata/pgroot/pg_log/postgresql-0.csv")).exists();
    assertThat(tmp.resolve("volumes/pgdata/pgroot/pg_log/postgresql-7.csv")).exists();

    Map<String, String> penv = plan.env();
    assertThat(penv)
        .containsEntry("KUBECONFIG", tmp.resolve("kubeconfig").toString())
        .containsEntry("HOSTNAME", "acid-minimal-cluster-0")
        .containsEntry("POD_IP", "10.244.0.7")
        .containsEntry("POD_NAMESPACE", "default")
        .containsEntry("LC_ALL", "C.UTF-8")
        .doesNotContainKeys(
            "KUBERNETES_SERVICE_HOST", "SPILO_CONFIGURATION", "PGPASSWORD_SUPERUSER");
    assertThat(penv.get("PATH")).startsWith("/opt/fake/pg/18/bin:/opt/fake/patroni/bin:");
    assertThat(penv.values()).noneMatch(v -> v.startsWith("secret:"));
    assertThat(plan.notes()).noneMatch(n -> n.contains("secret:"));
    assertThat(plan.notes().get(0))
        .contains("ghcr.io/zalando/spilo-18:4.1-p2")
        .contains("Patroni 4.1.5")
        .contains("PostgreSQL 18.1");

    // the post_init hook's own jar: the hook classes, the in-place upgrade with Tusk's Patroni
    // client, and pgjdbc, readable by the pod user
    Path jar = ctx.scratchDir().resolve("lib/tusk-post-bootstrap.jar");
    try (var j = new java.util.jar.JarFile(jar.toFile())) {
      List<String> names = j.stream().map(java.util.zip.ZipEntry::getName).toList();
      assertThat(names)
          .contains(
              "io/tusk/images/spilo/PostBootstrap.class",
              "io/tusk/images/spilo/user_management.sql",
              "io/tusk/images/spilo/upgrade/InplaceUpgrade.class",
              "io/tusk/patroni/PatroniClient.class",
              "com/fasterxml/jackson/databind/ObjectMapper.class",
              "org/postgresql/Driver.class",
              "META-INF/services/java.sql.Driver")
          .noneMatch(
              n ->
                  n.startsWith("io/tusk/images/pgbouncer/")
                      || n.startsWith("com/fasterxml/jackson/dataformat/"));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)))
        .isEqualTo("rw-r--r--");
    @SuppressWarnings("unchecked")
    String postInit = ((Map<String, Object>) config.get("bootstrap")).get("post_init").toString();
    assertThat(postInit).endsWith("-cp " + jar + " io.tusk.images.spilo.PostBootstrap zalandos");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> postgresSection(Path scratch) throws Exception {
    Map<String, Object> config =
        new YAMLMapper()
            .readValue(
                scratch.resolve("postgres.yml").toFile(),
                new TypeReference<Map<String, Object>>() {});
    return (Map<String, Object>) config.get("postgresql");
  }

  @Test
  void walStorageInTheEnvironmentArchivesThroughWalgAndRunsTheBackupCron() throws Exception {
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put("WAL_S3_BUCKET", "backups");
    env.put("WAL_BUCKET_SCOPE_SUFFIX", "/uid-1");
    env.put("WAL_BUCKET_SCOPE_PREFIX", "");
    env.put("AWS_ENDPOINT", "http://10.244.0.1:9000");
    env.put("AWS_ACCESS_KEY_ID", "AK");
    env.put("AWS_SECRET_ACCESS_KEY", "SECRET-KEY");
    env.put("BACKUP_SCHEDULE", "*/5 * * * *");
    ContainerContext ctx = context(env);
    LaunchPlan plan = spilo().prepare(ctx);
    Path scratch = ctx.scratchDir();
    Path envdir = scratch.resolve("run/etc/wal-e.d/env");
    Path walg = scratch.resolve("bin/wal-g");

    // Patroni, and beside it the backup cron.
    assertThat(plan.command()).hasSize(7);
    assertThat(plan.command().get(2)).contains("\"$3\" &", "exec \"$1\" \"$2\"");
    assertThat(plan.command().get(6)).isEqualTo(scratch.resolve("bin/backup-cron").toString());
    assertThat(Files.readString(scratch.resolve("bin/backup-cron")))
        .contains(
            io.tusk.images.spilo.backup.BackupCron.class.getName(),
            "'*/5 * * * *'",
            "/home/postgres/pgdata/pgroot/data");
    assertThat(plan.env().get("PATH")).startsWith(scratch.resolve("bin") + ":");

    Map<String, Object> pg = postgresSection(scratch);
    assertThat(((Map<?, ?>) pg.get("parameters")).get("archive_command"))
        .isEqualTo(scratch.resolve("bin/envdir") + " " + envdir + " " + walg + " wal-push \"%p\"");
    assertThat(((Map<?, ?>) pg.get("recovery_conf")).get("restore_command"))
        .isEqualTo(
            scratch.resolve("bin/envdir") + " " + envdir + " " + walg + " wal-fetch \"%f\" \"%p\"");
    assertThat(Files.readString(scratch.resolve("postgres.yml"))).doesNotContain("SECRET-KEY");
    assertThat(Files.readString(envdir.resolve("WALG_S3_PREFIX")))
        .isEqualTo("s3://backups/spilo/acid-minimal-cluster/uid-1/wal/18\n");
    assertThat(Files.getPosixFilePermissions(envdir.resolve("AWS_SECRET_ACCESS_KEY")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(walg)).contains("export TUSK_BARMAN_BIN=/opt/fake/barman/bin");
    // What users exec into Spilo pods reaches the local programs.
    assertThat(
            plan.resolveExec(
                List.of(
                    "/bin/bash",
                    "-c",
                    "envdir \"/run/etc/wal-e.d/env\" /scripts/postgres_backup.sh"
                        + " /home/postgres/pgdata/pgroot/data")))
        .containsExactly(
            "/bin/bash",
            "-c",
            "envdir \""
                + envdir
                + "\" "
                + scratch.resolve("scripts/postgres_backup.sh")
                + " /home/postgres/pgdata/pgroot/data");
    assertThat(plan.notes()).anyMatch(n -> n.contains("barman-cloud behind wal-g"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void clonesBootstrapThroughSpilosCloneScripts() throws Exception {
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put("CLONE_METHOD", "CLONE_WITH_BASEBACKUP");
    env.put("CLONE_SCOPE", "acid-source");
    env.put("CLONE_HOST", "acid-source");
    env.put("CLONE_PORT", "5432");
    env.put("CLONE_USER", "standby");
    env.put("CLONE_PASSWORD", "pa:ss");
    ContainerContext ctx = context(env);
    spilo().prepare(ctx);
    Path scratch = ctx.scratchDir();
    Map<String, Object> bootstrap = section(scratch, "bootstrap");
    assertThat(bootstrap).containsEntry("method", "clone_with_basebackup");
    assertThat(((Map<?, ?>) bootstrap.get("clone_with_basebackup")).get("command").toString())
        .contains(
            scratch.resolve("scripts/clone_with_basebackup.py").toString(),
            "--host=acid-source",
            "--user=standby",
            "--pgpass=" + scratch.resolve("home/.pgpass_acid-source"));
    assertThat(Files.readString(scratch.resolve("home/.pgpass_acid-source")))
        .isEqualTo("acid-source:5432:*:standby:pa\\:ss\n");
    assertThat(section(scratch, "postgresql")).containsEntry("use_unix_socket_repl", false);

    Map<String, String> pitr =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    pitr.put("CLONE_METHOD", "CLONE_WITH_WALE");
    pitr.put("CLONE_SCOPE", "acid-source");
    pitr.put("CLONE_WAL_S3_BUCKET", "backups");
    pitr.put("CLONE_WAL_BUCKET_SCOPE_SUFFIX", "/uid-9");
    pitr.put("CLONE_WAL_BUCKET_SCOPE_PREFIX", "");
    pitr.put("CLONE_AWS_ENDPOINT", "http://10.244.0.1:9000");
    pitr.put("CLONE_TARGET_TIME", "2026-12-07T09:22:14+00:00");
    Files.walk(tmp.resolve("s"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    ContainerContext pctx = context(pitr);
    spilo().prepare(pctx);
    Map<String, Object> pb = section(pctx.scratchDir(), "bootstrap");
    assertThat(pb).containsEntry("method", "clone_with_wale");
    Map<?, ?> wale = (Map<?, ?>) pb.get("clone_with_wale");
    assertThat(wale.get("command").toString())
        .contains("clone_with_wale.py", "--recovery-target-time=2026-12-07T09:22:14+00:00");
    Map<String, Object> recovery = (Map<String, Object>) wale.get("recovery_conf");
    assertThat(recovery.get("recovery_target_time")).isEqualTo("2026-12-07T09:22:14+00:00");
    assertThat(recovery.get("recovery_target_action")).isEqualTo("promote");
    assertThat(recovery.get("recovery_target_timeline")).isEqualTo("latest");
    assertThat(recovery).doesNotContainKey("recovery_target_inclusive");
    assertThat(recovery.get("restore_command").toString())
        .contains("env-clone-acid-source", "wal-fetch");
    Path cloneEnv = pctx.scratchDir().resolve("run/etc/wal-e.d/env-clone-acid-source");
    assertThat(Files.readString(cloneEnv.resolve("WALG_S3_PREFIX")))
        .isEqualTo("s3://backups/spilo/acid-source/uid-9/wal/\n");

    Map<String, String> unsupported = new LinkedHashMap<>(pitr);
    unsupported.remove("CLONE_WAL_S3_BUCKET");
    unsupported.put("CLONE_WAL_GS_BUCKET", "gs");
    assertThatThrownBy(() -> spilo().prepare(context(unsupported)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("S3-compatible storage");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Path scratch, String name) throws Exception {
    Map<String, Object> config =
        new YAMLMapper()
            .readValue(
                scratch.resolve("postgres.yml").toFile(),
                new TypeReference<Map<String, Object>>() {});
    return (Map<String, Object>) config.get(name);
  }

  @Test
  void withoutBarmanOrWithOtherStoresArchivingStaysOffWithANote() throws Exception {
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put("WAL_GS_BUCKET", "gs-bucket");
    ContainerContext ctx = context(env);
    LaunchPlan plan = spilo().prepare(ctx);
    Map<String, Object> pg = postgresSection(ctx.scratchDir());
    assertThat(((Map<?, ?>) pg.get("parameters")).get("archive_command")).isEqualTo("/bin/true");
    assertThat(pg).doesNotContainKey("recovery_conf");
    assertThat(plan.notes()).anyMatch(n -> n.contains("S3-compatible storage only"));
    assertThat(plan.command()).hasSize(6);
  }

  @Test
  void sslBuildGetsASelfSignedCertificateThatIsKept() throws Exception {
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put("PGVERSION", "17");
    ContainerContext ctx = context(env);
    spilo().prepare(ctx);
    Path key = ctx.scratchDir().resolve("certs/server.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(ctx.scratchDir().resolve("certs/server.crt")))
        .contains("BEGIN CERTIFICATE");
    String firstKey = Files.readString(key);
    spilo().prepare(ctx); // a restart keeps the certificate, as Spilo does
    assertThat(Files.readString(key)).isEqualTo(firstKey);
  }

  @Test
  void mountedCertificateFilesAreCopied() throws Exception {
    Path tls = Files.createDirectories(tmp.resolve("volumes/tls"));
    Files.writeString(tls.resolve("tls.crt"), "CERT");
    Files.writeString(tls.resolve("tls.key"), "KEY");
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put("PGVERSION", "17");
    env.put("SSL_CERTIFICATE_FILE", "/tls/tls.crt");
    env.put("SSL_PRIVATE_KEY_FILE", "/tls/tls.key");
    ContainerContext base = context(env);
    Map<String, Path> mounts = new LinkedHashMap<>(base.volumeMounts());
    mounts.put("/tls", tls);
    ContainerContext ctx =
        new ContainerContext(
            base.podName(),
            base.namespace(),
            base.podIp(),
            base.containerName(),
            base.command(),
            base.args(),
            env,
            mounts,
            base.scratchDir(),
            null,
            base.kubeconfig(),
            base.kubeContext());
    LaunchPlan plan = spilo().prepare(ctx);
    assertThat(Files.readString(ctx.scratchDir().resolve("certs/server.crt"))).isEqualTo("CERT");
    assertThat(Files.readString(ctx.scratchDir().resolve("certs/server.key"))).isEqualTo("KEY");
    assertThat(plan.notes()).anyMatch(n -> n.contains("/tls/tls.crt"));
  }

  @Test
  void unknownMajorNamesTheAvailableOnes() throws Exception {
    Map<String, String> env =
        new LinkedHashMap<>(ZalandoPodEnv.of("minimal-postgres-manifest.yaml"));
    env.put("PGVERSION", "16");
    assertThatThrownBy(() -> spilo().prepare(context(env)))
        .isInstanceOf(ImageException.class)
        .hasMessage("PostgreSQL 16 is not available on this machine; available majors: 15, 17, 18");
  }

  @Test
  void majorComesFromDataDirectoryThenBinDirThenPgversionThenImage() throws Exception {
    Installations inst = FakeInstallations.standard();
    Path data = Files.createDirectories(tmp.resolve("data"));
    SpiloStartupEnv pg17 = new SpiloStartupEnv(Map.of("PGVERSION", "17"));
    assertThat(SpiloImage.choosePostgres(pg17, Map.of(), data, OptionalInt.of(18), inst).major())
        .isEqualTo(17);
    assertThat(
            SpiloImage.choosePostgres(
                    pg17,
                    Map.of("postgresql", Map.of("bin_dir", "/usr/lib/postgresql/15/bin")),
                    data,
                    OptionalInt.of(18),
                    inst)
                .major())
        .isEqualTo(15);
    assertThat(
            SpiloImage.choosePostgres(
                    new SpiloStartupEnv(Map.of()), Map.of(), data, OptionalInt.of(18), inst)
                .major())
        .isEqualTo(18);
    assertThat(
            SpiloImage.choosePostgres(
                    new SpiloStartupEnv(Map.of()), Map.of(), data, OptionalInt.empty(), inst)
                .major())
        .isEqualTo(18);
    // an existing cluster keeps its version until an upgrade rewrites PG_VERSION
    Files.writeString(data.resolve("PG_VERSION"), "15\n");
    assertThat(SpiloImage.choosePostgres(pg17, Map.of(), data, OptionalInt.of(18), inst).major())
        .isEqualTo(15);
  }

  @Test
  void refusesCommandsAndMissingPatroni() throws Exception {
    Map<String, String> env = ZalandoPodEnv.of("minimal-postgres-manifest.yaml");
    ContainerContext base = context(env);
    ContainerContext withCommand =
        new ContainerContext(
            base.podName(),
            base.namespace(),
            base.podIp(),
            base.containerName(),
            List.of("/bin/sh"),
            List.of("-c", "sleep 1"),
            env,
            base.volumeMounts(),
            base.scratchDir(),
            null,
            null,
            null);
    assertThatThrownBy(() -> spilo().prepare(withCommand))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("/bin/sh -c sleep 1");

    Installations noPatroni =
        new Installations(List.of(FakeInstallations.postgres(17, true)), null, null, null, null);
    SpiloImage image = new SpiloImage("spilo-17:x", OptionalInt.of(17), noPatroni);
    assertThatThrownBy(() -> image.prepare(base))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("Patroni is not installed");
  }

  @Test
  void longScratchPathsGetAShortSocketDirectory() throws Exception {
    Path deep = tmp.resolve("x".repeat(60)).resolve("y".repeat(40)).resolve("run/postgresql");
    Path dir = SpiloImage.socketDirectory(deep, tmp.resolve("x"), 5432, PodUser.of(null));
    assertThat(dir.toString()).startsWith("/tmp/tusk-pg-");
    assertThat((dir + "/.s.PGSQL.5432").length()).isLessThan(108);
    assertThat(SpiloImage.socketDirectory(deep, tmp.resolve("x"), 5432, PodUser.of(null)))
        .isEqualTo(dir);
    Files.delete(dir.resolve(SpiloImage.OWNER_FILE));
    Files.delete(dir);
    Path shallow = tmp.resolve("run/postgresql");
    assertThat(SpiloImage.socketDirectory(shallow, tmp, 5432, PodUser.of(null))).isEqualTo(shallow);
  }

  @Test
  void fallbackSocketDirectoriesOfVanishedContainersAreRemoved() throws Exception {
    Path goneScratch = tmp.resolve("gone");
    Path abandoned = Files.createTempDirectory(Path.of("/tmp"), "tusk-pg-test-");
    Files.writeString(abandoned.resolve(SpiloImage.OWNER_FILE), goneScratch + "\n");
    Path inUse = Files.createTempDirectory(Path.of("/tmp"), "tusk-pg-test-");
    Files.writeString(inUse.resolve(SpiloImage.OWNER_FILE), goneScratch + "\n");
    Files.createFile(inUse.resolve(".s.PGSQL.5432.lock"));
    Path alive = Files.createTempDirectory(Path.of("/tmp"), "tusk-pg-test-");
    Files.writeString(alive.resolve(SpiloImage.OWNER_FILE), tmp + "\n");
    Path deep = tmp.resolve("x".repeat(60)).resolve("y".repeat(40)).resolve("run/postgresql");
    Path dir = null;
    try {
      dir = SpiloImage.socketDirectory(deep, tmp.resolve("z"), 5432, PodUser.of(null));
      assertThat(Files.readString(dir.resolve(SpiloImage.OWNER_FILE)))
          .isEqualTo(tmp.resolve("z").toAbsolutePath() + "\n");
      assertThat(abandoned).doesNotExist();
      assertThat(inUse).exists();
      assertThat(alive).exists();
    } finally {
      for (Path d : new Path[] {inUse, alive, abandoned, dir}) {
        if (d != null && Files.exists(d)) {
          try (var files = Files.list(d)) {
            for (Path f : files.toList()) {
              Files.delete(f);
            }
          }
          Files.delete(d);
        }
      }
    }
  }
}
