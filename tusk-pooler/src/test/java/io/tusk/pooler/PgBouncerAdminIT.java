package io.tusk.pooler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.sql.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PgBouncerAdmin} against a real PgBouncer (the machine's, 1.18 on Debian 12) in transaction
 * mode in front of a real PostgreSQL, both on 127.0.0.1: what clients see through the pooler while
 * it is paused, resumed and reconnected, and the console of a pooler that requires TLS from
 * clients, as Zalando's pooler image does.
 */
class PgBouncerAdminIT {

  private static final String ADMIN = "pooler";
  private static final String ADMIN_PASSWORD = "admin-pw-" + Long.toHexString(System.nanoTime());
  private static final String APP = "app";
  private static final String APP_PASSWORD = "app-pw-" + Long.toHexString(System.nanoTime());

  private static LocalPostgres postgres;
  private static TestPgBouncer bouncer;
  private static PgBouncerAdmin admin;
  private static ExecutorService clients;

  private final List<Connection> opened = new ArrayList<>();

  @BeforeAll
  static void startPostgresAndPgBouncer() throws Exception {
    TestPgBouncer.executable(); // fail first, naming the package, if PgBouncer is missing
    postgres = LocalPostgres.start();
    postgres.execute(
        "postgres",
        "CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'",
        "CREATE TABLE marker (id int)",
        "GRANT ALL ON marker TO " + APP);
    bouncer =
        TestPgBouncer.start(
            postgres.port(), Map.of(ADMIN, ADMIN_PASSWORD, APP, APP_PASSWORD), ADMIN);
    admin =
        new PgBouncerAdmin(
            AdminTarget.of("test-pooler-0", "127.0.0.1", bouncer.port(), ADMIN, ADMIN_PASSWORD)
                .withSslMode("disable")
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    clients = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stop() {
    if (clients != null) {
      clients.shutdownNow();
    }
    if (bouncer != null) {
      bouncer.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void resumeAndCloseClients() throws Exception {
    for (Connection c : opened) {
      try {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
      } catch (SQLException e) {
        // closed below anyway
      }
    }
    admin.resume();
    for (Connection c : opened) {
      c.close();
    }
    opened.clear();
  }

  @Test
  void clientsQueryThroughThePoolerAndTheConsoleReportsIt() throws Exception {
    Connection c = client();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_user, inet_server_port()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(APP);
      assertThat(rs.getInt(2)).isEqualTo(postgres.port());
    }
    PoolerState state = admin.state();
    assertThat(state.version()).startsWith("PgBouncer 1.");
    assertThat(state.pauseMode()).isEqualTo(PauseMode.RUNNING);
    assertThat(state.paused()).isFalse();
    assertThat(state.pools())
        .anySatisfy(
            p -> {
              assertThat(p.database()).isEqualTo("postgres");
              assertThat(p.user()).isEqualTo(APP);
              assertThat(p.poolMode()).isEqualTo("transaction");
              assertThat(p.clientsActive()).isGreaterThanOrEqualTo(1);
            });
    assertThat(state.pools()).noneMatch(PoolStats::isAdminConsole);
    assertThat(state.databases()).anySatisfy(d -> assertThat(d.name()).isEqualTo("postgres"));
    assertThat(admin.servers()).anySatisfy(s -> assertThat(s.remotePid()).isEqualTo(backendPid(c)));
  }

  @Test
  void pausedPoolerHoldsNewQueriesWithoutFailingThemUntilResume() throws Exception {
    Connection existing = client();
    assertThat(scalar(existing, "SELECT 1")).isEqualTo(1);

    DrainResult paused = admin.pause(Duration.ofSeconds(10));
    assertThat(paused.complete()).as(paused.describe()).isTrue();
    assertThat(paused.holding()).isEmpty();
    PoolerState state = admin.state();
    assertThat(state.paused()).isTrue();
    assertThat(state.pauseMode()).isIn(PauseMode.PAUSED, PauseMode.PAUSED_OR_SUSPENDED);
    assertThat(admin.servers()).as("PAUSE closes every server connection").isEmpty();

    Future<Integer> onExisting = clients.submit(() -> scalar(existing, "SELECT 41 + 1"));
    Future<Integer> onNew =
        clients.submit(
            () -> {
              try (Connection c = connect(APP, APP_PASSWORD)) {
                return scalar(c, "SELECT 7");
              }
            });
    Thread.sleep(1500);
    assertThat(onExisting.isDone()).as("a query on an open connection waits").isFalse();
    assertThat(onNew.isDone()).as("a new client's query waits").isFalse();
    assertThat(admin.state().clientsWaiting()).isGreaterThanOrEqualTo(1);

    assertThat(admin.resume()).isTrue();
    assertThat(onExisting.get(20, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(onNew.get(20, TimeUnit.SECONDS)).isEqualTo(7);
    assertThat(admin.pauseMode()).isEqualTo(PauseMode.RUNNING);
    assertThat(admin.resume()).as("resuming a running pooler changes nothing").isFalse();
  }

  @Test
  void pauseReturnsOnceTheOpenTransactionCommits() throws Exception {
    Connection tx = client();
    tx.setAutoCommit(false);
    try (Statement st = tx.createStatement()) {
      st.execute("INSERT INTO marker VALUES (1)");
    }
    long start = System.nanoTime();
    Future<DrainResult> pause = clients.submit(() -> admin.pause(Duration.ofSeconds(30)));
    Thread.sleep(1000);
    assertThat(pause.isDone()).as("PAUSE waits for the open transaction").isFalse();
    assertThat(admin.pools())
        .anySatisfy(
            p -> {
              assertThat(p.user()).isEqualTo(APP);
              assertThat(p.serversActive()).isEqualTo(1);
            });

    tx.commit(); // the client may still finish its transaction while the pooler pauses
    DrainResult paused = pause.get(20, TimeUnit.SECONDS);
    assertThat(paused.complete()).as(paused.describe()).isTrue();
    assertThat(paused.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    try (Connection direct = postgres.connect("postgres")) {
      assertThat(scalar(direct, "SELECT count(*)::int FROM marker WHERE id = 1")).isEqualTo(1);
    }
    assertThat(admin.resume()).isTrue();
  }

  @Test
  void pauseThatRunsOutOfTimeReportsWhatHoldsAndLeavesThePoolerPaused() throws Exception {
    Connection tx = client();
    tx.setAutoCommit(false);
    int pid = backendPid(tx);

    DrainResult timedOut = admin.pause(Duration.ofSeconds(1));
    assertThat(timedOut.complete()).isFalse();
    assertThat(timedOut.elapsed())
        .isGreaterThanOrEqualTo(Duration.ofMillis(900))
        .isLessThan(Duration.ofSeconds(6));
    assertThat(timedOut.holding())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.database()).isEqualTo("postgres");
              assertThat(p.user()).isEqualTo(APP);
              assertThat(p.serversActive()).isEqualTo(1);
            });
    assertThat(timedOut.describe())
        .contains("PAUSE on test-pooler-0 (127.0.0.1:" + bouncer.port() + ") not complete after")
        .contains("postgres/app: servers 1 active");
    assertThat(admin.pauseMode().holdsQueries()).as("the pause stays").isTrue();
    assertThat(admin.servers()).anySatisfy(s -> assertThat(s.remotePid()).isEqualTo(pid));

    // Asking again while paused waits in the same way.
    assertThat(admin.pause(Duration.ofMillis(500)).complete()).isFalse();
    tx.commit();
    DrainResult done = admin.pause(Duration.ofSeconds(10));
    assertThat(done.complete()).as(done.describe()).isTrue();
    assertThat(admin.servers()).isEmpty();

    assertThat(admin.resume()).isTrue();
    assertThat(scalar(client(), "SELECT 5")).isEqualTo(5);
  }

  @Test
  void reconnectReplacesEveryServerConnectionOnceReleased() throws Exception {
    // The open transaction holds its server connection, so the other client gets another one.
    Connection tx = client();
    tx.setAutoCommit(false);
    int txPid = backendPid(tx);
    Connection idle = client();
    int idlePid = backendPid(idle);
    assertThat(txPid).isNotEqualTo(idlePid);
    assertThat(admin.servers()).extracting(ServerConnection::remotePid).contains(idlePid, txPid);

    admin.reconnect();
    assertThat(admin.servers())
        .as("the connection of the open transaction is closed only once released")
        .anySatisfy(
            s -> {
              assertThat(s.remotePid()).isEqualTo(txPid);
              assertThat(s.closeNeeded()).isTrue();
            });
    assertThat(backendPid(tx)).as("the open transaction keeps its server").isEqualTo(txPid);
    tx.commit();

    DrainResult closed = admin.waitClose(Duration.ofSeconds(10));
    assertThat(closed.complete()).as(closed.describe()).isTrue();
    assertThat(admin.servers())
        .extracting(ServerConnection::remotePid)
        .doesNotContain(idlePid, txPid);
    assertThat(backendPid(idle)).isNotIn(idlePid, txPid);
    assertThat(backendPid(tx)).isNotIn(idlePid, txPid);
    tx.commit();
  }

  @Test
  void wrongPasswordIsAClearErrorWithoutThePassword() {
    String wrong = "wrong-secret-" + Long.toHexString(System.nanoTime());
    PgBouncerAdmin impostor = new PgBouncerAdmin(admin.target().withPassword(wrong));
    assertThatThrownBy(() -> impostor.pause(Duration.ofSeconds(2)))
        .isInstanceOf(PgBouncerAdminException.class)
        .satisfies(
            e -> {
              PgBouncerAdminException pe = (PgBouncerAdminException) e;
              assertThat(pe.instance())
                  .isEqualTo("test-pooler-0 (127.0.0.1:" + bouncer.port() + ")");
              assertThat(pe.command()).isEqualTo("connect (for PAUSE)");
              assertThat(pe.getMessage())
                  .startsWith("PgBouncer test-pooler-0 (127.0.0.1:")
                  .contains("password authentication failed")
                  .doesNotContain(wrong)
                  .doesNotContain(ADMIN_PASSWORD);
              for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t)).doesNotContain(wrong);
              }
            });
    assertThat(admin.pauseMode()).as("nothing was paused").isEqualTo(PauseMode.RUNNING);

    PgBouncerAdmin notAdmin =
        new PgBouncerAdmin(
            AdminTarget.of("test-pooler-0", "127.0.0.1", bouncer.port(), APP, APP_PASSWORD)
                .withSslMode("disable"));
    assertThatThrownBy(notAdmin::reconnect)
        .isInstanceOf(PgBouncerAdminException.class)
        .hasMessageContaining("test-pooler-0")
        .hasMessageContaining("RECONNECT")
        .hasMessageNotContaining(APP_PASSWORD);
  }

  @Test
  void theConsoleOfAPoolerThatRequiresTlsIsReachedWithSslmodeRequire() throws Exception {
    try (TestPgBouncer tls =
        TestPgBouncer.start(
            postgres.port(), Map.of(ADMIN, ADMIN_PASSWORD, APP, APP_PASSWORD), ADMIN, true)) {
      AdminTarget target =
          AdminTarget.of("tls-pooler-0", "127.0.0.1", tls.port(), ADMIN, ADMIN_PASSWORD);
      assertThat(target.sslMode()).isEqualTo("require");
      PgBouncerAdmin overTls = new PgBouncerAdmin(target);
      assertThat(overTls.pause(Duration.ofSeconds(5)).complete()).isTrue();
      assertThat(overTls.pauseMode().holdsQueries()).isTrue();
      assertThat(overTls.resume()).isTrue();
      assertThatThrownBy(() -> new PgBouncerAdmin(target.withSslMode("disable")).pools())
          .isInstanceOf(PgBouncerAdminException.class)
          .hasMessageContaining("tls-pooler-0")
          .hasMessageContaining("SSL required")
          .hasMessageNotContaining(ADMIN_PASSWORD);
    }
  }

  @Test
  void unreachableInstanceFailsWithinTheConnectTimeout() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    PgBouncerAdmin nobody =
        new PgBouncerAdmin(
            AdminTarget.of("gone-0", "127.0.0.1", closedPort, ADMIN, ADMIN_PASSWORD)
                .withSslMode("disable")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    long start = System.nanoTime();
    assertThatThrownBy(nobody::resume)
        .isInstanceOf(PgBouncerAdminException.class)
        .hasMessageStartingWith(
            "PgBouncer gone-0 (127.0.0.1:" + closedPort + "): connect (for RESUME) failed: ");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  // ---------------------------------------------------------------------------------------------

  private Connection client() throws SQLException {
    Connection c = connect(APP, APP_PASSWORD);
    opened.add(c);
    return c;
  }

  private static Connection connect(String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("sslmode", "disable");
    p.setProperty("prepareThreshold", "0"); // transaction pooling: no named prepared statements
    p.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + bouncer.port() + "/postgres", p);
  }

  private static int backendPid(Connection c) throws SQLException {
    return scalar(c, "SELECT pg_backend_pid()");
  }

  private static int scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }
}
