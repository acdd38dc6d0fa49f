package io.tusk.local.nodes;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hands out the addresses of simulated pods, one per pod UID, skipping .0/.255 host bytes. Nothing
 * listens on them; they only make pod status look real. Addresses already recorded in pod statuses
 * are reserved when the agent restarts.
 *
 * <p>The API server refuses loopback addresses in Endpoints and EndpointSlices, so with loopback
 * pod addresses the controller-manager's endpoint controllers fail every update of a Service's
 * endpoints and record a Warning each time, over and over: churn that a cluster with real pods
 * never sees. Simulated pods therefore get addresses of {@value #SIMULATED_CIDR}, a range the host
 * routes nowhere ({@code ip route add unreachable}, set up when the agent runs as root, see {@link
 * io.tusk.local.pods.PodNetwork#makeUnreachable}): a connection to a simulated pod fails at once,
 * as one to a loopback address nobody listens on does, and nothing leaves the machine. Without root
 * the pool falls back to loopback addresses from 127.0.1.1.
 */
public final class PodIpPool {

  /** Where simulated pods get their addresses when the host can make the range unreachable. */
  public static final String SIMULATED_CIDR = "10.245.0.0/16";

  private static final int LOOPBACK_FIRST = (127 << 24) | (1 << 8) | 1; // 127.0.1.1
  private static final int LOOPBACK_LAST = (127 << 24) | 0x00FF_FFFE; // 127.255.255.254
  private static final int SIMULATED_FIRST = (10 << 24) | (245 << 16) | 1; // 10.245.0.1
  private static final int SIMULATED_LAST = (10 << 24) | (245 << 16) | 0xFFFE; // 10.245.255.254

  private final int first;
  private final int last;
  private final Map<String, String> byUid = new HashMap<>();
  private final Set<String> used = new HashSet<>();
  private int next;

  private PodIpPool(int first, int last) {
    this.first = first;
    this.last = last;
    this.next = first;
  }

  /** Loopback addresses from 127.0.1.1. */
  public static PodIpPool loopback() {
    return new PodIpPool(LOOPBACK_FIRST, LOOPBACK_LAST);
  }

  /** Addresses of {@value #SIMULATED_CIDR}; the caller makes sure the host routes them nowhere. */
  public static PodIpPool unroutedRange() {
    return new PodIpPool(SIMULATED_FIRST, SIMULATED_LAST);
  }

  /** Whether {@code ip} is one this pool hands out. */
  public boolean covers(String ip) {
    Integer a = parse(ip);
    return a != null
        && Integer.compareUnsigned(a, first) >= 0
        && Integer.compareUnsigned(a, last) <= 0;
  }

  /** The address of pod {@code uid}, allocating one if it has none. */
  public synchronized String addressOf(String uid) {
    String ip = byUid.get(uid);
    if (ip != null) {
      return ip;
    }
    for (long tries = 0;
        tries <= Integer.toUnsignedLong(last) - Integer.toUnsignedLong(first);
        tries++) {
      int candidate = next;
      next = next == last ? first : next + 1;
      int low = candidate & 0xFF;
      String s = format(candidate);
      if (low == 0 || low == 255 || used.contains(s)) {
        continue;
      }
      byUid.put(uid, s);
      used.add(s);
      return s;
    }
    throw new IllegalStateException("no free addresses left for simulated pods");
  }

  /** Records an address a pod already has (after an agent restart). */
  public synchronized void reserve(String uid, String ip) {
    if (covers(ip) && !byUid.containsKey(uid)) {
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

  private static Integer parse(String ip) {
    if (ip == null) {
      return null;
    }
    String[] parts = ip.split("\\.");
    if (parts.length != 4) {
      return null;
    }
    int a = 0;
    for (String part : parts) {
      try {
        int b = Integer.parseInt(part);
        if (b < 0 || b > 255) {
          return null;
        }
        a = (a << 8) | b;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return a;
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
