package io.tusk.it.database;

import static io.tusk.it.database.DatabaseHarness.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.sql.testing.LocalPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A primary that refuses connections at first (a new leader whose Service endpoints and forwarding
 * rules are still catching up, as seen on the process node): the sync fails, the cluster says so in
 * its status and in a Warning Event naming the address and the cause, the status stays CreateFailed
 * while retries fail, and the sync is retried within seconds, not after {@code repair_period} (5
 * minutes, as Zalando waits).
 */
@LocalKubernetes
class UnreachablePrimaryIT {

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static LocalPostgres postgres;
  static DatabaseHarness operator;

  @BeforeAll
  static void start() {
    postgres = LocalPostgres.start();
    operator = new DatabaseHarness(cluster, postgres, Map.of("enable_teams_api", "false")).start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aRefusedConnectionIsRetriedWithinSecondsAndTheClusterRecovers() throws Exception {
    // The superuser's password of the test's server, as Spilo would have set the generated one.
    operator.createCredentialsSecret("acid-refusing", "postgres", postgres.superuserPassword());
    operator.refusing(true);
    List<String> statuses = new CopyOnWriteArrayList<>();
    try (Watch watch =
        client
            .resources(Postgresql.class)
            .withName("acid-refusing")
            .watch(
                new Watcher<Postgresql>() {
                  @Override
                  public void eventReceived(Action action, Postgresql pg) {
                    if (pg.getStatus() != null) {
                      statuses.add(pg.getStatus().getPostgresClusterStatus());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      client
          .resources(Postgresql.class)
          .resource(
              DatabaseHarness.manifest(
                  client,
                  """
                  apiVersion: acid.zalan.do/v1
                  kind: postgresql
                  metadata: {name: acid-refusing}
                  spec:
                    teamId: acid
                    volume: {size: 1Gi}
                    numberOfInstances: 1
                    users: {app_owner: []}
                    postgresql: {version: "17"}
                  """))
          .create();
      awaitStatus(client, "acid-refusing", "CreateFailed", "cannot reach or read the primary");
      // The reason is in a Warning Event too, naming the address and the driver's cause; retries
      // that fail the same way leave the status CreateFailed, not flipping back to Creating.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                List<Event> failed =
                    DatabaseHarness.events(client, "acid-refusing").stream()
                        .filter(
                            e ->
                                "Warning".equals(e.getType()) && "SyncFailed".equals(e.getReason()))
                        .toList();
                assertThat(failed)
                    .allSatisfy(
                        e ->
                            assertThat(e.getMessage())
                                .contains(
                                    "cannot reach or read the primary at " + postgres.host() + ":")
                                .contains("(ConnectException: Connection refused)"));
                assertThat(
                        failed.stream()
                            .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
                            .sum())
                    .isGreaterThanOrEqualTo(3);
              });
    }
    assertThat(statuses.subList(statuses.indexOf("CreateFailed"), statuses.size()))
        .as("statuses after the first failure: %s", statuses)
        .containsOnly("CreateFailed");

    // The primary becomes reachable; nothing else about the cluster changes.
    operator.refusing(false);
    Instant reachable = Instant.now();
    awaitStatus(client, "acid-refusing", "Running");
    // Retried within seconds (as long as it had been failing, at least 5 s), far below the
    // 5 minute repair period.
    assertThat(Duration.between(reachable, Instant.now())).isLessThan(Duration.ofSeconds(30));
    assertThat(
            DatabaseHarness.column(
                postgres, "postgres", "SELECT rolname FROM pg_roles WHERE rolname = 'app_owner'"))
        .containsExactly("app_owner");
  }
}
