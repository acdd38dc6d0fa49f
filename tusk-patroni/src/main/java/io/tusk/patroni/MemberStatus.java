package io.tusk.patroni;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one member says of itself ({@code GET /patroni}).
 *
 * @param name the member's name
 * @param state PostgreSQL's state ({@code running}, {@code starting}, {@code stopped}, {@code
 *     restarting}, ...)
 * @param role {@code primary}, {@code replica}, {@code standby_leader} ({@code master} before
 *     Patroni 4 is read as {@code primary})
 * @param timeline the timeline, or 0 when not reported
 * @param serverVersion PostgreSQL's version number ({@code 170010}), or 0
 * @param postmasterStartTime when PostgreSQL last started, as Patroni prints it, or null: a restart
 *     changes it
 * @param pendingRestart whether a changed parameter waits for a restart
 * @param pendingRestartParameters the parameters that wait for it (Patroni 4 reports them)
 * @param paused whether the cluster is in maintenance mode
 * @param patroniVersion Patroni's own version
 */
public record MemberStatus(
    String name,
    String state,
    String role,
    int timeline,
    int serverVersion,
    String postmasterStartTime,
    boolean pendingRestart,
    Set<String> pendingRestartParameters,
    boolean paused,
    String patroniVersion) {

  public MemberStatus {
    pendingRestartParameters = Set.copyOf(pendingRestartParameters);
  }

  /** Whether PostgreSQL runs as the primary. */
  public boolean isPrimary() {
    return "primary".equals(role);
  }

  /** Whether PostgreSQL runs. */
  public boolean isRunning() {
    return "running".equals(state);
  }

  static MemberStatus fromJson(JsonNode node) {
    Set<String> parameters = new TreeSet<>();
    node.path("pending_restart_reason").fieldNames().forEachRemaining(parameters::add);
    String role = ClusterMember.text(node, "role");
    JsonNode patroni = node.path("patroni");
    return new MemberStatus(
        ClusterMember.text(patroni, "name"),
        ClusterMember.text(node, "state"),
        "master".equals(role) ? "primary" : role,
        node.path("timeline").asInt(0),
        node.path("server_version").asInt(0),
        ClusterMember.text(node, "postmaster_start_time"),
        node.path("pending_restart").asBoolean(false),
        parameters,
        node.path("pause").asBoolean(false),
        ClusterMember.text(patroni, "version"));
  }
}
