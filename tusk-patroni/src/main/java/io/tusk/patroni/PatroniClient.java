package io.tusk.patroni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls Patroni's REST API on one member at a time, addressed by the root of its API ({@code
 * http://10.0.0.5:8008}). Thread-safe: one instance serves every cluster.
 *
 * <p>Each call has a timeout; a switchover gets a longer one, since Patroni answers it only once
 * the new leader holds the lock. Failures are {@link PatroniException}s; nothing is retried here,
 * the caller decides.
 */
public final class PatroniClient {

  /** The port of Patroni's REST API in Spilo pods. */
  public static final int SPILO_API_PORT = 8008;

  private static final Logger LOG = LoggerFactory.getLogger(PatroniClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration timeout;
  private final Duration switchoverTimeout;

  /**
   * @param timeout how long a call may take before it fails
   * @param switchoverTimeout how long a switchover call may take (Patroni waits up to {@code 2 *
   *     max(10 s, loop_wait)} for the new leader before it answers)
   */
  public PatroniClient(Duration timeout, Duration switchoverTimeout) {
    this.timeout = Objects.requireNonNull(timeout);
    this.switchoverTimeout = Objects.requireNonNull(switchoverTimeout);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A client with Tusk's defaults: 5 s per call, 60 s for a switchover. */
  public static PatroniClient withDefaults() {
    return new PatroniClient(Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  /** The API root of a pod's Patroni ({@code http://IP:8008}). */
  public static URI apiRoot(String podIp) {
    String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
    return URI.create("http://" + host + ":" + SPILO_API_PORT);
  }

  /** {@code GET /cluster}: every member, as the DCS knows them. */
  public PatroniCluster cluster(URI member) {
    return PatroniCluster.fromJson(getJson(member, "/cluster"));
  }

  /** {@code GET /patroni}: the member's own state. */
  public MemberStatus patroni(URI member) {
    return MemberStatus.fromJson(getJson(member, "/patroni"));
  }

  /** {@code GET /config}: the dynamic configuration in the DCS. */
  public ObjectNode config(URI member) {
    JsonNode config = getJson(member, "/config");
    if (!config.isObject()) {
      throw new PatroniException(member, "GET /config", 200, "not a JSON object");
    }
    return (ObjectNode) config;
  }

  /**
   * {@code PATCH /config}: merges {@code patch} into the dynamic configuration (a null value
   * removes a key) and returns the configuration Patroni then holds.
   */
  public ObjectNode patchConfig(URI member, ObjectNode patch) {
    HttpResponse<String> answer = send(member, "PATCH /config", "PATCH", "/config", patch, timeout);
    expect(member, "PATCH /config", answer, Set.of(200));
    JsonNode config = parse(member, "PATCH /config", answer);
    if (!config.isObject()) {
      throw new PatroniException(member, "PATCH /config", 200, "not a JSON object");
    }
    return (ObjectNode) config;
  }

  /**
   * {@code POST /switchover} now: returns Patroni's message once {@code candidate} (or, when null,
   * a member Patroni chose) holds the leader lock. Patroni refuses with 412 when the candidate is
   * not healthy enough, and answers 503 when the switchover failed or its outcome is unknown.
   */
  public String switchover(URI member, String leader, String candidate) {
    ObjectNode body = JSON.createObjectNode().put("leader", Objects.requireNonNull(leader));
    if (candidate != null) {
      body.put("candidate", candidate);
    }
    HttpResponse<String> answer =
        send(member, "POST /switchover", "POST", "/switchover", body, switchoverTimeout);
    expect(member, "POST /switchover", answer, Set.of(200));
    return answer.body().strip();
  }

  /** {@code POST /switchover} with {@code scheduled_at}: Patroni carries it out at that time. */
  public void scheduleSwitchover(URI member, String leader, String candidate, Instant at) {
    ObjectNode body = JSON.createObjectNode().put("leader", Objects.requireNonNull(leader));
    if (candidate != null) {
      body.put("candidate", candidate);
    }
    body.put("scheduled_at", at.toString());
    HttpResponse<String> answer =
        send(member, "POST /switchover", "POST", "/switchover", body, timeout);
    expect(member, "POST /switchover", answer, Set.of(202));
  }

  /**
   * {@code POST /restart} on this member, now. With {@code onlyIfPending}, Patroni restarts only
   * when a parameter waits for it ({@code restart_pending}). Patroni answers once PostgreSQL is up
   * again, so the call may take as long as PostgreSQL needs to start.
   */
  public void restart(URI member, boolean onlyIfPending, Duration startTimeout) {
    ObjectNode body = JSON.createObjectNode();
    if (onlyIfPending) {
      body.put("restart_pending", true);
    }
    HttpResponse<String> answer =
        send(member, "POST /restart", "POST", "/restart", body, timeout.plus(startTimeout));
    expect(member, "POST /restart", answer, Set.of(200));
  }

  /** {@code POST /reload}: Patroni re-reads its configuration and reloads PostgreSQL's. */
  public void reload(URI member) {
    HttpResponse<String> answer = send(member, "POST /reload", "POST", "/reload", null, timeout);
    expect(member, "POST /reload", answer, Set.of(202));
  }

  /**
   * {@code GET /readiness?lag=N}: true on the leader, and on a replica that streams with a replay
   * lag of at most {@code maxLagBytes}; false when Patroni says it is not (503).
   */
  public boolean ready(URI member, long maxLagBytes) {
    return healthCheck(member, "/readiness?lag=" + maxLagBytes);
  }

  /** {@code GET /sync}: whether the member is a synchronous standby that runs. */
  public boolean isSyncStandby(URI member) {
    return healthCheck(member, "/sync");
  }

  private boolean healthCheck(URI member, String pathAndQuery) {
    String call = "GET " + pathAndQuery;
    HttpResponse<String> answer = send(member, call, "GET", pathAndQuery, null, timeout);
    expect(member, call, answer, Set.of(200, 503));
    return answer.statusCode() == 200;
  }

  private JsonNode getJson(URI member, String path) {
    String call = "GET " + path;
    HttpResponse<String> answer = send(member, call, "GET", path, null, timeout);
    expect(member, call, answer, Set.of(200, 503));
    // /patroni answers 503 while PostgreSQL is not running, with the same document.
    return parse(member, call, answer);
  }

  private HttpResponse<String> send(
      URI member, String call, String method, String path, JsonNode body, Duration limit) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode the body of " + call, e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(member.resolve(path))
            .timeout(limit)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(method, publisher)
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      LOG.debug("{} on {}: {}", call, member, answer.statusCode());
      return answer;
    } catch (IOException e) {
      throw new PatroniException(member, call, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PatroniException(member, call, e);
    }
  }

  private static void expect(
      URI member, String call, HttpResponse<String> answer, Set<Integer> expected) {
    if (!expected.contains(answer.statusCode())) {
      throw new PatroniException(member, call, answer.statusCode(), answer.body());
    }
  }

  private static JsonNode parse(URI member, String call, HttpResponse<String> answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (JsonProcessingException e) {
      throw new PatroniException(member, call, answer.statusCode(), "not JSON");
    }
  }
}
