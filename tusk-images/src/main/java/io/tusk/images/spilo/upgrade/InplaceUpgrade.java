package io.tusk.images.spilo.upgrade;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.MemberStatus;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PatroniException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The local Spilo image's {@code inplace_upgrade.py NUMBER_OF_PODS}: upgrades the cluster this pod
 * leads to the major version the container is configured for, in Spilo's order.
 *
 * <ol>
 *   <li>Checks: this member holds the leader lock, the cluster has the expected number of members,
 *       is not paused, and every replica streams within 16 MiB; every installed extension exists
 *       for the new major.
 *   <li>{@code initdb} of {@code data_new} with the old cluster's encoding, locale and checksum
 *       setting, then {@code pg_upgrade --check} while the old server still serves.
 *   <li>Patroni paused, a checkpoint and a clean stop, then {@code pg_upgrade --link}. A failure up
 *       to here restores the old cluster ({@code pg_control.old}), resumes Patroni, and leaves the
 *       old major writable.
 *   <li>The replicas' old data directories are discarded (through {@code COPY ... TO PROGRAM} on
 *       each replica, as Spilo starts its rsync there); their containers restart and clone the new
 *       primary. Spilo instead rsyncs the hard-linked tree.
 *   <li>{@code data_new} becomes {@code data}, Patroni's {@code initialize} key gets the new system
 *       identifier, Patroni restarts (Spilo kills it for its supervisor too) and is resumed, then
 *       statistics are refreshed and the old tree is removed.
 * </ol>
 *
 * <p>The operator's exec may end before the upgrade does (an operator restart closes it): the
 * program therefore runs the upgrade in a process of its own session and follows its log, so that
 * the upgrade itself is never cut off halfway. A second call while one runs is refused.
 */
public final class InplaceUpgrade {

  static final long MAX_LAG_BYTES = 16L * 1024 * 1024;
  static final int TEMP_PORT_OFFSET = 45000;

  private final UpgradeSettings s;
  private final int pods;
  private final PrintStream out;
  private final KubernetesApi kubernetes;
  private final PatroniClient patroni = PatroniClient.withDefaults();
  private final URI api;

  InplaceUpgrade(UpgradeSettings settings, int pods, PrintStream out) {
    this.s = settings;
    this.pods = pods;
    this.out = out;
    this.kubernetes = new KubernetesApi(settings);
    this.api = URI.create(settings.patroniUrl());
  }

  /** {@code SETTINGS PODS} follows an upgrade; {@code SETTINGS --worker PODS} performs it. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: inplace_upgrade NUMBER_OF_PODS");
      System.exit(2);
    }
    UpgradeSettings settings = UpgradeSettings.read(Path.of(args[0]));
    if (args[1].equals("--worker")) {
      System.exit(worker(settings, Integer.parseInt(args[2])));
    }
    System.exit(follow(settings, args[0], Integer.parseInt(args[1])));
  }

  // ------------------------------------------------------------------ the two processes

  /** Starts the worker in a session of its own and prints its log until it has a result. */
  static int follow(UpgradeSettings s, String settingsFile, int pods)
      throws IOException, InterruptedException {
    Files.createDirectories(s.runDir());
    Path log = s.runDir().resolve("upgrade.log");
    Path rc = s.runDir().resolve("result");
    Path started = s.runDir().resolve("started");
    if (locked(s.runDir())) {
      System.out.println("ERROR: an in-place upgrade is already running in this pod");
      return 1;
    }
    Files.deleteIfExists(rc);
    Files.deleteIfExists(started);
    Files.writeString(log, "");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath = System.getProperty("java.class.path");
    ProcessBuilder pb =
        new ProcessBuilder(
            "setsid",
            "--fork",
            java.toString(),
            "-Xmx128m",
            "-XX:+UseSerialGC",
            "-cp",
            classPath,
            InplaceUpgrade.class.getName(),
            settingsFile,
            "--worker",
            String.valueOf(pods));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectErrorStream(true);
    pb.start().waitFor();
    long offset = 0;
    Instant startDeadline = Instant.now().plusSeconds(60);
    while (true) {
      offset = copyNew(log, offset);
      if (Files.exists(rc)) {
        copyNew(log, offset);
        return Integer.parseInt(Files.readString(rc).strip());
      }
      if (Files.exists(started) ? !locked(s.runDir()) : Instant.now().isAfter(startDeadline)) {
        // Read the result once more: the worker may have finished between the two looks.
        if (Files.exists(rc)) {
          continue;
        }
        copyNew(log, offset);
        System.out.println("ERROR: the upgrade process ended without a result");
        return 1;
      }
      Thread.sleep(200);
    }
  }

