package io.tusk.sql.testing;

import io.tusk.sql.ConnectionTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: {@code initdb} into a temporary directory, started with
 * {@code pg_ctl} on a free loopback port, password authentication (SCRAM) over TCP, stopped and
 * deleted by {@link #close()}.
 *
 * <p>PostgreSQL refuses to run as root; when the tests run as root, the server runs as the
 * unprivileged OS user {@code postgres} (or {@code tusk-pg}, created with {@code useradd -r} if
 * neither exists) through {@code runuser}. Binaries are looked up in {@code -Dtusk.pg.bin}, then
 * the newest {@code /usr/lib/postgresql/<version>/bin}, then {@code pg_config --bindir}.
 *
 * <p>The server logs every DDL statement ({@code log_statement = ddl}) to {@link #logFile()};
 * {@link #ddlSince(long)} returns what was logged after a mark, so tests can prove that a sync sent
 * no write statement, independently of what Tusk itself records.
 *
 * <p>Use from other modules' tests through the {@code tusk-sql} test-jar.
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String SUPERUSER = "postgres";

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final Path log;
  private final String osUser;
  private final String password;
  private final int port;
  private boolean running;

  private LocalPostgres(Path bin, Path dir, String osUser, String password, int port) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.log = dir.resolve("postgres.log");
    this.osUser = osUser;
    this.password = password;
    this.port = port;
  }

  /** Creates and starts a server; fails with a message naming what to install. */
  public static LocalPostgres start() {
    Path bin = findBinaries();
    String osUser = isRoot() ? unprivilegedUser() : null;
    String password = "tusk-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    Path dir;
    try {
      dir = Files.createTempDirectory("tusk-pg-");
      if (osUser != null) {
        UserPrincipal owner =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(osUser);
        Files.setOwner(dir, owner);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      LocalPostgres pg = new LocalPostgres(bin, dir, osUser, password, freePort());
      try {
        if (attempt == 0) {
          pg.initdb();
        }
        pg.startServer();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stopQuietly));
        return pg;
      } catch (IllegalStateException e) {
        last = e; // port taken between probing and binding: try another
      }
    }
    throw last;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public String superuserPassword() {
    return password;
  }

  /** The superuser on database {@code postgres}, {@code sslmode=disable}. */
  public ConnectionTarget target() {
    return new ConnectionTarget(
        host(), port, "postgres", SUPERUSER, password, "disable", Duration.ofSeconds(10));
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
  }

  /** A superuser connection to a database. */
  public Connection connect(String database) throws SQLException {
    return connect(database, SUPERUSER, password);
  }

  /** A connection as any user (password authentication over TCP). */
  public Connection connect(String database, String user, String userPassword) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", userPassword);
    p.setProperty("sslmode", "disable");
    return DriverManager.getConnection(jdbcUrl(database), p);
  }

  /** Runs statements as the superuser (test setup). */
  public void execute(String database, String... sql) throws SQLException {
    try (Connection c = connect(database);
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  public Path logFile() {
    return log;
  }

  /** The current end of the server log, for {@link #ddlSince}. */
  public long logMark() {
    try {
      return Files.size(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** DDL statements the server logged after the mark (from any session). */
  public List<String> ddlSince(long mark) {
    try {
      byte[] all = Files.readAllBytes(log);
      String tail =
          new String(
              all,
              (int) Math.min(mark, all.length),
              (int) Math.max(0, all.length - mark),
              StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      // Simple protocol: "LOG:  statement: ..."; extended (PgJDBC): "LOG:  execute <name>: ...".
      java.util.regex.Pattern p =
          java.util.regex.Pattern.compile("LOG:  (?:statement|execute [^:]*): (.*)$");
      for (String line : tail.split("\n")) {
        java.util.regex.Matcher m = p.matcher(line);
        if (m.find()) {
          out.add(m.group(1));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops every database and role a test created, leaving the server as {@code initdb} made it. */
  public void reset() throws SQLException {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      List<String> dbs = new ArrayList<>();
      try (var rs =
          st.executeQuery(
              "SELECT datname FROM pg_database WHERE datname NOT IN"
                  + " ('postgres', 'template0', 'template1')")) {
        while (rs.next()) {
          dbs.add(rs.getString(1));
        }
      }
      for (String db : dbs) {
        st.execute("DROP DATABASE " + ident(db) + " WITH (FORCE)");
      }
      List<String> roles = new ArrayList<>();
      try (var rs =
          st.executeQuery(
              "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_'"
                  + " AND rolname <> "
                  + "'"
                  + SUPERUSER
                  + "'")) {
        while (rs.next()) {
          roles.add(rs.getString(1));
        }
      }
      for (String r : roles) {
        st.execute("DROP OWNED BY " + ident(r) + " CASCADE");
      }
      for (String db : List.of("template1")) {
        try (Connection t = connect(db);
            Statement ts = t.createStatement()) {
          for (String r : roles) {
            ts.execute("DROP OWNED BY " + ident(r) + " CASCADE");
          }
        }
      }
      for (String r : roles) {
        st.execute("DROP ROLE " + ident(r));
      }
      st.execute("DROP SCHEMA IF EXISTS pooler CASCADE");
      st.execute("ALTER ROLE " + SUPERUSER + " RESET ALL");
    }
  }

  @Override
  public void close() {
    stopQuietly();
    deleteDir();
  }

  private void initdb() {
    try {
      Path pwfile = dir.resolve("pwfile");
      Files.writeString(pwfile, password + "\n");
      chown(pwfile);
      run(
          Duration.ofMinutes(2),
          bin.resolve("initdb").toString(),
          "-D",
          data.toString(),
          "-U",
          SUPERUSER,
          "--pwfile=" + pwfile,
          "--auth-local=trust",
          "--auth-host=scram-sha-256",
          "-E",
          "UTF8",
          "--locale=C",
          "--no-sync");
      Files.delete(pwfile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startServer() {
    String opts =
        "-p "
            + port
            + " -h 127.0.0.1 -k "
            + dir
            + " -c log_statement=ddl -c fsync=off -c full_page_writes=off"
            + " -c max_connections=50 -c shared_buffers=16MB";
    run(
        Duration.ofMinutes(1),
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        log.toString(),
        "-o",
        opts,
        "-w",
        "-t",
        "50",
        "start");
    running = true;
  }

  private void stopQuietly() {
    if (!running) {
      return;
    }
    try {
      run(
          Duration.ofMinutes(1),
          bin.resolve("pg_ctl").toString(),
          "-D",
          data.toString(),
          "-m",
          "fast",
          "-w",
          "stop");
      running = false;
    } catch (RuntimeException e) {
      // best effort during shutdown
    }
  }

  private void deleteDir() {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  private void chown(Path p) throws IOException {
    if (osUser != null) {
      Files.setOwner(
          p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(osUser));
    }
  }

  private void run(Duration timeout, String... command) {
    List<String> cmd = new ArrayList<>();
    if (osUser != null) {
      cmd.addAll(List.of("runuser", "-u", osUser, "--"));
    }
    cmd.addAll(List.of(command));
    try {
      Path out = Files.createTempFile("tusk-pg-cmd", ".log");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", cmd));
      }
      String output = Files.readString(out);
      Files.deleteIfExists(out);
      if (p.exitValue() != 0) {
        String serverLog = Files.exists(log) ? Files.readString(log) : "";
        throw new IllegalStateException(
            "command failed ("
                + p.exitValue()
                + "): "
                + String.join(" ", cmd)
                + "\n"
                + output
                + "\n"
                + serverLog);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Path findBinaries() {
    List<Path> candidates = new ArrayList<>();
    String prop = System.getProperty("tusk.pg.bin");
    if (prop != null && !prop.isEmpty()) {
      candidates.add(Path.of(prop));
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        versions
            .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
            .sorted(
                Comparator.comparingDouble(
                        (Path v) -> Double.parseDouble(v.getFileName().toString()))
                    .reversed())
            .forEach(v -> candidates.add(v.resolve("bin")));
      } catch (IOException e) {
        // fall through
      }
    }
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
        candidates.add(Path.of(out));
      }
    } catch (IOException | InterruptedException e) {
      // pg_config not installed
    }
    return firstWithBinaries(candidates);
  }

  /** The first directory holding initdb, pg_ctl and postgres; fails naming what to install. */
  static Path firstWithBinaries(List<Path> candidates) {
    for (Path c : candidates) {
      if (Files.isExecutable(c.resolve("initdb"))
          && Files.isExecutable(c.resolve("pg_ctl"))
          && Files.isExecutable(c.resolve("postgres"))) {
        return c;
      }
    }
    throw new IllegalStateException(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not"
            + " found in -Dtusk.pg.bin, /usr/lib/postgresql/*/bin or pg_config --bindir."
            + " Install them with: apt-get install postgresql");
  }

  private static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (RuntimeException | LinkageError e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static String unprivilegedUser() {
    for (String u : List.of("postgres", "tusk-pg")) {
      if (userExists(u)) {
        return u;
      }
    }
    try {
      Process p =
          new ProcessBuilder("useradd", "-r", "-M", "-s", "/usr/sbin/nologin", "tusk-pg")
              .redirectErrorStream(true)
              .start();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot create the OS user tusk-pg to run PostgreSQL", e);
    }
    if (!userExists("tusk-pg")) {
      throw new IllegalStateException(
          "PostgreSQL cannot run as root and no unprivileged user"
              + " (postgres, tusk-pg) exists; create one with: useradd -r tusk-pg");
    }
    return "tusk-pg";
  }

  private static boolean userExists(String user) {
    try {
      Process p = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String ident(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
