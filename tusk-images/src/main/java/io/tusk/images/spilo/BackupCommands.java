package io.tusk.images.spilo;

import io.tusk.images.ImageException;
import io.tusk.images.PodUser;
import io.tusk.images.spilo.backup.BackupCron;
import io.tusk.images.spilo.backup.CloneWithBasebackup;
import io.tusk.images.spilo.backup.CloneWithWale;
import io.tusk.images.spilo.backup.PostgresBackup;
import io.tusk.images.spilo.backup.WalEnvironment;
import io.tusk.images.spilo.backup.WalG;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * WAL archiving, base backups and clones of the local Spilo image: what {@code configure_spilo.py}
 * writes when WAL storage or a clone is configured (envdirs, {@code archive_command}, {@code
 * restore_command}, the backup cron line, Patroni's clone bootstrap) and the programs those name,
 * in the container's scratch directory:
 *
 * <pre>
 * run/etc/wal-e.d/env/                 the envdir (private: it holds the S3 keys)
 * run/etc/wal-e.d/env-clone-SCOPE/     the clone source's envdir
 * home/.pgpass_SCOPE                   the clone source's replication password
 * bin/envdir                           daemontools' envdir: a directory's files as variables
 * bin/wal-g                            {@link WalG} (barman-cloud behind WAL-G's subcommands)
 * bin/backup-cron                      {@link BackupCron}: the initial backup and BACKUP_SCHEDULE
 * scripts/postgres_backup.sh           {@link PostgresBackup}
 * scripts/clone_with_wale.py           {@link CloneWithWale}
 * scripts/clone_with_basebackup.py     {@link CloneWithBasebackup}
 * </pre>
 *
 * <p>An exec naming Spilo's paths ({@code envdir "/run/etc/wal-e.d/env" /scripts/postgres_backup.sh
 * ...}, {@code envdir /run/etc/wal-e.d/env wal-g backup-list}) reaches these through the launch
 * plan's exec aliases and the container's {@code PATH}.
 */
final class BackupCommands {

  static final String SPILO_ENVDIR = "/run/etc/wal-e.d/env";

  private BackupCommands() {}

  /** What the container's configuration and launch need when archiving is on. */
  record Prepared(
      String archiveCommand,
      String restoreCommand,
      Path binDir,
      Path cronScript,
      Map<String, String> aliases) {}

  /** The programs every backup path uses. */
  private record Programs(
      Path bin, Path scripts, Path envdir, Path walg, String java, String barman) {

    String withEnvdir(Path dir) {
      return ShellQuoting.quote(envdir.toString()) + " " + ShellQuoting.quote(dir.toString());
    }
  }