  private static long copyNew(Path log, long offset) throws IOException {
    try (InputStream in = Files.newInputStream(log)) {
      in.skipNBytes(Math.min(offset, Files.size(log)));
      byte[] data = in.readAllBytes();
      System.out.write(data);
      System.out.flush();
      return offset + data.length;
    }
  }

  private static boolean locked(Path runDir) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            runDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    }
  }

  static int worker(UpgradeSettings s, int pods) throws IOException {
    Path runDir = s.runDir();
    try (RandomAccessFile file = new RandomAccessFile(runDir.resolve("lock").toFile(), "rw");
        FileLock lock = file.getChannel().tryLock()) {
      if (lock == null) {
        System.out.println("ERROR: an in-place upgrade is already running in this pod");
        return 1;
      }
      Files.writeString(runDir.resolve("started"), Instant.now().toString());
      int code;
      try {
        new InplaceUpgrade(s, pods, System.out).run();
        code = 0;
      } catch (UpgradeFailed e) {
        System.out.println(stamp() + "ERROR: " + e.getMessage());
        code = 1;
      } catch (Exception e) {
        System.out.println(stamp() + "ERROR: " + e);
        code = 1;
      }
      System.out.flush();
      Path tmp = runDir.resolve("result.tmp");
      Files.writeString(tmp, code + "\n");
      Files.move(tmp, runDir.resolve("result"));
      return code;
    }
  }

  // ------------------------------------------------------------------ the upgrade

  void run() throws UpgradeFailed, IOException, InterruptedException {
    int current = majorOf(s.dataDir());
    int target = s.targetMajor();
    if (target == 0) {
      throw new UpgradeFailed("the container names no PostgreSQL version (PGVERSION)");
    }
    if (current >= target) {
      log("PostgreSQL " + current + " runs here already; no upgrade to " + target + " needed");
      return;
    }
    Path oldBin =
        s.binDir(current)
            .orElseThrow(() -> new UpgradeFailed("PostgreSQL " + current + " is not installed"));
    Path newBin =
        s.binDir(target)
            .orElseThrow(
                () -> new UpgradeFailed("PostgreSQL " + target + " is not installed on this node"));
    log("in-place upgrade from PostgreSQL " + current + " to " + target + " of " + pods + " pods");
    List<ClusterMember> replicas = checkCluster();
    checkExtensions(target);
    checkApiAccess();
    Path newData = s.dataDir().resolveSibling("data_new");
    deleteTree(newData);
    try {
      initdb(newBin, newData);
      pgUpgrade(oldBin, newBin, newData, true);
    } catch (UpgradeFailed | IOException | RuntimeException e) {
      deleteTree(newData);
      throw e;
    }
    log("pg_upgrade --check passed; pausing Patroni");

    boolean linked = false;
    try {
      setPause(true);
      waitFor("Patroni to pause", Duration.ofSeconds(30), () -> paused(true));
      long patroniPid = Long.parseLong(Files.readString(s.patroniPidFile()).strip());
      sql("CHECKPOINT");
      run(
          List.of(
              oldBin.resolve("pg_ctl").toString(),
              "stop",
              "-D",
              s.dataDir().toString(),
              "-m",
              "fast",
              "-w",
              "-t",
              "600"),
          "stopping PostgreSQL " + current);
      pgUpgrade(oldBin, newBin, newData, false);
      // Past this point the old tree is linked into the new one: there is no way back.
      linked = true;
      for (ClusterMember replica : replicas) {
        discardReplica(replica);
      }
      Path oldData = s.dataDir().resolveSibling("data_old");
      deleteTree(oldData);
      // Patroni stopped while the directories change places (it writes its cache into the data
      // directory), then restarted, as Spilo kills it for runit: the container lives on.
      signal("STOP", patroniPid);
      try {
        Files.move(s.dataDir(), oldData);
        Files.move(newData, s.dataDir());
        String sysid = systemIdentifier(newBin, s.dataDir());
        setInitializeKey(sysid);
        log("Patroni's initialize key is now the new system identifier " + sysid);
      } finally {
        log("restarting Patroni with PostgreSQL " + target);
        restartPatroni(patroniPid);
      }
      waitFor(
          "Patroni to come back",
          Duration.ofMinutes(3),
          () -> {
            try {
              return patroni.patroni(api).patroniVersion() != null;
            } catch (PatroniException e) {
              return false;
            }
          });
      setPause(false);
    } catch (UpgradeFailed | IOException | InterruptedException | RuntimeException e) {
      if (!linked) {
        boolean back = rollback(newData, current);
        throw new UpgradeFailed(
            e.getMessage()
                + "; rolled back: PostgreSQL "
                + current
                + (back ? " is the primary again" : " does not accept writes yet"),
            e);
      }
      // No way back: at least Patroni must not stay paused.
      unpauseReliably();
      throw e;
    }
    waitFor(
        "PostgreSQL " + target + " to run as the primary",
        Duration.ofMinutes(5),
        () -> {
          try {
            MemberStatus me = patroni.patroni(api);
            return me.isRunning() && me.isPrimary() && me.serverVersion() / 10000 == target;
          } catch (PatroniException e) {
            return false;
          }
        });
    waitFor("the primary to accept writes", Duration.ofMinutes(2), this::writable);
    log("PostgreSQL " + target + " is the primary and accepts writes");
    analyze(newBin, target);
    deleteTree(s.dataDir().resolveSibling("data_old"));
    log("removed the old data directory");
    if (!replicas.isEmpty()) {
      try {
        waitFor(
            "every replica to stream from the new primary",
            Duration.ofMinutes(10),
            () -> streaming(replicas.size(), target));
      } catch (UpgradeFailed e) {
        log("WARNING: " + e.getMessage() + "; they go on cloning");
      }
    }
    log("upgrade from PostgreSQL " + current + " to " + target + " complete");
  }

  /** The preconditions of Spilo's {@code check_patroni_api} and {@code check_replication_lag}. */
  List<ClusterMember> checkCluster() throws UpgradeFailed {
    PatroniCluster cluster;
    try {
      cluster = patroni.cluster(api);
    } catch (PatroniException e) {
      throw new UpgradeFailed("Patroni does not answer: " + e.getMessage(), e);
    }
    if (cluster.paused()) {
      throw new UpgradeFailed("the cluster is paused (maintenance mode)");
    }
    List<ClusterMember> replicas = new ArrayList<>();
    String leader = null;
    for (ClusterMember m : cluster.members()) {
      if ("standby_leader".equals(m.role())) {
        throw new UpgradeFailed("this is a standby cluster");
      } else if (m.isLeader()) {
        leader = m.name();
      } else {
        replicas.add(m);
      }
    }
    if (!s.pod().equals(leader)) {
      throw new UpgradeFailed("this pod (" + s.pod() + ") does not hold the leader lock");
    }
    if (replicas.size() + 1 != pods) {
      throw new UpgradeFailed("the cluster has " + (replicas.size() + 1) + " members, not " + pods);
    }
    for (ClusterMember r : replicas) {
      if (!"streaming".equals(r.state())) {
        throw new UpgradeFailed("replica " + r.name() + " is " + r.state());
      }
      if (r.lagBytes().isPresent() && r.lagBytes().getAsLong() > MAX_LAG_BYTES) {
        throw new UpgradeFailed(
            "replica " + r.name() + " lags " + r.lagBytes().getAsLong() + " bytes behind");
      }
    }
    log("checked: leader " + leader + ", " + replicas.size() + " replicas streaming");
    return replicas;
  }

  /** Every extension of every database must exist for the new major (pg_upgrade needs it). */
  void checkExtensions(int target) throws UpgradeFailed {
    Map<String, List<String>> missing = new TreeMap<>();
    try (Connection c = connect("postgres");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1")) {
      List<String> dbs = new ArrayList<>();
      while (rs.next()) {
        dbs.add(rs.getString(1));
      }
      for (String db : dbs) {
        try (Connection d = connect(db);
            Statement q = d.createStatement();
            ResultSet ext = q.executeQuery("SELECT extname FROM pg_extension ORDER BY 1")) {
          while (ext.next()) {
            String name = ext.getString(1);
            if (!s.extensions(target).contains(name)) {
              missing.computeIfAbsent(name, k -> new ArrayList<>()).add(db);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new UpgradeFailed("cannot list the installed extensions: " + e.getMessage(), e);
    }
    if (!missing.isEmpty()) {
      StringBuilder m = new StringBuilder();
      missing.forEach(
          (ext, dbs) ->
              m.append(m.length() == 0 ? "" : ", ")
                  .append(ext)
                  .append(" (database ")
                  .append(String.join(", ", dbs))
                  .append(')'));
      throw new UpgradeFailed(
          "extensions not available for PostgreSQL "
              + target
              + " here: "
              + m
              + "; drop them or install them for "
              + target
              + " first");
    }
  }

  private void initdb(Path newBin, Path newData) throws UpgradeFailed, IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(newBin.resolve("initdb").toString());
    cmd.add("-D");
    cmd.add(newData.toString());
    cmd.add("-U");
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      cmd.add(single(st, "SELECT rolname FROM pg_authid WHERE oid = 10"));
      cmd.add(
          "--encoding="
              + single(
                  st,
                  "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'template1'"));
      cmd.add(
          "--lc-collate="
              + single(st, "SELECT datcollate FROM pg_database WHERE datname = 'template1'"));
      cmd.add(
          "--lc-ctype="
              + single(st, "SELECT datctype FROM pg_database WHERE datname = 'template1'"));
      boolean checksums = "on".equals(single(st, "SHOW data_checksums"));
      if (checksums) {
        cmd.add("--data-checksums");
      } else if (s.targetMajor() >= 18) {
        cmd.add("--no-data-checksums");
      }
    } catch (SQLException e) {
      throw new UpgradeFailed("cannot read the old cluster's settings: " + e.getMessage(), e);
    }
    run(cmd, "initdb of the new data directory");
  }

  private void pgUpgrade(Path oldBin, Path newBin, Path newData, boolean check)
      throws UpgradeFailed, IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(newBin.resolve("pg_upgrade").toString());
    cmd.addAll(List.of("-b", oldBin.toString(), "-B", newBin.toString()));
    cmd.addAll(List.of("-d", s.dataDir().toString(), "-D", newData.toString()));
    cmd.addAll(List.of("-p", String.valueOf(s.port())));
    cmd.addAll(List.of("-P", String.valueOf(s.port() + TEMP_PORT_OFFSET)));
    // A socket directory of its own: no other client (Patroni's monitoring, for one) may connect
    // to the servers pg_upgrade starts, or its smart shutdown waits for ever. (A live check finds
    // the old server's socket in its postmaster.pid.)
    Path sockets =
        Files.createTempDirectory(
            Path.of("/tmp"),
            "tusk-upgrade-",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    cmd.addAll(List.of("-s", sockets.toString()));
    cmd.addAll(List.of("-U", superuserOf(newData)));
    cmd.add(check ? "--check" : "--link");
    Path work = s.runDir().resolve("pg_upgrade");
    Files.createDirectories(work);
    Result r;
    try {
      r = exec(cmd, work);
    } finally {
      deleteTree(sockets);
    }
    if (r.code() != 0) {
      throw new UpgradeFailed(
          (check ? "pg_upgrade --check" : "pg_upgrade --link") + " failed: " + r.reason());
    }
  }

  /** The bootstrap superuser initdb was given: pg_upgrade connects as it to both clusters. */
  private String superuserOf(Path newData) throws UpgradeFailed {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      return single(st, "SELECT rolname FROM pg_authid WHERE oid = 10");
    } catch (SQLException e) {
      // The old server is stopped for the real run: the name was the one initdb got.
      return s.superuser();
    }
  }

  /** Undoes a failed {@code pg_upgrade --link} before the new server ever ran. */
  /**
   * Undoes an upgrade that failed before the new cluster ever ran: {@code pg_control} back (if
   * {@code pg_upgrade --link} renamed it), {@code data_new} gone, Patroni resumed (it starts the
   * old server). Whether the old primary accepts writes again.
   */
  private boolean rollback(Path newData, int current) throws InterruptedException {
    log("the upgrade failed before the new cluster ran; rolling back to PostgreSQL " + current);
    try {
      Path control = s.dataDir().resolve("global/pg_control");
      Path controlOld = s.dataDir().resolve("global/pg_control.old");
      if (Files.exists(controlOld) && !Files.exists(control)) {
        Files.move(controlOld, control);
        log("restored global/pg_control");
      }
      deleteTree(newData);
    } catch (IOException | RuntimeException e) {
      log("WARNING: " + e.getMessage());
    }
    // Whatever happened above, Patroni must not stay paused: resumed, it starts the old server.
    unpauseReliably();
    try {
      waitFor("PostgreSQL " + current + " to run again", Duration.ofMinutes(2), this::writable);
      return true;
    } catch (UpgradeFailed e) {
      log("WARNING: " + e.getMessage());
      return false;
    }
  }

  /**
   * Discards a replica's old data directory and ends its Patroni, through SQL on the replica (the
   * only way in from here, as Spilo's rsync start): its container restarts with an empty data
   * directory and clones the new primary.
   */
  private void discardReplica(ClusterMember member) {
    String name = member.name();
    String host = member.host();
    String url =
        "jdbc:postgresql://"
            + host
            + ":"
            + s.port()
            + "/postgres?sslmode="
            + (s.ssl() ? "require" : "disable")
            + "&connectTimeout=10";
    Properties p = new Properties();
    p.setProperty("user", s.superuser());
    p.setProperty("password", s.superuserPassword());
    try (Connection c = DriverManager.getConnection(url, p);
        Statement st = c.createStatement()) {
      String dir = single(st, "SELECT current_setting('data_directory')");
      String script =
          "D="
              + shellQuote(dir)
              + "; "
              + "PM=$(head -n 1 \"$D/postmaster.pid\"); "
              + "PAT=$(cat \"$TUSK_PATRONI_PID_FILE\"); "
              // Patroni stopped first: it must not write into the emptied data directory.
              + "sleep 1; [ -n \"$PAT\" ] && kill -STOP \"$PAT\"; kill -QUIT \"$PM\"; "
              + "while kill -0 \"$PM\" 2>/dev/null; do sleep 0.2; done; "
              + "mv \"$D\" \"$D.discarded\" && mkdir -m 700 \"$D\" && rm -rf \"$D.discarded\"; "
              + "if [ -n \"$PAT\" ] && kill -0 \"$PAT\"; then"
              + " touch \"$TUSK_PATRONI_RESTART_FILE\"; kill -KILL \"$PAT\"; fi";
      String program = "setsid --fork sh -c " + shellQuote(script) + " >/dev/null 2>&1";
      st.execute("COPY (SELECT 1) TO PROGRAM " + sqlLiteral(program));
      log("replica " + name + ": old data directory discarded; it clones the new primary");
    } catch (SQLException e) {
      log(
          "WARNING: replica "
              + name
              + " could not be reset ("
              + e.getMessage()
              + "); reinitialize it with patronictl reinit");
    }
  }

  private void analyze(Path newBin, int target) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                newBin.resolve("vacuumdb").toString(),
                "--all",
                "--analyze-in-stages",
                "-h",
                s.socketDir().toString(),
                "-p",
                String.valueOf(s.port()),
                "-U",
                s.superuser()));
    if (target >= 18) {
      // PostgreSQL 18's pg_upgrade carries the optimizer statistics over.
      cmd.add("--missing-stats-only");
    }
    try {
      run(cmd, "refreshing optimizer statistics");
    } catch (UpgradeFailed | IOException e) {
      log("WARNING: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ observations

  private boolean paused(boolean want) {
    try {
      return patroni.patroni(api).paused() == want;
    } catch (PatroniException e) {
      return false;
    }
  }

  private boolean writable() {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      return "f".equals(single(st, "SELECT pg_is_in_recovery()"));
    } catch (SQLException e) {
      return false;
    }
  }

  private boolean streaming(int replicas, int target) {
    try {
      return patroni.cluster(api).members().stream()
              .filter(m -> !m.isLeader() && "streaming".equals(m.state()))
              .count()
          == replicas;
    } catch (PatroniException e) {
      return false;
    }
  }

  private void waitFor(String what, Duration limit, BooleanSupplier done)
      throws UpgradeFailed, InterruptedException {
    log("waiting for " + what);
    Instant deadline = Instant.now().plus(limit);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new UpgradeFailed("timed out after " + limit.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(500);
    }
  }

  // ------------------------------------------------------------------ helpers

  private Connection connect(String db) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", s.superuser());
    p.setProperty("password", s.superuserPassword());
    p.setProperty("sslmode", "disable");
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.port() + "/" + db, p);
  }

  private void sql(String statement) {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      log("WARNING: " + statement + ": " + e.getMessage());
    }
  }

  private static String single(Statement st, String query) throws SQLException {
    try (ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static int majorOf(Path dataDir) throws IOException {
    String v = Files.readString(dataDir.resolve("PG_VERSION"), StandardCharsets.UTF_8).strip();
    return Integer.parseInt(v.contains(".") ? v.substring(0, v.indexOf('.')) : v);
  }

  private String systemIdentifier(Path bin, Path data) throws UpgradeFailed, IOException {
    Result r = exec(List.of(bin.resolve("pg_controldata").toString(), data.toString()), null);
    for (String line : r.lines()) {
      if (line.startsWith("Database system identifier:")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    throw new UpgradeFailed("pg_controldata names no system identifier: " + r.reason());
  }

  private record Result(int code, List<String> lines) {
    String reason() {
      return InplaceUpgrade.reason(lines);
    }
  }

  /**
   * The lines that say why a command failed: pg_upgrade's "fatal" lines and the line after each
   * (where it names its report), else the last three lines.
   */
  static String reason(List<String> lines) {
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.endsWith("fatal")
          || l.startsWith("FATAL")
          || l.startsWith("error")
          || l.toLowerCase(java.util.Locale.ROOT).contains("failure")
          || l.startsWith("Your installation")) {
        picked.add(l.replaceAll("\\s{2,}", " "));
        if (i + 1 < lines.size() && !lines.get(i + 1).isBlank()) {
          picked.add(lines.get(i + 1).strip());
        }
      }
    }
    if (picked.isEmpty()) {
      picked = lines.subList(Math.max(0, lines.size() - 3), lines.size());
    }
    return String.join(" ", picked.stream().map(String::strip).distinct().toList());
  }

  private void run(List<String> cmd, String what) throws UpgradeFailed, IOException {
    log(what);
    Result r = exec(cmd, null);
    if (r.code() != 0) {
      throw new UpgradeFailed(what + " failed: " + r.reason());
    }
  }

  private Result exec(List<String> cmd, Path dir) throws IOException {
    log("$ " + String.join(" ", cmd));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.directory(dir == null ? s.runDir().toFile() : dir.toFile());
    pb.environment().put("PGHOST", s.socketDir().toString());
    pb.environment().put("PGPORT", String.valueOf(s.port()));
    pb.environment().remove("PGPASSWORD");
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        out.println("  " + line);
      }
    }
    try {
      return new Result(p.waitFor(), lines);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new Result(-1, lines);
    }
  }

  /**
   * Before any downtime: the pod's service account must be able to move Patroni's initialize key
   * (the token and the CA are there and the API server is known).
   */
  private void checkApiAccess() throws UpgradeFailed {
    if (s.apiServer().isBlank()
        || s.tokenFile() == null
        || !Files.isReadable(s.tokenFile())
        || s.caFile() == null
        || !Files.isReadable(s.caFile())) {
      throw new UpgradeFailed(
          "the pod has no Kubernetes API credentials (service account token and CA) to update"
              + " Patroni's initialize key");
    }
  }

  /** Patroni's initialize key, with a few tries (the API server may be slow for a moment). */
  private void setInitializeKey(String sysid)
      throws UpgradeFailed, IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        kubernetes.setInitializeKey(sysid);
        return;
      } catch (UpgradeFailed | IOException e) {
        if (attempt == 5) {
          throw e;
        }
        log("WARNING: " + e.getMessage() + "; trying again");
        Thread.sleep(2000);
      }
    }
  }

  /** Asks the node to start Patroni again (its runit) and ends the running one. */
  private void restartPatroni(long pid) throws IOException {
    Optional<ProcessHandle> patroni = ProcessHandle.of(pid);
    if (patroni.isEmpty()) {
      log("WARNING: Patroni (pid " + pid + ") is not running");
      return;
    }
    try {
      Files.writeString(s.patroniPidFile().resolveSibling("patroni.restart"), "");
    } finally {
      // Never left stopped (SIGSTOP): ended, it is started again (by the node, or by the
      // container's restart without the marker).
      patroni.get().destroyForcibly();
    }
  }

  /**
   * Resumes Patroni, trying for up to 5 minutes (it may be restarting): a pause left behind would
   * keep the cluster without failover for good.
   */
  private void unpauseReliably() throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (true) {
      try {
        setPause(false);
        log("Patroni resumed");
        return;
      } catch (PatroniException e) {
        if (Instant.now().isAfter(deadline)) {
          log(
              "WARNING: could not resume Patroni: "
                  + e.getMessage()
                  + "; resume it with patronictl resume");
          return;
        }
        Thread.sleep(2000);
      }
    }
  }

  /** Patroni's maintenance mode on or off ({@code PATCH /config}). */
  private void setPause(boolean pause) {
    patroni.patchConfig(api, JsonNodeFactory.instance.objectNode().put("pause", pause));
  }

  private void signal(String name, long pid) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + pid + " failed");
    }
  }

  private void log(String line) {
    out.println(stamp() + line);
    out.flush();
  }

  private static String stamp() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS) + " ";
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }

  static String sqlLiteral(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
