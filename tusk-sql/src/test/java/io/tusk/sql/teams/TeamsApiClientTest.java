package io.tusk.sql.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a small Teams API served on the loopback interface. */
class TeamsApiClientTest {

  private static final String TOKEN = "read-only-token";

  private HttpServer server;
  private final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();
  private String baseUrl;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/teams/",
        exchange -> {
          String team = exchange.getRequestURI().getPath().substring("/api/teams/".length());
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          lastAuthorization.put(team, auth == null ? "" : auth);
          int status;
          String body;
          if (!("Bearer " + TOKEN).equals(auth)) {
            status = 401;
            body = "{\"error\": \"invalid token\"}";
          } else if (team.equals("acid")) {
            status = 200;
            // The shape of Zalando's Teams API (pkg/util/teams/teams.go#Team), plus unknown fields.
            body =
                "{\"dn\": \"cn=acid,ou=teams\", \"id\": \"acid\", \"id_name\": \"acid\","
                    + " \"team_id\": \"111\", \"type\": \"official\", \"name\": \"ACID team\","
                    + " \"mail\": [\"acid@example.org\"], \"member\": [\"jdoe\", \"amy\"],"
                    + " \"infrastructure-accounts\": [{\"id\": \"1\", \"provider\": \"aws\"}],"
                    + " \"cost_center\": \"42\", \"something_new\": true}";
          } else if (team.equals("broken")) {
            status = 500;
            body = "not json";
          } else if (team.equals("garbage")) {
            status = 200;
            body = "{\"member\": \"not-a-list\"";
          } else {
            status = 404;
            body = "{\"error\": \"team not found\"}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void readsTheMembersOfATeamWithTheBearerToken() throws Exception {
    Team team = new TeamsApiClient(baseUrl).team("acid", TOKEN).orElseThrow();

    assertThat(team.members()).containsExactly("jdoe", "amy");
    assertThat(team.id()).isEqualTo("acid");
    assertThat(team.fullName()).isEqualTo("ACID team");
    assertThat(team.mails()).containsExactly("acid@example.org");
    assertThat(lastAuthorization).containsEntry("acid", "Bearer " + TOKEN);
  }

  @Test
  void anUnknownTeamHasNoMembers() throws Exception {
    assertThat(new TeamsApiClient(baseUrl).team("nobody", TOKEN)).isEmpty();
  }

  @Test
  void errorsCarryTheStatusAndTheApiMessageButNotTheToken() {
    assertThatThrownBy(() -> new TeamsApiClient(baseUrl).team("acid", "wrong-token"))
        .isInstanceOfSatisfying(
            TeamsApiException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(401);
              assertThat(e.getMessage())
                  .contains("status code 401")
                  .contains("invalid token")
                  .doesNotContain("wrong-token");
            });
    assertThatThrownBy(() -> new TeamsApiClient(baseUrl).team("broken", TOKEN))
        .hasMessageContaining("status code 500")
        .hasMessageContaining("malformed response");
    assertThatThrownBy(() -> new TeamsApiClient(baseUrl).team("garbage", TOKEN))
        .hasMessageContaining("could not parse team API response");
  }

  @Test
  void membersOfSeveralTeamsReportWhetherTheListIsComplete() {
    TeamsApiClient client = new TeamsApiClient(baseUrl);

    TeamMembers ok = client.members(List.of("acid", "nobody"), TOKEN);
    TeamMembers partial = client.members(List.of("acid", "broken"), TOKEN);

    assertThat(ok.complete()).isTrue();
    assertThat(ok.of("acid")).containsExactly("jdoe", "amy");
    assertThat(ok.of("nobody")).isEmpty();
    assertThat(partial.complete()).isFalse();
    assertThat(partial.errors()).singleElement().asString().contains("broken");
  }

  @Test
  void anUnreachableApiIsAnError() {
    server.stop(0);
    assertThatThrownBy(() -> new TeamsApiClient(baseUrl).team("acid", TOKEN))
        .isInstanceOfSatisfying(TeamsApiException.class, e -> assertThat(e.statusCode()).isZero());
  }
}
