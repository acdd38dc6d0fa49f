package io.tusk.sql.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the Teams API: {@code GET {teams_api_url}/teams/{team}} with {@code Authorization:
 * Bearer <token>}, the token being the {@code read-only-token-secret} key of the Secret named by
 * {@code oauth_token_secret_name} (read by the operator). Mirrors Zalando's {@code
 * pkg/util/teams/teams.go#TeamInfo} and {@code cluster/util.go#getTeamMembers} (v2.0.1): a 404
 * means a team without members; other failures are errors, reported with the API's {@code error}
 * message when it sends one. The token is never logged.
 */
public final class TeamsApiClient {

  private static final Logger LOG = LoggerFactory.getLogger(TeamsApiClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http;
  private final Duration timeout;

  public TeamsApiClient(String baseUrl) {
    this(
        baseUrl,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
        Duration.ofSeconds(30));
  }

  public TeamsApiClient(String baseUrl, HttpClient http, Duration timeout) {
    String trimmed = baseUrl;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    this.baseUrl = trimmed;
    this.http = http;
    this.timeout = timeout;
  }

  /** The team, or empty when the API does not know it (404). */
  public Optional<Team> team(String teamId, String token) throws TeamsApiException {
    URI uri =
        URI.create(
            baseUrl
                + "/teams/"
                + URLEncoder.encode(teamId, StandardCharsets.UTF_8).replace("+", "%20"));
    LOG.debug("request url: {}", uri);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TeamsApiException(
          0, "team API query for team \"" + teamId + "\" failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TeamsApiException(0, "interrupted while querying the team API", e);
    }
    int status = response.statusCode();
    if (status == 404) {
      LOG.warn("could not get team info for team \"{}\": not found", teamId);
      return Optional.empty();
    }
    if (status != 200) {
      String message = "team API query failed with status code " + status;
      try {
        JsonNode body = JSON.readTree(response.body());
        if (body != null && body.has("error")) {
          message += " and message: '" + body.get("error") + "'";
        }
      } catch (IOException e) {
        message += " and malformed response: " + e.getMessage();
      }
      throw new TeamsApiException(status, message, null);
    }
    try {
      return Optional.of(JSON.readValue(response.body(), Team.class));
    } catch (IOException e) {
      throw new TeamsApiException(
          status, "could not parse team API response: " + e.getMessage(), e);
    }
  }

  /**
   * Members of each team; a team the API does not know has none. Failures are collected, not
   * thrown: the result is then incomplete.
   */
  public TeamMembers members(Collection<String> teams, String token) {
    Map<String, List<String>> members = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    for (String team : teams) {
      try {
        members.put(team, team(team, token).map(Team::members).orElse(List.of()));
      } catch (TeamsApiException e) {
        errors.add("could not get team info for team \"" + team + "\": " + e.getMessage());
      }
    }
    return new TeamMembers(members, errors.isEmpty(), errors);
  }
}
