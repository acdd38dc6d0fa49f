package io.tusk.images;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server of a given build for integration tests: {@code initdb} and {@code pg_ctl} as
 * the pod user, listening on 127.0.0.1 only, SCRAM for TCP, trust on its private socket.
 */
public final class TestPostgres implements AutoCloseable {

  public static final String SUPERUSER = "postgres";

  private final PostgresInstallation pg;
  private final Path dir;
  private final int port;
  private final String password;

  private TestPostgres(PostgresInstallation pg, Path dir, int port, String password) {
    this.pg = pg;
    this.dir = dir;
    this.port = port;
    this.password = password;
  }

  public static TestPostgres start(PostgresInstallation pg) throws IOException {
    PodUser user = AsPodUser.podUser();
    Path dir = AsPodUser.tempDir("tusk-img-pg" + pg.major() + "-");
    user.own(dir);
    user.directory(dir.resolve("run"), "rwx------");
    String password = "pw-" + Long.toHexString(System.nanoTime());
    user.privateFile(dir.resolve("pwfile"), password + "\n");
    ExternalCommand.Result init =
        AsPodUser.run(
            List.of(
                pg.executable("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                SUPERUSER,
                "--pwfile=" + dir.resolve("pwfile"),
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8"),
            Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C.UTF-8"),
            Duration.ofMinutes(3));
    if (!init.ok()) {
      throw new IllegalStateException("initdb failed: " + init.output());
    }
    int port = freePort();
    TestPostgres server = new TestPostgres(pg, dir, port, password);
    ExternalCommand.Result start =
        server.pgCtl(
            "start",
            "-w",
            "-t",
            "120",
            "-l",
            dir.resolve("postgres.log").toString(),
            "-o",
            "-c listen_addresses=127.0.0.1 -p "
                + port
                + " -c unix_socket_directories="
                + dir.resolve("run"));
    if (!start.ok()) {
      String log =
          Files.exists(dir.resolve("postgres.log"))
              ? Files.readString(dir.resolve("postgres.log"))
              : "";
      throw new IllegalStateException("pg_ctl start failed: " + start.output() + "\n" + log);
    }
    return server;
  }

  private ExternalCommand.Result pgCtl(String... args) {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(pg.executable("pg_ctl").toString(), "-D", dir.resolve("data").toString()));
    cmd.addAll(List.of(args));
    return AsPodUser.run(
        cmd, Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C.UTF-8"), Duration.ofMinutes(3));
  }

  public int port() {
    return port;
  }

  public String password() {
    return password;
  }

  public Path socketDir() {
    return dir.resolve("run");
  }

  public Path dir() {
    return dir;
  }

  public Connection connect(String database) throws SQLException {
    return connect(database, SUPERUSER, password);
  }

  public Connection connect(String database, String user, String pw) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", pw);
    p.setProperty("sslmode", "disable");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
  }

  @Override
  public void close() {
    pgCtl("stop", "-m", "fast", "-w");
    ExternalCommand.run(List.of("rm", "-rf", dir.toString()), Duration.ofMinutes(1));
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
