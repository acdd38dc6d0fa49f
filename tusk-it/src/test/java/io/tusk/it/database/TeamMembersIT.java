package io.tusk.it.database;

import static io.tusk.it.database.DatabaseHarness.awaitStatus;
import static io.tusk.it.database.DatabaseHarness.column;
import static io.tusk.it.database.DatabaseHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.sql.testing.LocalPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Human users: members of the cluster's team from a Teams API (a JDK HTTP server on 127.0.0.1
 * standing in for it, authenticated with the token from the {@code oauth_token_secret_name} Secret)
 * and from PostgresTeam resources become LOGIN roles with the configured settings; a member who
 * leaves loses LOGIN at the next periodic sync.
 */
@LocalKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeamMembersIT {
  private static final String NAME = "acid-team";
  private static final String TOKEN = "token-for-tests";
  private static final String MANIFEST =
      """
      apiVersion: acid.zalan.do/v1
      kind: postgresql
      metadata:
        name: acid-team
      spec:
        teamId: acid
        numberOfInstances: 1
        volume: {size: 1Gi}
        postgresql: {version: "17"}
      """;

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static LocalPostgres postgres;
  static DatabaseHarness operator;
  static HttpServer teamsApi;
  static final AtomicReference<String> members = new AtomicReference<>("[\"jdoe\"]");

  @BeforeAll
  static void start() throws IOException {
    postgres = LocalPostgres.start();
    teamsApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    teamsApi.createContext(
        "/teams/",
        exchange -> {
          boolean authorized =
              ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
          boolean acid = exchange.getRequestURI().getPath().equals("/teams/acid");
          byte[] body =
              (authorized && acid
                      ? "{\"id\":\"acid\",\"member\":" + members.get() + "}"
                      : "{\"error\":\"no\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(!authorized ? 401 : acid ? 200 : 404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    teamsApi.start();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("teams-api-token")
                .endMetadata()
                .withStringData(Map.of("read-only-token-secret", TOKEN))
                .build())
        .create();
    PostgresTeam team =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: acid.zalan.do/v1
                kind: PostgresTeam
                metadata: {name: custom-team-membership}
                spec:
                  additionalMembers:
                    acid: [jane]
                """,
                PostgresTeam.class);
    client.resource(team).create();
    operator =
        new DatabaseHarness(
                cluster,
                postgres,
                Map.of(
                    "kubernetes_use_configmaps", "true",
                    "enable_teams_api", "true",
                    "teams_api_url", "http://127.0.0.1:" + teamsApi.getAddress().getPort() + "/",
                    "oauth_token_secret_name", "teams-api-token",
                    "enable_postgres_team_crd", "true",
                    "resync_period", "10s"))
            .start();
    operator.createCredentialsSecret(NAME, "postgres", postgres.superuserPassword());
    client.resource(manifest(client, MANIFEST)).create();
    awaitStatus(client, NAME, "Running");
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (teamsApi != null) {
      teamsApi.stop(0);
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static List<String> loginRoles() throws Exception {
    return column(
        postgres,
        "postgres",
        "SELECT rolname FROM pg_roles WHERE rolcanlogin"
            + " AND rolname IN ('jdoe', 'jane', 'newbie') ORDER BY 1");
  }

  @Test
  @Order(1)
  void membersOfTheTeamAndOfPostgresTeamsGetLoginRoles() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(loginRoles()).containsExactly("jane", "jdoe"));
    // team_api_role_configuration (default log_statement: all)
    assertThat(
            column(
                postgres,
                "postgres",
                "SELECT unnest(setconfig) FROM pg_db_role_setting s"
                    + " JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'jdoe'"))
        .containsExactly("log_statement=all");
  }

  @Test
  @Order(2)
  void theTeamsApiIsReadAgainAtThePeriodicSync() throws Exception {
    members.set("[\"newbie\"]");
    // No Kubernetes object changed: the periodic verification (resync_period 10s) picks it up.
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(loginRoles()).containsExactly("jane", "newbie"));
  }
}
