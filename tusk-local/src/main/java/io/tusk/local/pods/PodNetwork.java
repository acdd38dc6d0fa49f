package io.tusk.local.pods;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pod network of the process node, what a CNI bridge plugin sets up for a kubelet: a Linux
 * bridge {@value #BRIDGE} with address {@value #BRIDGE_IP}/16 on the host, and per pod a network
 * namespace joined to it by a veth pair. Pods get routes to the pod range (on link) and to the
 * Service range (via the bridge) only: no default route, so nothing a pod sends can leave the
 * machine. IP forwarding is enabled on the bridge alone (Service traffic is routed back into the
 * bridge); the global {@code ip_forward} switch is left untouched.
 *
 * <p>Every namespace is named {@value #NETNS_PREFIX}{@code <pod uid>}; {@code /etc/netns/<name>/}
 * holds the pod's {@code hosts} and {@code resolv.conf}, which {@code ip netns exec} bind-mounts
 * over {@code /etc} for the pod's processes.
 */
public final class PodNetwork {

  public static final String BRIDGE = "tusk0";
  public static final String BRIDGE_IP = "10.244.0.1";
  public static final String POD_CIDR = "10.244.0.0/16";
  public static final String NETNS_PREFIX = "tusk-";
  static final Path NETNS_ETC = Path.of("/etc/netns");
  static final String IP = "/usr/sbin/ip";

  private PodNetwork() {}

  /** Whether this JVM may create namespaces and bridges (runs as root). */
  public static boolean privileged() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /**
   * Routes {@code cidr} nowhere on the host ({@code ip route add unreachable CIDR}): a connection
   * to one of its addresses fails at once with "no route to host" and no packet leaves the machine.
   * Simulated pods get their addresses there ({@code PodIpPool}). A route of that range that is
   * already there is kept: if it is such an unreachable route (an earlier run's), the range is
   * usable; if it is anything else (a VPN, another pod network), it is left alone and this returns
   * false. Also false, changing nothing, when this JVM is not root or a command fails.
   */
  public static boolean makeUnreachable(String cidr) {
    if (!privileged()) {
      return false;
    }
    try {
      String existing = HostCommand.run(List.of(IP, "route", "show", "exact", cidr)).strip();
      if (!existing.isEmpty()) {
        return existing.startsWith("unreachable ");
      }
      HostCommand.run(List.of(IP, "route", "add", "unreachable", cidr));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Creates the bridge (replacing a stale one), its address and the host route to Services. */
  public static void setUpBridge(String serviceCidr) throws IOException {
    if (!privileged()) {
      throw new IOException(
          "running real pods needs root (network namespaces, a bridge, iptables); run as root or"
              + " use --simulate-pods");
    }
    tearDown();
    HostCommand.run(List.of(IP, "link", "add", BRIDGE, "type", "bridge"));
    HostCommand.run(List.of(IP, "addr", "add", BRIDGE_IP + "/16", "dev", BRIDGE));
    HostCommand.run(List.of(IP, "link", "set", BRIDGE, "up"));
    // Service addresses stay on the bridge even when no rule translates them: never the default
    // route.
    HostCommand.run(List.of(IP, "route", "replace", serviceCidr, "dev", BRIDGE, "src", BRIDGE_IP));
    Files.writeString(Path.of("/proc/sys/net/ipv4/conf/" + BRIDGE + "/forwarding"), "1\n");
  }

  /**
   * Removes every pod namespace (killing what runs in it), the {@code /etc/netns} entries, the
   * Service rules and the bridge. Safe when nothing exists.
   */
  public static void tearDown() throws IOException {
    if (!privileged()) {
      return;
    }
    for (String ns : namespaces()) {
      deleteSandbox(ns);
    }
    ServiceProxy.removeRules();
    HostCommand.quietly(List.of(IP, "link", "del", BRIDGE));
  }

  /** Names of the pod namespaces that exist now. */
  public static List<String> namespaces() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : HostCommand.run(List.of(IP, "netns", "list")).split("\n")) {
      String name = line.strip().split("\\s+")[0];
      if (name.startsWith(NETNS_PREFIX)) {
        out.add(name);
      }
    }
    return out;
  }

  /** The namespace name of the pod with {@code uid}. */
  public static String netnsName(String uid) {
    return NETNS_PREFIX + uid;
  }

  /** Host end of the pod's veth pair (at most 15 characters). */
  static String vethName(String uid) {
    return "tv" + uid.replace("-", "").substring(0, 12);
  }

  /** Creates the pod's namespace with its address, routes, hosts and resolv.conf. */
  static void createSandbox(String uid, String ip, String serviceCidr, String hosts, String resolv)
      throws IOException {
    String ns = netnsName(uid);
    String veth = vethName(uid);
    deleteSandbox(ns);
    Path etc = NETNS_ETC.resolve(ns);
    Files.createDirectories(etc);
    Files.writeString(etc.resolve("hosts"), hosts, StandardCharsets.UTF_8);
    Files.writeString(etc.resolve("resolv.conf"), resolv, StandardCharsets.UTF_8);
    HostCommand.run(List.of(IP, "netns", "add", ns));
    HostCommand.run(
        List.of(IP, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns));
    HostCommand.run(List.of(IP, "link", "set", veth, "master", BRIDGE));
    HostCommand.run(List.of(IP, "link", "set", veth, "up"));
    // Hairpin: a pod reaching itself through a Service address.
    HostCommand.run(List.of("/usr/sbin/bridge", "link", "set", "dev", veth, "hairpin", "on"));
    HostCommand.run(List.of(IP, "-n", ns, "link", "set", "lo", "up"));
    HostCommand.run(List.of(IP, "-n", ns, "addr", "add", ip + "/16", "dev", "eth0"));
    HostCommand.run(List.of(IP, "-n", ns, "link", "set", "eth0", "up"));
    HostCommand.run(List.of(IP, "-n", ns, "route", "add", serviceCidr, "via", BRIDGE_IP));
  }

  /** Kills whatever still runs in the namespace, deletes it (and its veth) and its /etc entry. */
  static void deleteSandbox(String ns) throws IOException {
    killAll(ns, "KILL");
    HostCommand.quietly(List.of(IP, "netns", "del", ns));
    Path etc = NETNS_ETC.resolve(ns);
    if (Files.isDirectory(etc)) {
      try (Stream<Path> files = Files.list(etc)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(etc);
    }
  }

  /** Pids of every process in the namespace. */
  public static List<Long> pids(String ns) {
    List<Long> out = new ArrayList<>();
    try {
      for (String line : HostCommand.run(List.of(IP, "netns", "pids", ns)).split("\n")) {
        if (!line.isBlank()) {
          out.add(Long.parseLong(line.strip()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no such namespace
    }
    return out;
  }

  /** Sends {@code signal} to every process in the namespace; returns how many there were. */
  public static int killAll(String ns, String signal) {
    List<Long> pids = pids(ns);
    if (!pids.isEmpty()) {
      List<String> cmd = new ArrayList<>(List.of("/bin/kill", "-" + signal));
      pids.forEach(p -> cmd.add(Long.toString(p)));
      HostCommand.quietly(cmd);
    }
    return pids.size();
  }

  /** Rewrites a pod's hosts file in place: running processes see the bind-mounted inode. */
  static void updateHosts(String uid, String hosts) throws IOException {
    Path f = NETNS_ETC.resolve(netnsName(uid)).resolve("hosts");
    if (Files.exists(f) && !Files.readString(f).equals(hosts)) {
      Files.writeString(f, hosts, StandardCharsets.UTF_8);
    }
  }
}
