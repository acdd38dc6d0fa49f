package io.tusk.day2.placement;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.Intent;
import io.tusk.day2.PodFacts;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Pods and Patroni members of a cluster {@code c}, for the placement decisions' tests. */
final class Fixtures {

  static final long LIMIT = Intent.DEFAULT_MAX_LAG_BYTES;

  private Fixtures() {}

  static Intent async() {
    return new Intent(JsonNodeFactory.instance.objectNode(), false, LIMIT);
  }

  static Intent sync() {
    return new Intent(JsonNodeFactory.instance.objectNode(), true, LIMIT);
  }

  static PodFacts pod(int ordinal, String role, String node) {
    return new PodFacts("c-" + ordinal, role, true, false, false, node);
  }

  static PodFacts notReady(int ordinal, String role, String node) {
    return new PodFacts("c-" + ordinal, role, false, false, false, node);
  }

  static ClusterMember leader(String name) {
    return member(name, "leader", "running", OptionalLong.empty(), Map.of());
  }

  static ClusterMember replica(String name, long lag) {
    return member(name, "replica", "streaming", OptionalLong.of(lag), Map.of());
  }

  static ClusterMember syncStandby(String name, long lag) {
    return member(name, "sync_standby", "streaming", OptionalLong.of(lag), Map.of());
  }

  static ClusterMember member(
      String name, String role, String state, OptionalLong lag, Map<String, String> tags) {
    return new ClusterMember(
        name,
        role,
        state,
        URI.create("http://10.0.0.1:8008/patroni"),
        "10.0.0.1",
        1,
        lag,
        false,
        Map.of(),
        tags);
  }

  static ClusterFacts facts(List<PodFacts> pods, List<ClusterMember> members) {
    return new ClusterFacts(
        pods, pods.size(), Optional.of(new PatroniCluster(members, false, null)), Optional.empty());
  }

  static ClusterFacts facts(List<PodFacts> pods, PatroniCluster cluster) {
    return new ClusterFacts(pods, pods.size(), Optional.of(cluster), Optional.empty());
  }

  static ClusterFacts unanswered(List<PodFacts> pods) {
    return new ClusterFacts(pods, pods.size(), Optional.empty(), Optional.empty());
  }
}
