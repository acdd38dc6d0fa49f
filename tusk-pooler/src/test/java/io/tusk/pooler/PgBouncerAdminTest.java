package io.tusk.pooler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PgBouncerAdminTest {

  private static final AdminTarget TARGET =
      AdminTarget.of("ns/acid-pooler-0", "10.0.0.7", 5432, "pooler", "s3cret-pw");

  @Test
  void driverPropertiesAskForSimpleQueriesAndTimeoutsAndKeepTheUrlFreeOfCredentials() {
    Properties p =
        PgBouncerAdmin.connectionProperties(
            TARGET.withTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(3)));
    assertThat(p)
        .containsEntry("user", "pooler")
        .containsEntry("password", "s3cret-pw")
        .containsEntry("sslmode", "require")
        .containsEntry("preferQueryMode", "simple")
        .containsEntry("connectTimeout", "2")
        .containsEntry("loginTimeout", "2");
    assertThat(PgBouncerAdmin.jdbcUrl(TARGET))
        .isEqualTo("jdbc:postgresql://10.0.0.7:5432/pgbouncer")
        .doesNotContain("s3cret");
    assertThat(
            PgBouncerAdmin.jdbcUrl(
                AdminTarget.of("x", "fd00::7", 6432, "pooler", "pw").withSslMode("disable")))
        .isEqualTo("jdbc:postgresql://[fd00::7]:6432/pgbouncer");
  }

  @Test
  void aPortWhereNothingListensIsToldApartFromOtherFailures() throws Exception {
    int closed;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    PgBouncerAdmin admin =
        new PgBouncerAdmin(
            AdminTarget.of("ns/gone", "127.0.0.1", closed, "pooler", "pw").withSslMode("disable"));
    assertThatThrownBy(admin::resume)
        .isInstanceOfSatisfying(
            PgBouncerAdminException.class,
            e -> {
              assertThat(e.nothingListens()).as(e.getMessage()).isTrue();
              assertThat(e.getMessage()).doesNotContain("pw");
            });
    assertThat(
            new PgBouncerAdminException(
                    "ns/slow", "RESUME", "timed out", new SocketTimeoutException("read timed out"))
                .nothingListens())
        .isFalse();
  }

  @Test
  void timeoutsRoundUpToWholeSecondsOfAtLeastOne() {
    assertThat(PgBouncerAdmin.ceilSeconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(PgBouncerAdmin.ceilSeconds(Duration.ofSeconds(5))).isEqualTo(5);
    assertThat(PgBouncerAdmin.ceilSeconds(Duration.ofMillis(5001))).isEqualTo(6);
  }

  @Test
  void targetNeverPrintsThePasswordAndRefusesNonsense() {
    assertThat(TARGET.toString())
        .doesNotContain("s3cret")
        .contains("ns/acid-pooler-0 (10.0.0.7:5432)");
    assertThat(TARGET.describe()).isEqualTo("ns/acid-pooler-0 (10.0.0.7:5432)");
    assertThat(AdminTarget.of("10.0.0.7:5432", "10.0.0.7", 5432, "u", "p").describe())
        .isEqualTo("10.0.0.7:5432");
    assertThatThrownBy(() -> AdminTarget.of("x", "h", 0, "u", "p"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AdminTarget.of("x", "", 5432, "u", "p"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TARGET.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void poolsAreReadByColumnNameAndMissingColumnsReadAsZero() {
    // Columns as PgBouncer 1.18 answers them, minus a few to stand for other versions.
    List<PoolStats> pools =
        AdminRows.pools(
            List.of(
                Map.of("database", "pgbouncer", "user", "pgbouncer", "cl_active", "1"),
                Map.of(
                    "database", "postgres",
                    "user", "app",
                    "cl_active", "3",
                    "cl_waiting", "2",
                    "sv_active", "1",
                    "sv_idle", "4",
                    "sv_used", "",
                    "sv_login", "1",
                    "maxwait", "7",
                    "pool_mode", "transaction")));
    assertThat(pools.get(0).isAdminConsole()).isTrue();
    PoolStats app = pools.get(1);
    assertThat(app)
        .isEqualTo(new PoolStats("postgres", "app", 3, 2, 1, 4, 0, 0, 1, 7, "transaction"));
    assertThat(app.servers()).isEqualTo(6);
    assertThat(AdminRows.holding(pools)).containsExactly(app);
    assertThat(app.describe())
        .isEqualTo(
            "postgres/app: servers 1 active, 4 idle, 0 used, 0 tested, 1 login;"
                + " clients 3 active, 2 waiting");
  }

  @Test
  void serversAndDatabasesAreRead() {
    assertThat(
            AdminRows.servers(
                List.of(
                    Map.of(
                        "type", "S",
                        "user", "app",
                        "database", "postgres",
                        "state", "active",
                        "addr", "127.0.0.1",
                        "port", "5432",
                        "remote_pid", "4711",
                        "close_needed", "1",
                        "connect_time", "2026-12-06 23:03:14 UTC"))))
        .containsExactly(
            new ServerConnection(
                "app",
                "postgres",
                "active",
                "127.0.0.1",
                5432,
                4711,
                true,
                "2026-12-06 23:03:14 UTC"));
    assertThat(
            AdminRows.databases(
                List.of(
                    Map.of(
                        "name", "postgres",
                        "host", "10.0.0.1",
                        "port", "5432",
                        "database", "postgres",
                        "pool_size", "15",
                        "current_connections", "2",
                        "paused", "0",
                        "disabled", "0"))))
        .containsExactly(
            new DatabaseInfo("postgres", "10.0.0.1", 5432, "postgres", 15, 2, false, false));
  }

  @Test
  void pauseModeFromShowStateOrFromTheAnswerToPausingTheAdminDatabase() {
    assertThat(
            AdminRows.pauseModeFromState(
                List.of(
                    Map.of("key", "active", "value", "no"),
                    Map.of("key", "paused", "value", "yes"),
                    Map.of("key", "suspended", "value", "no"))))
        .isEqualTo(PauseMode.PAUSED);
    assertThat(
            AdminRows.pauseModeFromState(
                List.of(
                    Map.of("key", "active", "value", "yes"),
                    Map.of("key", "paused", "value", "no"),
                    Map.of("key", "suspended", "value", "no"))))
        .isEqualTo(PauseMode.RUNNING);
    assertThat(AdminRows.pauseModeFromState(List.of(Map.of("key", "suspended", "value", "yes"))))
        .isEqualTo(PauseMode.SUSPENDED);

    assertThat(AdminRows.pauseModeFromAdminDbPause("ERROR: cannot pause admin db: pgbouncer"))
        .contains(PauseMode.RUNNING);
    assertThat(AdminRows.pauseModeFromAdminDbPause("ERROR: already suspended/paused"))
        .contains(PauseMode.PAUSED_OR_SUSPENDED);
    assertThat(AdminRows.pauseModeFromAdminDbPause("ERROR: admin access needed")).isEmpty();
    assertThat(PauseMode.PAUSED_OR_SUSPENDED.holdsQueries()).isTrue();
    assertThat(PauseMode.RUNNING.holdsQueries()).isFalse();
  }

  @Test
  void drainReportsNameTheInstanceAndWhatHolds() {
    PoolStats held = new PoolStats("postgres", "app", 1, 3, 1, 0, 0, 0, 0, 2, "transaction");
    assertThat(
            new DrainResult("pooler-0", "PAUSE", false, Duration.ofMillis(10_004), List.of(held))
                .describe())
        .isEqualTo(
            "PAUSE on pooler-0 not complete after 10004 ms, still held: postgres/app: servers 1"
                + " active, 0 idle, 0 used, 0 tested, 0 login; clients 1 active, 3 waiting");
    assertThat(
            new DrainResult("pooler-0", "PAUSE", true, Duration.ofMillis(12), List.of()).describe())
        .isEqualTo("PAUSE on pooler-0 complete after 12 ms");
  }

  @Test
  void secretsAreRedactedAndTimeoutsRecognised() {
    assertThat(AdminRows.redact("auth failed for s3cret-pw here", "s3cret-pw"))
        .isEqualTo("auth failed for ***** here");
    assertThat(AdminRows.redact("nothing", "")).isEqualTo("nothing");
    assertThat(AdminRows.redact(null, "x")).isEmpty();
    assertThat(
            PgBouncerAdmin.timedOut(
                new SQLException("I/O error", new SocketTimeoutException("Read timed out"))))
        .isTrue();
    assertThat(PgBouncerAdmin.timedOut(new SQLException("ERROR: admin access needed"))).isFalse();
  }

  @Test
  void onlyTheDriversWarningAboutTheConsolesVersionIsDropped() {
    java.util.logging.LogRecord bouncer =
        new java.util.logging.LogRecord(
            java.util.logging.Level.WARNING, "Unsupported Server Version: {0}");
    bouncer.setParameters(new Object[] {"1.18.0/bouncer"});
    java.util.logging.LogRecord old =
        new java.util.logging.LogRecord(
            java.util.logging.Level.WARNING, "Unsupported Server Version: {0}");
    old.setParameters(new Object[] {"8.1.4"});
    assertThat(PgBouncerAdmin.isBouncerVersionWarning(bouncer)).isTrue();
    assertThat(PgBouncerAdmin.isBouncerVersionWarning(old)).isFalse();
    assertThat(
            PgBouncerAdmin.isBouncerVersionWarning(
                new java.util.logging.LogRecord(java.util.logging.Level.WARNING, "other")))
        .isFalse();
  }

  @Test
  void missingPgBouncerNamesTheDebianPackage() {
    assertThatThrownBy(
            () -> TestPgBouncer.firstExecutable(List.of(Path.of("/nonexistent/pgbouncer"))))
        .hasMessageContaining("apt-get install pgbouncer");
  }
}
