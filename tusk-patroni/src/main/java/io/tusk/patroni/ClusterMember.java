package io.tusk.patroni;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One member of {@code GET /cluster}.
 *
 * @param name the member's name (the pod's name under Spilo)
 * @param role {@code leader}, {@code standby_leader}, {@code sync_standby}, {@code quorum_standby}
 *     or {@code replica}
 * @param state for a replica its replication state ({@code streaming}, {@code in archive recovery})
 *     when known, else PostgreSQL's state ({@code running}, {@code starting}, {@code stopped}, ...)
 * @param apiUrl the member's {@code /patroni} address, from which its API root is derived
 * @param host PostgreSQL's address, or null
 * @param timeline the member's timeline, or 0 when not reported
 * @param lagBytes the replay lag behind the leader in bytes; empty for the leader and when Patroni
 *     says {@code unknown}
 * @param pendingRestart whether PostgreSQL waits for a restart to apply a parameter
 * @param pendingChanges the parameters waiting for it, with their old and new values (Patroni 4)
 * @param tags the member's tags ({@code nofailover}, {@code noloadbalance}, ...)
 */
public record ClusterMember(
    String name,
    String role,
    String state,
    URI apiUrl,
    String host,
    int timeline,
    OptionalLong lagBytes,
    boolean pendingRestart,
    Map<String, PendingChange> pendingChanges,
    Map<String, String> tags) {

  public ClusterMember {
    pendingChanges = Map.copyOf(pendingChanges);
    tags = Map.copyOf(tags);
  }

  /** Whether the member holds the leader lock (of a primary or of a standby cluster). */
  public boolean isLeader() {
    return "leader".equals(role) || "standby_leader".equals(role);
  }

  /** Whether the member is a synchronous standby (or a quorum member under quorum commit). */
  public boolean isSyncStandby() {
    return "sync_standby".equals(role) || "quorum_standby".equals(role);
  }

  /** Whether PostgreSQL on the member runs and replays WAL (streaming or from the archive). */
  public boolean isReplicating() {
    return "streaming".equals(state) || "in archive recovery".equals(state);
  }

  /** Whether the member's tags keep it from becoming the leader. */
  public boolean refusesLeadership() {
    return "true".equalsIgnoreCase(tags.getOrDefault("nofailover", "false"));
  }

  /** The root of the member's REST API ({@code http://host:8008}), derived from {@code api_url}. */
  public URI apiRoot() {
    return apiUrl == null
        ? null
        : URI.create(apiUrl.getScheme() + "://" + apiUrl.getRawAuthority());
  }

  static ClusterMember fromJson(JsonNode node) {
    String apiUrl = text(node, "api_url");
    JsonNode lag = node.path("lag");
    Map<String, String> tags = new LinkedHashMap<>();
    node.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    Map<String, PendingChange> pending = new LinkedHashMap<>();
    node.path("pending_restart_reason")
        .fields()
        .forEachRemaining(
            e ->
                pending.put(
                    e.getKey(),
                    new PendingChange(
                        e.getValue().path("old_value").asText(""),
                        e.getValue().path("new_value").asText(""))));
    return new ClusterMember(
        text(node, "name"),
        text(node, "role"),
        text(node, "state"),
        apiUrl == null ? null : URI.create(apiUrl),
        text(node, "host"),
        node.path("timeline").asInt(0),
        lag.isIntegralNumber() ? OptionalLong.of(lag.asLong()) : OptionalLong.empty(),
        node.path("pending_restart").asBoolean(false),
        pending,
        tags);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
