package io.tusk.operator.database;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The warnings of a cluster's sync that were not there at its previous sync. A condition that lasts
 * (no Teams API token, a missing infrastructure roles Secret) is logged once when it appears and
 * again only after it went away and came back, instead of on every sync of every cluster.
 */
final class WarningsOnce {
  private final Map<String, Set<String>> last = new ConcurrentHashMap<>();

  /** Remembers {@code warnings} as the cluster's current ones; returns those that are new. */
  List<String> fresh(String cluster, List<String> warnings) {
    Set<String> now = new LinkedHashSet<>(warnings);
    Set<String> before = now.isEmpty() ? last.remove(cluster) : last.put(cluster, now);
    return now.stream().filter(w -> before == null || !before.contains(w)).toList();
  }

  void forget(String cluster) {
    last.remove(cluster);
  }
}
