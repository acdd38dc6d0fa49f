package io.tusk.it.database;

import static io.tusk.it.database.DatabaseHarness.awaitStatus;
import static io.tusk.it.database.DatabaseHarness.column;
import static io.tusk.it.database.DatabaseHarness.events;
import static io.tusk.it.database.DatabaseHarness.manifest;
import static io.tusk.it.database.DatabaseHarness.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.sql.testing.LocalPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tusk's deletion options ({@code enable_role_deletion}, {@code enable_database_deletion}): a user
 * removed from the manifest is dropped after its objects went to the database owner; a removed
 * database is dropped, but not while it has open connections (the cluster reports it and retries).
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoleDeletionIT {
  private static final String NAME = "acid-drop";
  private static final String MANIFEST =
      """
      apiVersion: acid.zalan.do/v1
      kind: postgresql
      metadata:
        name: acid-drop
      spec:
        teamId: acid
        numberOfInstances: 1
        volume: {size: 1Gi}
        postgresql: {version: "17"}
        users:
          app_owner: []
          app_user: []
        databases:
          app: app_owner
          scratch: app_owner
          busy: app_owner
      """;

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static LocalPostgres postgres;
  static DatabaseHarness operator;

  @BeforeAll
  static void start() throws Exception {
    postgres = LocalPostgres.start();
    operator =
        new DatabaseHarness(
                cluster,
                postgres,
                Map.of(
                    "kubernetes_use_configmaps", "true",
                    "enable_teams_api", "false",
                    "enable_role_deletion", "true",
                    "enable_database_deletion", "true",
                    "repair_period", "5s"))
            .start();
    operator.createCredentialsSecret(NAME, "postgres", postgres.superuserPassword());
    client.resource(manifest(client, MANIFEST)).create();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(column(postgres, "postgres", "SELECT datname FROM pg_database"))
                    .contains("app", "scratch", "busy"));
    awaitStatus(client, NAME, "Running");
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
  @Order(1)
  void aRemovedUserIsDroppedAndItsObjectsGoToTheDatabaseOwner() throws Exception {
    String password =
        value(
            client
                .secrets()
                .withName("app-user." + NAME + ".credentials.postgresql.acid.zalan.do")
                .get(),
            "password");
    postgres.execute("app", "GRANT CREATE ON SCHEMA public TO app_user");
    try (Connection c = postgres.connect("app", "app_user", password)) {
      c.createStatement().execute("CREATE TABLE orders (id int)");
    }

    DatabaseHarness.remove(client, NAME, "/spec/users/app_user");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(column(postgres, "postgres", "SELECT rolname FROM pg_roles"))
                    .doesNotContain("app_user"));
    assertThat(
            column(
                postgres,
                "app",
                "SELECT pg_get_userbyid(relowner) FROM pg_class" + " WHERE relname = 'orders'"))
        .containsExactly("app_owner");
    awaitStatus(client, NAME, "Running");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events(client, NAME))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("RoleDropped");
                          assertThat(e.getMessage())
                              .isEqualTo(
                                  "dropped role \"app_user\": no longer wanted;"
                                      + " objects in database app now owned by app_owner");
                        }));
  }

  @Test
  @Order(2)
  void aRemovedDatabaseIsDroppedButNotWhileItHasConnections() throws Exception {
    try (Connection open = postgres.connect("busy")) {
      DatabaseHarness.remove(client, NAME, "/spec/databases/scratch", "/spec/databases/busy");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(column(postgres, "postgres", "SELECT datname FROM pg_database"))
                      .doesNotContain("scratch")
                      .contains("busy"));
      awaitStatus(client, NAME, "UpdateFailed", "database \"busy\"", "open connection");
      assertThat(open.isValid(1)).isTrue();
    }
    // Connection closed: the retry after repair_period drops it.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(column(postgres, "postgres", "SELECT datname FROM pg_database"))
                    .doesNotContain("busy"));
    awaitStatus(client, NAME, "Running");
    assertThat(events(client, NAME))
        .filteredOn(e -> "DatabaseDropped".equals(e.getReason()))
        .extracting(e -> e.getMessage())
        .contains(
            "dropped database \"scratch\": no longer wanted",
            "dropped database \"busy\": no longer wanted");
  }
}
