package io.tusk.local.pods;

import io.tusk.local.nodes.LocalNodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod IPs of the process node: node number {@code i} (in {@link LocalNodes#names()} order) owns the
 * pod CIDR {@code 10.244.<i+1>.0/24}, as a node IPAM controller would hand out; its pods get {@code
 * .2} to {@code .254} of it, the lowest free first. An address stays taken until its pod is gone,
 * and addresses already reported by pods are reserved when the agent starts.
 */
public final class PodAddresses {

  private final Map<String, String> byUid = new HashMap<>();

  /** The pod CIDR of a local node. */
  public static String nodeCidr(String node) {
    return "10.244." + (index(node) + 1) + ".0/24";
  }

  private static int index(String node) {
    int i = LocalNodes.names().indexOf(node);
    if (i < 0) {
      throw new IllegalArgumentException("not a local node: " + node);
    }
    return i;
  }

  /** The address of {@code uid}, allocating one in {@code node}'s CIDR if it has none. */
  public synchronized String addressOf(String uid, String node) {
    String have = byUid.get(uid);
    if (have != null) {
      return have;
    }
    String prefix = "10.244." + (index(node) + 1) + ".";
    for (int host = 2; host < 255; host++) {
      String candidate = prefix + host;
      if (!byUid.containsValue(candidate)) {
        byUid.put(uid, candidate);
        return candidate;
      }
    }
    throw new IllegalStateException("no free pod address left on node " + node);
  }

  /** Keeps an address a pod already reports (agent restart). */
  public synchronized void reserve(String uid, String ip) {
    if (ip != null && ip.startsWith("10.244.") && !byUid.containsValue(ip)) {
      byUid.putIfAbsent(uid, ip);
    }
  }

  public synchronized void release(String uid) {
    byUid.remove(uid);
  }

  synchronized List<String> all() {
    return List.copyOf(byUid.values());
  }
}
