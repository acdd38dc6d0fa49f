package io.tusk.images.spilo;

import io.tusk.images.ContainerContext;
import io.tusk.images.ContainerImage;
import io.tusk.images.ImageException;
import io.tusk.images.Installations;
import io.tusk.images.LaunchPlan;
import io.tusk.images.PodUser;
import io.tusk.images.PostgresInstallation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a Spilo container as Patroni with a local PostgreSQL build: what {@code launch.sh} and
 * {@code configure_spilo.py} prepare (directories, certificates, {@code postgres.yml}) and the
 * {@code patroni} runit service they start.
 *
 * <p>Files per container, in its scratch directory: {@code postgres.yml} (private: it holds
 * passwords), {@code run/postgresql/} (socket and pgpass), {@code certs/}, {@code home/}, {@code
 * lib/} (class path of the post-bootstrap hook). The data directory is {@code $PGDATA} mapped
 * through the pod's volume mounts (normally under the {@code pgdata} volume at {@code
 * /home/postgres/pgdata}).
 *
 * <p>The process environment is reduced the way Spilo's {@code runit/patroni/run} reduces it, plus
 * {@code KUBECONFIG} for Patroni's Kubernetes DCS.
 */
public final class SpiloImage implements ContainerImage {

  /** Spilo's runit restarts Patroni when it exits; this file asks the node to do the same. */
  static final String SERVICE_RESTART_FILE = "patroni.restart";

  private static final Pattern BIN_DIR_MAJOR = Pattern.compile("/(\\d+)(?:\\.\\d+)?/bin/?$");

  /** sun_path holds 108 bytes including the terminating NUL. */
  private static final int MAX_SOCKET_PATH = 107;

  private final String reference;
  private final OptionalInt imageMajor;
  private final Installations installations;

  /**
   * @param imageMajor the image's own PostgreSQL major (from {@code spilo-NN}), used when neither
   *     the data directory, {@code SPILO_CONFIGURATION} nor {@code PGVERSION} decides
   */
  public SpiloImage(String reference, OptionalInt imageMajor, Installations installations) {
    this.reference = reference;
    this.imageMajor = imageMajor;
    this.installations = installations;
  }

  public String reference() {
    return reference;
  }

