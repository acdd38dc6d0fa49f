package io.tusk.patroni;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /cluster} reports: the members, whether Patroni is paused (maintenance mode), and
 * a switchover scheduled for later, if any.
 *
 * @param scheduledSwitchoverAt the time of a scheduled switchover as Patroni wrote it, or null
 */
public record PatroniCluster(
    List<ClusterMember> members, boolean paused, String scheduledSwitchoverAt) {

  public PatroniCluster {
    members = List.copyOf(members);
  }

  /** The member holding the leader lock, if one does. */
  public Optional<ClusterMember> leader() {
    return members.stream().filter(ClusterMember::isLeader).findFirst();
  }

  /** The member of that name, if it is one. */
  public Optional<ClusterMember> member(String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  static PatroniCluster fromJson(JsonNode node) {
    List<ClusterMember> members = new ArrayList<>();
    node.path("members").forEach(m -> members.add(ClusterMember.fromJson(m)));
    JsonNode scheduled = node.path("scheduled_switchover");
    return new PatroniCluster(
        members,
        node.path("pause").asBoolean(false),
        scheduled.isObject() ? ClusterMember.text(scheduled, "at") : null);
  }
}