  /**
   * Writes the envdir and the programs when the environment configures S3 WAL storage.
   *
   * @param pgMajor the major the container runs (the WAL prefix's last element)
   * @param barmanBin barman-cloud's commands, if installed
   * @param notes receives what differs from Spilo
   */
  static Optional<Prepared> prepare(
      SpiloStartupEnv env,
      int pgMajor,
      String namespace,
      Path scratch,
      PodUser user,
      Optional<Path> barmanBin,
      String containerPgData,
      String patroniUrl,
      List<String> notes)
      throws IOException {
    Path tmp = tmpDir(scratch, user);
    WalEnvironment.Outcome outcome = WalEnvironment.of(env, pgMajor, namespace, tmp.toString());
    if (outcome instanceof WalEnvironment.Unsupported u) {
      notes.add(u.reason());
      return Optional.empty();
    }
    if (!(outcome instanceof WalEnvironment.Envdir envdir)) {
      return Optional.empty();
    }
    if (barmanBin.isEmpty()) {
      notes.add(
          "WAL storage is configured ("
              + envdir.prefix()
              + "), but barman-cloud is not installed here (run `tusk local install`):"
              + " archive_command is /bin/true");
      return Optional.empty();
    }
    Programs p = programs(scratch, user, barmanBin.get());
    Path dir = writeEnvdir(scratch, "env", envdir.files(), user);
    Path backup =
        user.file(
            p.scripts().resolve("postgres_backup.sh"),
            "#!/bin/sh\n"
                + "# Spilo's /scripts/postgres_backup.sh PGDATA.\n"
                + p.barman()
                + "exec "
                + p.java()
                + " "
                + PostgresBackup.class.getName()
                + " \"$@\"\n",
            "rwxr-xr-x");
    String schedule = env.value("BACKUP_SCHEDULE", "0 1 * * *");
    Path cron =
        user.file(
            p.bin().resolve("backup-cron"),
            "#!/bin/sh\n"
                + "# The initial base backup and the cron line BACKUP_SCHEDULE.\n"
                + p.barman()
                + "exec "
                + p.withEnvdir(dir)
                + " "
                + p.java()
                + " "
                + BackupCron.class.getName()
                + " "
                + ShellQuoting.join(List.of(schedule, containerPgData, patroniUrl))
                + "\n",
            "rwxr-xr-x");
    String walg = ShellQuoting.quote(p.walg().toString());
    String archive = p.withEnvdir(dir) + " " + walg + " wal-push \"%p\"";
    String restore = p.withEnvdir(dir) + " " + walg + " wal-fetch \"%f\" \"%p\"";
    Map<String, String> aliases = new LinkedHashMap<>();
    aliases.put(SPILO_ENVDIR, dir.toString());
    aliases.put("/scripts/postgres_backup.sh", backup.toString());
    notes.add(
        "WAL archiving and base backups to "
            + envdir.prefix()
            + " with barman-cloud behind wal-g (BACKUP_SCHEDULE "
            + schedule
            + ")");
    return Optional.of(new Prepared(archive, restore, p.bin(), cron, aliases));
  }

  /**
   * Patroni's clone bootstrap for {@code CLONE_METHOD} ({@code configure_spilo.py}'s {@code
   * CLONE_WITH_WALE} and {@code CLONE_WITH_BASEBACKUP} blocks), or empty when the container does
   * not clone.
   *
   * @param majors the PostgreSQL majors here, newest first, this container's first
   * @throws ImageException for a clone the local image cannot make (starting an empty cluster
   *     instead would silently lose what the manifest asked for)
   */
  static Optional<NodeLayout.CloneBootstrap> prepareClone(
      SpiloStartupEnv env,
      List<Integer> majors,
      String namespace,
      Path scratch,
      Path home,
      PodUser user,
      Optional<Path> barmanBin,
      List<String> notes)
      throws IOException, ImageException {
    String method = env.value("CLONE_METHOD", "");
    String scope = env.value("CLONE_SCOPE", "");
    if (method.equals("CLONE_WITH_BASEBACKUP")) {
      Path pgpass =
          user.privateFile(
              home.resolve(".pgpass_" + scope), CloneWithBasebackup.pgpass(env.asMap()));
      Path script =
          javaScript(
              scratch,
              user,
              "clone_with_basebackup.py",
              "Spilo's /scripts/clone_with_basebackup.py",
              CloneWithBasebackup.class.getName(),
              "");
      Map<String, Object> section = new LinkedHashMap<>();
      section.put(
          "command",
          ShellQuoting.join(
              List.of(
                  script.toString(),
                  "--pgpass=" + pgpass,
                  "--host=" + env.value("CLONE_HOST", ""),
                  "--port=" + env.value("CLONE_PORT", "5432"),
                  "--user=" + env.value("CLONE_USER", ""))));
      notes.add("clone of " + scope + " by pg_basebackup from " + env.value("CLONE_HOST", "?"));
      return Optional.of(new NodeLayout.CloneBootstrap("clone_with_basebackup", section));
    }
    if (!method.equals("CLONE_WITH_WALE")) {
      return Optional.empty();
    }
    Path tmp = user.directory(scratch.resolve("tmp"), "rwx------");
    WalEnvironment.Outcome outcome =
        WalEnvironment.source(env, "CLONE_", namespace, tmp.toString());
    if (!(outcome instanceof WalEnvironment.Envdir envdir)) {
      throw new ImageException(
          "cloning "
              + scope
              + " from a WAL archive needs S3-compatible storage here (CLONE_WAL_S3_BUCKET or"
              + " CLONE_WALG_S3_PREFIX)"
              + (outcome instanceof WalEnvironment.Unsupported u ? ": " + u.reason() : ""));
    }
    if (barmanBin.isEmpty()) {
      throw new ImageException(
          "cloning " + scope + " from a WAL archive needs barman-cloud; run `tusk local install`");
    }
    Programs p = programs(scratch, user, barmanBin.get());
    Path dir = writeEnvdir(scratch, "env-clone-" + scope, envdir.files(), user);
    String majorList = String.join(",", majors.stream().map(String::valueOf).toList());
    Path script =
        javaScript(
            scratch,
            user,
            "clone_with_wale.py",
            "Spilo's /scripts/clone_with_wale.py",
            CloneWithWale.class.getName(),
            p.barman()
                + "export TUSK_CLONE_ENVDIR="
                + ShellQuoting.quote(dir.toString())
                + "\nexport TUSK_PG_MAJORS="
                + majorList
                + "\n");
    String target = env.value("CLONE_TARGET_TIME", "");
    Map<String, Object> section = new LinkedHashMap<>();
    section.put(
        "command",
        p.withEnvdir(dir)
            + " "
            + ShellQuoting.quote(script.toString())
            + " "
            + ShellQuoting.quote("--recovery-target-time=" + target));
    Map<String, Object> recovery = new LinkedHashMap<>();
    recovery.put(
        "restore_command",
        p.withEnvdir(dir)
            + " "
            + ShellQuoting.quote(p.walg().toString())
            + " wal-fetch \"%f\" \"%p\"");
    recovery.put("recovery_target_timeline", env.value("CLONE_TARGET_TIMELINE", "latest"));
    recovery.put(
        "recovery_target_action", env.isSet("USE_PAUSE_AT_RECOVERY_TARGET") ? "pause" : "promote");
    if (!target.isEmpty()) {
      recovery.put("recovery_target_time", target);
    }
    // Spilo's default is inclusive; only a variable that is present and empty makes it exclusive.
    if (env.raw("CLONE_TARGET_INCLUSIVE").map(String::isEmpty).orElse(false)) {
      recovery.put("recovery_target_inclusive", false);
    }
    section.put("recovery_conf", recovery);
    notes.add(
        "clone of "
            + scope
            + " from "
            + envdir.prefix()
            + (target.isEmpty() ? " (to the end of its archive)" : " to " + target));
    return Optional.of(new NodeLayout.CloneBootstrap("clone_with_wale", section));
  }

