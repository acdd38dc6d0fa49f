package io.tusk.local.nodes;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hands out loopback addresses for simulated pods, starting at 127.0.1.1 and skipping .0/.255 host
 * bytes, one per pod UID. Nothing listens on them; they only make pod status look real. Addresses
 * already recorded in pod statuses are reserved when the agent restarts.
 */
public final class PodIpPool {

  private static final int FIRST = (127 << 24) | (1 << 8) | 1; // 127.0.1.1
  private static final int LAST = (127 << 24) | 0x00FF_FFFE; // 127.255.255.254

  private final Map<String, String> byUid = new HashMap<>();
  private final Set<String> used = new HashSet<>();
  private int next = FIRST;

  /** The address of pod {@code uid}, allocating one if it has none. */
  public synchronized String addressOf(String uid) {
    String ip = byUid.get(uid);
    if (ip != null) {
      return ip;
    }
    for (long tries = 0; tries <= (long) LAST - FIRST; tries++) {
      int candidate = next;
      next = next >= LAST ? FIRST : next + 1;
      int low = candidate & 0xFF;
      String s = format(candidate);
      if (low == 0 || low == 255 || used.contains(s)) {
        continue;
      }
      byUid.put(uid, s);
      used.add(s);
      return s;
    }
    throw new IllegalStateException("no free loopback addresses left for simulated pods");
  }

  /** Records an address a pod already has (after an agent restart). */
  public synchronized void reserve(String uid, String ip) {
    if (ip != null && ip.startsWith("127.") && !byUid.containsKey(uid)) {
      byUid.put(uid, ip);
      used.add(ip);
    }
  }

  public synchronized void release(String uid) {
    String ip = byUid.remove(uid);
    if (ip != null) {
      used.remove(ip);
    }
  }

  public synchronized int size() {
    return byUid.size();
  }

  private static String format(int a) {
    return ((a >>> 24) & 0xFF)
        + "."
        + ((a >>> 16) & 0xFF)
        + "."
        + ((a >>> 8) & 0xFF)
        + "."
        + (a & 0xFF);
  }
}
