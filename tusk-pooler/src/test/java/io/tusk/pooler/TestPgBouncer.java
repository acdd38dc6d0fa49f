package io.tusk.pooler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PgBouncer for tests, on 127.0.0.1 in front of one PostgreSQL: an ini file written here
 * (transaction pooling, md5 against an auth_file, one admin user, Zalando's {@code
 * ignore_startup_parameters}), run in the foreground as an unprivileged user ({@code nobody}
 * through {@code setpriv} when the tests run as root), stopped by {@link #close()} or at JVM exit.
 */
final class TestPgBouncer implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final int port;

  private TestPgBouncer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts PgBouncer for the server at 127.0.0.1:{@code serverPort}.
   *
   * @param users user name to password, written to the auth_file
   * @param adminUser the one user of {@code admin_users}
   */
  static TestPgBouncer start(int serverPort, Map<String, String> users, String adminUser) {
    return start(serverPort, users, adminUser, false);
  }

  /**
   * As {@link #start(int, Map, String)}; with {@code tls}, clients must use TLS ({@code
   * client_tls_sslmode = require}, as in Zalando's pooler image) with a self-signed certificate
   * made by {@code openssl}.
   */
  static TestPgBouncer start(
      int serverPort, Map<String, String> users, String adminUser, boolean tls) {
    Path executable = executable();
    boolean root = isRoot();
    Path dir;
    try {
      dir = Files.createTempDirectory("tusk-pgbouncer-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      try {
        writeFiles(dir, serverPort, port, users, adminUser, tls);
        if (root) {
          chownAll(dir, "nobody");
        }
        List<String> cmd = new ArrayList<>();
        if (root) {
          cmd.addAll(
              List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        cmd.add(executable.toString());
        cmd.add(dir.resolve("pgbouncer.ini").toString());
        Process p =
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(
                    ProcessBuilder.Redirect.appendTo(dir.resolve("output.log").toFile()))
                .start();
        TestPgBouncer bouncer = new TestPgBouncer(p, dir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(bouncer::stop));
        bouncer.awaitListening();
        return bouncer;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (IllegalStateException e) {
        last = e; // port taken between probing and binding: try another
      }
    }
    throw last;
  }

  int port() {
    return port;
  }

  /** What PgBouncer logged so far (stdout and stderr). */
  String log() {
    try {
      Path log = dir.resolve("output.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM: immediate shutdown
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("pgbouncer exited:\n" + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
    stop();
    throw new IllegalStateException("pgbouncer did not listen on " + port + ":\n" + log());
  }

  private static void writeFiles(
      Path dir, int serverPort, int port, Map<String, String> users, String adminUser, boolean tls)
      throws IOException {
    List<String> tlsLines = List.of();
    if (tls) {
      selfSignedCertificate(dir);
      tlsLines =
          List.of(
              "client_tls_sslmode = require",
              "client_tls_key_file = " + dir.resolve("server.key"),
              "client_tls_cert_file = " + dir.resolve("server.crt"));
    }
    StringBuilder auth = new StringBuilder();
    users.forEach((u, pw) -> auth.append('"').append(u).append("\" \"").append(pw).append("\"\n"));
    Files.writeString(dir.resolve("userlist.txt"), auth.toString());
    String ini =
        String.join(
            "\n",
            "[databases]",
            "* = host=127.0.0.1 port=" + serverPort,
            "",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            "listen_port = " + port,
            "unix_socket_dir =",
            "auth_type = md5",
            "auth_file = " + dir.resolve("userlist.txt"),
            "admin_users = " + adminUser,
            "pool_mode = transaction",
            "default_pool_size = 5",
            "max_client_conn = 100",
            "server_login_retry = 1",
            // As Zalando's pooler image: PgJDBC sends extra_float_digits at login.
            "ignore_startup_parameters = extra_float_digits,options",
            "");
    Files.writeString(dir.resolve("pgbouncer.ini"), ini + String.join("\n", tlsLines) + "\n");
  }

  private static void selfSignedCertificate(Path dir) throws IOException {
    if (Files.exists(dir.resolve("server.crt"))) {
      return;
    }
    List<String> cmd =
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            dir.resolve("server.key").toString(),
            "-out",
            dir.resolve("server.crt").toString());
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "openssl could not make a test certificate: "
                + Files.readString(dir.resolve("openssl.log")));
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "openssl not found; install it with: apt-get install openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void chownAll(Path dir, String user) throws IOException {
    UserPrincipal owner =
        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setOwner(p, owner);
      }
    }
  }

  /** {@code -Dtusk.pgbouncer}, a source build under /opt/tusk, Debian's, then PATH. */
  static Path executable() {
    List<Path> candidates = new ArrayList<>();
    String prop = System.getProperty("tusk.pgbouncer");
    if (prop != null && !prop.isBlank()) {
      candidates.add(Path.of(prop));
    }
    candidates.add(Path.of("/opt/tusk/pgbouncer/bin/pgbouncer"));
    candidates.add(Path.of("/usr/sbin/pgbouncer"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(":")) {
        if (!d.isEmpty()) {
          candidates.add(Path.of(d, "pgbouncer"));
        }
      }
    }
    return firstExecutable(candidates);
  }

  static Path firstExecutable(List<Path> candidates) {
    for (Path c : candidates) {
      if (Files.isRegularFile(c) && Files.isExecutable(c)) {
        return c;
      }
    }
    throw new IllegalStateException(
        "pgbouncer not found in -Dtusk.pgbouncer, /opt/tusk/pgbouncer/bin, /usr/sbin or PATH."
            + " Install it with: apt-get install pgbouncer");
  }

  private static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (RuntimeException | LinkageError e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