  /**
   * The archive a standby cluster follows ({@code configure_spilo.py}'s {@code STANDBY_WITH_WALE}):
   * its envdir {@code env-standby[-SCOPE]}, the {@code restore_command}, and the replica method
   * that makes the standby leader from the newest base backup (Spilo's {@code wale_restore.sh};
   * here the clone program without a target time). Empty when the environment names no archive; the
   * caller refuses a WAL-only standby it cannot serve.
   */
  static Optional<NodeLayout.StandbyArchive> prepareStandby(
      SpiloStartupEnv env,
      List<Integer> majors,
      String namespace,
      Path scratch,
      PodUser user,
      Optional<Path> barmanBin,
      List<String> notes)
      throws IOException {
    if (!StandbyCluster.walBased(env) || barmanBin.isEmpty()) {
      return Optional.empty();
    }
    Path tmp = tmpDir(scratch, user);
    WalEnvironment.Outcome outcome =
        WalEnvironment.source(env, "STANDBY_", namespace, tmp.toString());
    if (!(outcome instanceof WalEnvironment.Envdir envdir)) {
      if (outcome instanceof WalEnvironment.Unsupported u) {
        notes.add(u.reason());
      }
      return Optional.empty();
    }
    Programs p = programs(scratch, user, barmanBin.get());
    String name = "env-standby" + env.value("STANDBY_SCOPE").map(s -> "-" + s).orElse("");
    Path dir = writeEnvdir(scratch, name, envdir.files(), user);
    Path script =
        javaScript(
            scratch,
            user,
            "wale_restore.sh",
            "Spilo's /scripts/wale_restore.sh for the standby leader: the newest base backup",
            CloneWithWale.class.getName(),
            p.barman()
                + "export TUSK_CLONE_ENVDIR="
                + ShellQuoting.quote(dir.toString())
                + "\nexport TUSK_PG_MAJORS="
                + String.join(",", majors.stream().map(String::valueOf).toList())
                + "\n");
    String walg = ShellQuoting.quote(p.walg().toString());
    return Optional.of(
        new NodeLayout.StandbyArchive(
            envdir.prefix(),
            p.withEnvdir(dir) + " " + walg + " wal-fetch \"%f\" \"%p\"",
            p.withEnvdir(dir) + " " + ShellQuoting.quote(script.toString())));
  }