  @Override
  public LaunchPlan prepare(ContainerContext ctx) throws ImageException {
    if (!ctx.command().isEmpty() || !ctx.args().isEmpty()) {
      throw new ImageException(
          "the local node runs Spilo images only with their own entrypoint; command/args "
              + String.join(" ", concat(ctx.command(), ctx.args()))
              + " are not supported");
    }
    Path patroni =
        installations
            .patroniExecutable()
            .orElseThrow(
                () ->
                    new ImageException(
                        "Patroni is not installed on this machine (expected "
                            + Installations.TUSK_ROOT.resolve("patroni/bin/patroni")
                            + ")"));
    SpiloStartupEnv env = new SpiloStartupEnv(ctx.env());
    PodUser user = PodUser.of(ctx.runAsUser());
    Map<String, Object> userConfig = PatroniConfig.userConfiguration(env);
    Path dataDir = ctx.hostPath(env.pgData());
    PostgresInstallation pg = choosePostgres(env, userConfig, dataDir, imageMajor, installations);
    List<String> notes = new ArrayList<>();
    notes.add(
        "Spilo image "
            + reference
            + " runs here as Patroni "
            + installations.patroniVersion().orElse("?")
            + " with PostgreSQL "
            + pg.version()
            + " ("
            + pg.source()
            + ", "
            + pg.binDir()
            + ")");
    try {
      Path scratch = ctx.scratchDir();
      user.own(scratch);
      Path run = user.directory(scratch.resolve("run"), "rwx------");
      Path pgRun = user.directory(run.resolve("postgresql"), "rwx------");
      Path socketDir = socketDirectory(pgRun, scratch, env.pgPort(), user);
      Path home = user.directory(scratch.resolve("home"), "rwx------");
      prepareDataDirectories(dataDir, user);
      Optional<NodeLayout.SslFiles> ssl =
          pg.ssl()
              ? SpiloCertificates.prepare(env, ctx, user, scratch.resolve("certs"), notes)
              : Optional.empty();
      String postInit = PostBootstrapCommand.prepare(scratch.resolve("lib"), user);
      String podIp = env.value("POD_IP").orElse(ctx.podIp());
      String namespace = env.value("POD_NAMESPACE").orElse(ctx.namespace());
      Optional<BackupCommands.Prepared> backups =
          BackupCommands.prepare(
              env,
              pg.major(),
              namespace,
              scratch,
              user,
              installations.barmanCloudBin(),
              env.pgData(),
              "http://" + podIp + ":" + env.apiPort(),
              notes);
      List<Integer> majorsNewestFirst = new ArrayList<>();
      majorsNewestFirst.add(pg.major());
      installations.availablePostgresMajors().stream()
          .filter(m -> m < pg.major())
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(majorsNewestFirst::add);
      Optional<NodeLayout.CloneBootstrap> clone =
          BackupCommands.prepareClone(
              env,
              majorsNewestFirst,
              namespace,
              scratch,
              home,
              user,
              installations.barmanCloudBin(),
              notes);
      Optional<NodeLayout.StandbyArchive> standby =
          BackupCommands.prepareStandby(
              env,
              majorsNewestFirst,
              namespace,
              scratch,
              user,
              installations.barmanCloudBin(),
              notes);
      NodeLayout layout =
          new NodeLayout(
              ctx.podName(),
              namespace,
              podIp,
              dataDir,
              socketDir,
              pgRun.resolve("pgpass"),
              pg,
              ssl,
              postInit,
              ctx.kubeconfig() == null ? null : ctx.kubeContext(),
              Locales.available(),
              backups.map(b -> new NodeLayout.WalArchive(b.archiveCommand(), b.restoreCommand())),
              clone,
              standby);
      PatroniConfig.Rendered rendered = PatroniConfig.render(env, userConfig, layout);
      notes.addAll(rendered.notes());
      Path yml = user.privateFile(scratch.resolve("postgres.yml"), rendered.yaml());
      notes.add("Patroni configuration: " + yml);
      Path patroniPid = run.resolve("patroni.pid");
      Map<String, String> processEnv =
          processEnv(env, ctx, pg, patroni, home, socketDir, podIp, patroniPid);
      backups.ifPresent(b -> processEnv.put("PATH", b.binDir() + ":" + processEnv.get("PATH")));
      Map<String, String> aliases = new LinkedHashMap<>();
      backups.ifPresent(b -> aliases.putAll(b.aliases()));
      aliases.putAll(
          UpgradeCommand.prepare(
              scratch,
              user,
              UpgradeCommand.settings(
                  env,
                  ctx,
                  dataDir,
                  socketDir,
                  podIp,
                  patroniPid,
                  pg.ssl(),
                  configuredMajor(env, userConfig, imageMajor),
                  installations,
                  run.resolve("upgrade"))));
      // Spilo's runit runs Patroni; its process id lets the in-place upgrade restart it. With WAL
      // archiving, the backup cron runs beside it (and ends with it).
      List<String> command =
          new ArrayList<>(
              List.of(
                  "/bin/sh",
                  "-c",
                  backups.isPresent()
                      ? "echo $$ > \"$0\" || exit 1; \"$3\" & exec \"$1\" \"$2\""
                      : "echo $$ > \"$0\" && exec \"$1\" \"$2\"",
                  patroniPid.toString(),
                  patroni.toString(),
                  yml.toString()));
      backups.ifPresent(b -> command.add(b.cronScript().toString()));
      return new LaunchPlan(
          command, processEnv, home, notes, aliases, run.resolve(SERVICE_RESTART_FILE));
    } catch (IOException e) {
      throw new ImageException("cannot prepare the Spilo container: " + e.getMessage(), e);
    }
  }

