package io.tusk.images.spilo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Patroni's {@code bootstrap.post_init} hook for Spilo containers on the local node: creates the
 * roles and objects Spilo's {@code post_init.sh} creates (see {@link SpiloDatabaseSetup}).
 *
 * <p>Usage (Patroni appends the DSN): {@code java -cp <tusk-images>:<pgjdbc>
 * io.tusk.images.spilo.PostBootstrap <HUMAN_ROLE> "<libpq DSN>"}. The DSN names the superuser and
 * usually a unix socket directory, which pgjdbc cannot use, so the hook connects to the same port
 * over loopback TCP (Spilo's {@code pg_hba} lets {@code 127.0.0.1} in with a password); the
 * password comes from {@code PGPASSWORD} or the pgpass file Patroni writes ({@code PGPASSFILE}).
 * Exit status 0 on success; anything else makes Patroni abandon the bootstrap, as with Spilo.
 *
 * <p>Mirrors Spilo's {@code scripts/post_init.sh} as Patroni calls it ({@code
 * patroni/postgresql/bootstrap.py#call_post_bootstrap}).
 */
public final class PostBootstrap {

  private PostBootstrap() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: PostBootstrap <human role> <libpq connection string>");
      System.exit(2);
    }
    String humanRole = args[0];
    LibpqDsn dsn = LibpqDsn.parse(args[args.length - 1]);
    try {
      run(humanRole, dsn, password(dsn));
      System.out.println("post-bootstrap: done");
    } catch (SQLException | RuntimeException e) {
      System.err.println("post-bootstrap failed: " + e.getMessage());
      System.exit(1);
    }
  }

  static void run(String humanRole, LibpqDsn dsn, Optional<String> password) throws SQLException {
    String db = dsn.dbname();
    try (Connection c = connect(dsn, db, password)) {
      SpiloDatabaseSetup.clusterWide(c, humanRole, PostBootstrap::log);
      List<String> databases = SpiloDatabaseSetup.databases(c);
      for (String other : databases) {
        if (other.equals(db)) {
          SpiloDatabaseSetup.perDatabase(c, humanRole, PostBootstrap::log);
        } else {
          try (Connection oc = connect(dsn, other, password)) {
            SpiloDatabaseSetup.perDatabase(oc, humanRole, PostBootstrap::log);
          }
        }
      }
    }
  }

  private static Optional<String> password(LibpqDsn dsn) {
    Optional<String> fromDsn = dsn.get("password");
    if (fromDsn.isPresent()) {
      return fromDsn;
    }
    String env = System.getenv("PGPASSWORD");
    if (env != null && !env.isEmpty()) {
      return Optional.of(env);
    }
    String file = System.getenv("PGPASSFILE");
    Path pgpass =
        file != null && !file.isEmpty()
            ? Path.of(file)
            : Path.of(System.getProperty("user.home"), ".pgpass");
    return PgPassFile.password(pgpass, dsn.port(), dsn.dbname(), dsn.user());
  }

  static Connection connect(LibpqDsn dsn, String database, Optional<String> password)
      throws SQLException {
    String host =
        dsn.host().filter(h -> !h.startsWith("/") && !h.startsWith("@")).orElse("127.0.0.1");
    Properties p = new Properties();
    p.setProperty("user", dsn.user());
    password.ifPresent(pw -> p.setProperty("password", pw));
    p.setProperty("ApplicationName", "tusk-post-bootstrap");
    p.setProperty("connectTimeout", "10");
    // What post_init.sh sets: never wait for a synchronous standby during bootstrap.
    p.setProperty("options", "-c synchronous_commit=local -c statement_timeout=0");
    String url =
        "jdbc:postgresql://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + dsn.port()
            + "/"
            + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
    return DriverManager.getConnection(url, p);
  }

  private static void log(String line) {
    System.out.println("post-bootstrap: " + line);
  }
}