  /**
   * {@code TMPDIR} of the backup tools (Spilo's {@code WALE_TMPDIR}): the container's {@code tmp}
   * directory, or {@code /tmp} when that path is too long for the unix sockets Python's
   * multiprocessing makes below it (barman-cloud-backup's workers).
   */
  private static Path tmpDir(Path scratch, PodUser user) throws IOException {
    Path tmp = user.directory(scratch.resolve("tmp"), "rwx------");
    return tmp.toString().length() <= MAX_TMPDIR ? tmp : Path.of("/tmp");
  }

  /** Leaves room for {@code /pymp-XXXXXXXX/listener-XXXXXXXX} within a socket's 107 bytes. */
  private static final int MAX_TMPDIR = 60;

  private static Programs programs(Path scratch, PodUser user, Path barmanBin) throws IOException {
    Path bin = user.directory(scratch.resolve("bin"), "rwxr-xr-x");
    Path scripts = user.directory(scratch.resolve("scripts"), "rwxr-xr-x");
    // daemontools' envdir: each file's first line becomes a variable of that name.
    Path envdir =
        user.file(
            bin.resolve("envdir"),
            "#!/bin/sh\n"
                + "# envdir DIR COMMAND...: runs COMMAND with DIR's files as variables.\n"
                + "dir=$1; shift\n"
                + "for f in \"$dir\"/*; do\n"
                + "  [ -f \"$f\" ] || continue\n"
                + "  IFS= read -r v < \"$f\" || true\n"
                + "  export \"$(basename \"$f\")=$v\"\n"
                + "done\n"
                + "exec \"$@\"\n",
            "rwxr-xr-x");
    String java = java(scratch);
    String barman =
        "export " + WalG.BARMAN_BIN + "=" + ShellQuoting.quote(barmanBin.toString()) + "\n";
    Path walg =
        user.file(
            bin.resolve("wal-g"),
            "#!/bin/sh\n"
                + "# WAL-G's subcommands, carried out by barman-cloud.\n"
                + barman
                + "exec "
                + java
                + " "
                + WalG.class.getName()
                + " \"$@\"\n",
            "rwxr-xr-x");
    return new Programs(bin, scripts, envdir, walg, java, barman);
  }

  /** {@code run/etc/wal-e.d/NAME}, holding exactly {@code files} (private). */
  private static Path writeEnvdir(
      Path scratch, String name, Map<String, String> files, PodUser user) throws IOException {
    Path etc = user.directory(scratch.resolve("run").resolve("etc"), "rwx------");
    Path walE = user.directory(etc.resolve("wal-e.d"), "rwx------");
    Path dir = user.directory(walE.resolve(name), "rwx------");
    try (Stream<Path> old = Files.list(dir)) {
      for (Path f : old.toList()) {
        Files.delete(f);
      }
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      user.privateFile(dir.resolve(e.getKey()), e.getValue() + "\n");
    }
    return dir;
  }

  private static Path javaScript(
      Path scratch, PodUser user, String name, String what, String mainClass, String exports)
      throws IOException {
    Path scripts = user.directory(scratch.resolve("scripts"), "rwxr-xr-x");
    return user.file(
        scripts.resolve(name),
        "#!/bin/sh\n# "
            + what
            + ".\n"
            + exports
            + "exec "
            + java(scratch)
            + " "
            + mainClass
            + " \"$@\"\n",
        "rwxr-xr-x");
  }

  private static String java(Path scratch) {
    return ShellQuoting.join(PostBootstrapCommand.javaArgs(scratch.resolve("lib")));
  }
}