  /**
   * Which PostgreSQL major runs, in Spilo's order: an existing data directory's {@code PG_VERSION},
   * {@code postgresql.bin_dir} from {@code SPILO_CONFIGURATION}, {@code PGVERSION}, the image's own
   * major, and finally the newest build here.
   */
  static PostgresInstallation choosePostgres(
      SpiloStartupEnv env,
      Map<String, Object> userConfig,
      Path dataDir,
      OptionalInt imageMajor,
      Installations installations)
      throws ImageException {
    Integer major = null;
    Path pgVersion = dataDir.resolve("PG_VERSION");
    if (Files.isRegularFile(pgVersion)) {
      try {
        major = leadingInt(Files.readString(pgVersion, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ImageException("cannot read " + pgVersion + ": " + e.getMessage(), e);
      }
    }
    if (major == null) {
      int configured = configuredMajor(env, userConfig, imageMajor);
      major = configured == 0 ? null : configured;
    }
    List<Integer> available = installations.availablePostgresMajors();
    if (available.isEmpty()) {
      throw new ImageException("no PostgreSQL is installed on this machine");
    }
    if (major == null) {
      major = available.get(available.size() - 1);
    }
    int wanted = major;
    return installations
        .postgres(wanted)
        .orElseThrow(
            () ->
                new ImageException(
                    "PostgreSQL "
                        + wanted
                        + " is not available on this machine; available majors: "
                        + installations.describeMajors()));
  }

  /**
   * The major the container is configured for, whatever its data directory holds: {@code
   * postgresql.bin_dir} from {@code SPILO_CONFIGURATION}, {@code PGVERSION}, the image's own major;
   * 0 when none names one. What Spilo's {@code inplace_upgrade.py} upgrades to.
   */
  static int configuredMajor(
      SpiloStartupEnv env, Map<String, Object> userConfig, OptionalInt imageMajor) {
    if (userConfig.get("postgresql") instanceof Map<?, ?> pgSection) {
      Object binDir = pgSection.get("bin_dir");
      if (binDir != null) {
        Matcher m = BIN_DIR_MAJOR.matcher(binDir.toString());
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    }
    Integer fromEnv = env.value("PGVERSION").map(SpiloImage::leadingInt).orElse(null);
    if (fromEnv != null) {
      return fromEnv;
    }
    return imageMajor.orElse(0);
  }

  private static Integer leadingInt(String s) {
    Matcher m = Pattern.compile("^\\s*(\\d+)").matcher(s);
    return m.find() ? Integer.parseInt(m.group(1)) : null;
  }

  /**
   * The socket directory: {@code run/postgresql} in the scratch directory, or, when that path is
   * too long for a unix socket address, a short directory under {@code /tmp} derived from it (the
   * same one on every restart of the container).
   */
  static Path socketDirectory(Path preferred, Path scratch, int port, PodUser user)
      throws IOException {
    String socket = preferred + "/.s.PGSQL." + port;
    if (socket.getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) {
      return preferred;
    }
    Path shortDir =
        SOCKET_FALLBACK_ROOT.resolve(
            SOCKET_FALLBACK_PREFIX + shortHash(scratch.toAbsolutePath().toString()));
    removeAbandonedSocketDirectories(shortDir);
    user.directory(shortDir, "rwx------");
    user.file(shortDir.resolve(OWNER_FILE), scratch.toAbsolutePath() + "\n", "rw-r--r--");
    return shortDir;
  }

  private static final Path SOCKET_FALLBACK_ROOT = Path.of("/tmp");
  private static final String SOCKET_FALLBACK_PREFIX = "tusk-pg-";

  /** Names the scratch directory of the container a fallback socket directory belongs to. */
  static final String OWNER_FILE = ".tusk-scratch";

  /**
   * Fallback socket directories of containers that are gone would stay behind, since nothing else
   * knows them: each one names its container's scratch directory, and once that is gone (the node
   * removed the pod) and no socket is left in it, it is removed.
   */
  private static void removeAbandonedSocketDirectories(Path keep) {
    try (Stream<Path> dirs = Files.list(SOCKET_FALLBACK_ROOT)) {
      for (Path dir : dirs.toList()) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(SOCKET_FALLBACK_PREFIX)
            || dir.equals(keep)
            || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try {
          Path owner = dir.resolve(OWNER_FILE);
          List<Path> entries;
          try (Stream<Path> s = Files.list(dir)) {
            entries = s.toList();
          }
          if (entries.equals(List.of(owner))
              && !Files.exists(Path.of(Files.readString(owner).strip()))) {
            Files.delete(owner);
            Files.delete(dir);
          }
        } catch (IOException | RuntimeException inUseOrGone) {
          // unreadable, in use, or removed concurrently: leave it
        }
      }
    } catch (IOException e) {
      // best effort
    }
  }

  private static String shortHash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What {@code launch.sh} creates: {@code $PGROOT} (the data directory's parent), {@code pg_log}
   * with the csv files post_init's foreign tables read, and {@code $PGDATA} with mode 0700.
   */
  private static void prepareDataDirectories(Path dataDir, PodUser user) throws IOException {
    Path pgRoot = dataDir.getParent();
    user.directory(pgRoot, "rwx------");
    Path pgLog = user.directory(pgRoot.resolve("pg_log"), "rwxr-xr-x");
    for (int day = 0; day <= 7; day++) {
      Path csv = pgLog.resolve("postgresql-" + day + ".csv");
      if (!Files.exists(csv)) {
        Files.createFile(csv);
        Files.setPosixFilePermissions(csv, PosixFilePermissions.fromString("rw-r--r--"));
        user.own(csv);
      }
    }
    if (Files.isDirectory(dataDir)) {
      Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    } else {
      user.directory(dataDir, "rwx------");
    }
  }

  /**
   * Patroni's environment: like Spilo's runit script, only what Patroni and its hooks need, never
   * the passwords (they are in the private configuration file).
   */
  private static Map<String, String> processEnv(
      SpiloStartupEnv env,
      ContainerContext ctx,
      PostgresInstallation pg,
      Path patroni,
      Path home,
      Path socketDir,
      String podIp,
      Path patroniPid) {
    Map<String, String> out = new LinkedHashMap<>();
    // Where this container's Patroni process id is: the upgrade ends it (Spilo's kills it).
    out.put("TUSK_PATRONI_PID_FILE", patroniPid.toString());
    out.put(
        "TUSK_PATRONI_RESTART_FILE", patroniPid.resolveSibling(SERVICE_RESTART_FILE).toString());
    out.put("PATH", pg.binDir() + ":" + patroni.getParent() + ":/usr/local/bin:/usr/bin:/bin");
    out.put("HOME", home.toString());
    out.put("PGHOME", home.toString());
    // initdb takes encoding and locale from here (the operator's initdb options replace Spilo's).
    out.put("LC_ALL", "C.UTF-8");
    out.put("LANG", "C.UTF-8");
    out.put("HOSTNAME", ctx.podName());
    out.put("POD_IP", podIp);
    out.put("POD_NAMESPACE", env.value("POD_NAMESPACE").orElse(ctx.namespace()));
    out.put("PGHOST", socketDir.toString());
    out.put("PGPORT", String.valueOf(env.pgPort()));
    // In Spilo the OS user postgres maps to the role postgres over the local socket; here every
    // container runs as the pod user, so the superuser is named for clients that name none
    // (`kubectl exec -it <pod> -- psql`, hooks that run psql without -U).
    out.put("PGUSER", env.superuser());
    env.value("ENABLE_PG_MON").ifPresent(v -> out.put("ENABLE_PG_MON", v));
    if (ctx.kubeconfig() != null) {
      // Only the kubeconfig: with KUBERNETES_SERVICE_HOST set Patroni would try in-cluster
      // configuration first.
      out.put("KUBECONFIG", ctx.kubeconfig().toString());
    } else {
      for (String name : List.of("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT")) {
        env.value(name).ifPresent(v -> out.put(name, v));
      }
    }
    out.put("PYTHONUNBUFFERED", "1");
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
