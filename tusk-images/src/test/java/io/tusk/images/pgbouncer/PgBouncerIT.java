package io.tusk.images.pgbouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.images.AsPodUser;
import io.tusk.images.ContainerContext;
import io.tusk.images.ExternalCommand;
import io.tusk.images.ImageCatalog;
import io.tusk.images.Installations;
import io.tusk.images.LaunchPlan;
import io.tusk.images.PostgresInstallation;
import io.tusk.images.TestPostgres;
import io.tusk.images.TestSoftware;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pooler image with the machine's PgBouncer in front of a real PostgreSQL: clients log in as
 * any database user through the operator's {@code pooler.user_lookup} function, over TLS only.
 *
 * <p>The one test-only change: {@code listen_addr = *} becomes 127.0.0.1, because here PgBouncer
 * runs in the host's network namespace rather than a pod's.
 */
class PgBouncerIT {

  /** What the operator installs (database.go#installLookupFunction), in the lookup database. */
  private static final String LOOKUP =
      "CREATE SCHEMA IF NOT EXISTS pooler;CREATE OR REPLACE FUNCTION pooler.user_lookup(IN"
          + " i_username text, OUT uname text, OUT phash text) RETURNS record AS $$ BEGIN SELECT"
          + " usename, passwd FROM pg_catalog.pg_shadow WHERE usename = i_username INTO uname,"
          + " phash; RETURN; END; $$ LANGUAGE plpgsql SECURITY DEFINER;REVOKE ALL ON FUNCTION"
          + " pooler.user_lookup(text) FROM public, pooler;GRANT EXECUTE ON FUNCTION"
          + " pooler.user_lookup(text) TO pooler;GRANT USAGE ON SCHEMA pooler TO pooler;";

  @Test
  void clientsReachPostgresThroughThePoolerWithTls() throws Exception {
    Installations inst = TestSoftware.installations();
    PostgresInstallation pg = inst.postgres(18).orElseThrow();
    Path root = AsPodUser.tempDir("tusk-img-pooler-");
    Process bouncer = null;
    try (TestPostgres server = TestPostgres.start(pg)) {
      try (Connection c = server.connect("postgres");
          Statement st = c.createStatement()) {
        st.execute("CREATE ROLE pooler LOGIN PASSWORD 'pooler-secret'");
        st.execute("CREATE ROLE app LOGIN PASSWORD 'app-secret'");
        st.execute(LOOKUP);
      }
      // The operator's <cluster>-pooler-u secret, mounted with subPath.
      Path secret = Files.createDirectories(root.resolve("secret"));
      Files.writeString(secret.resolve("userlist.txt"), "\"pooler\" \"pooler-secret\"\n");
      Path scratch = Files.createDirectories(root.resolve("scratch"));
      int port = TestPostgres.freePort();
      Map<String, String> env = PoolerEnv.of("127.0.0.1", String.valueOf(server.port()));
      env.put("CONNECTION_POOLER_PORT", String.valueOf(port));
      ContainerContext ctx =
          new ContainerContext(
              "acid-minimal-cluster-pooler-0",
              "default",
              "127.0.0.1",
              "connection-pooler",
              List.of(),
              List.of(),
              env,
              Map.of("/etc/pgbouncer/userlist.txt", secret.resolve("userlist.txt")),
              scratch,
              AsPodUser.user(),
              null,
              null);
      LaunchPlan plan =
          ImageCatalog.standard(inst)
              .resolve("registry.opensource.zalan.do/acid/pgbouncer:master-32")
              .orElseThrow()
              .prepare(ctx);
      Path ini = Path.of(plan.command().get(1));
      String text = Files.readString(ini);
      assertThat(text).contains("listen_addr = *\n");
      AsPodUser.podUser()
          .privateFile(ini, text.replace("listen_addr = *\n", "listen_addr = 127.0.0.1\n"));

      bouncer =
          new ProcessBuilder(AsPodUser.command(plan.command(), plan.env()))
              .redirectErrorStream(true)
              .redirectOutput(root.resolve("pgbouncer.log").toFile())
              .start();
      awaitPort(port, bouncer, root.resolve("pgbouncer.log"));

      try (Connection c = connect(port, "app", "app-secret", "require");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT current_user, inet_server_port()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("app");
        assertThat(rs.getInt(2)).isEqualTo(server.port());
      }
      assertThatThrownBy(() -> connect(port, "app", "wrong", "require").close())
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connect(port, "app", "app-secret", "disable").close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("SSL required");
    } finally {
      if (bouncer != null) {
        bouncer.destroy();
        if (!bouncer.waitFor(30, TimeUnit.SECONDS)) {
          bouncer.destroyForcibly();
        }
      }
      ExternalCommand.run(List.of("rm", "-rf", root.toString()), Duration.ofMinutes(1));
    }
  }

  private static Connection connect(int port, String user, String password, String sslmode)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("sslmode", sslmode);
    p.setProperty("prepareThreshold", "0"); // transaction pooling
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
  }

  private static void awaitPort(int port, Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("pgbouncer exited:\n" + Files.readString(log)).isTrue();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("pgbouncer did not listen on " + port + ":\n" + Files.readString(log));
  }
}
