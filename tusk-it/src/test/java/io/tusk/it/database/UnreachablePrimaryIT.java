package io.tusk.it.database;

import static io.tusk.it.database.DatabaseHarness.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.sql.testing.LocalPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A primary that refuses connections at first (a new leader whose Service endpoints and forwarding
 * rules are still catching up, as seen on the process node): the sync fails, the cluster says so,
 * and the sync is retried within seconds, not after {@code repair_period} (5 minutes, as Zalando
 * waits).
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
    operator =
        new DatabaseHarness(cluster, postgres, Map.of("enable_teams_api", "false"))
            .start();
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
