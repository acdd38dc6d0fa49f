package io.tusk.day2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tusk.patroni.PatroniCluster;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What was observed of a running cluster.
 *
 * @param pods the cluster's pods, in any order (kept sorted by ordinal)
 * @param instances how many pods the StatefulSet asks for
 * @param patroni {@code GET /cluster}, empty when no member answered
 * @param dynamicConfig {@code GET /config}, empty when no member answered
 */
public record ClusterFacts(
    List<PodFacts> pods,
    int instances,
    Optional<PatroniCluster> patroni,
    Optional<ObjectNode> dynamicConfig) {

  public ClusterFacts {
    pods = pods.stream().sorted(Comparator.comparingInt(PodFacts::ordinal)).toList();
  }

  public Optional<PodFacts> pod(String name) {
    return pods.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Whether any pod waits to be recreated. */
  public boolean anyFlagged() {
    return pods.stream().anyMatch(PodFacts::flagged);
  }
}
