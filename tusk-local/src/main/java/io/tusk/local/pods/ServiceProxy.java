package io.tusk.local.pods;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What kube-proxy's iptables mode does, reduced to ClusterIP Services: every Service port with
 * ready endpoints (from its EndpointSlices) is translated (DNAT) to one of them, chosen at random
 * per connection. Rules live in chains of our own, {@value #NAT_CHAIN} (nat PREROUTING and OUTPUT,
 * so pods and the host both reach Services) and {@value #FILTER_CHAIN} (connections to a Service
 * address nothing translated are rejected instead of timing out). Translated connections leaving on
 * the bridge are masqueraded to the bridge address, which makes hairpin traffic (a pod reaching
 * itself through a Service) work and keeps replies on the bridge.
 *
 * <p>Rules are replaced as a whole with {@code iptables-restore --noflush}: declaring our chains
 * flushes them, nothing else is touched. {@link #removeRules()} deletes them and the jumps.
 */
public final class ServiceProxy {

  static final String NAT_CHAIN = "TUSK-SERVICES";
  static final String POSTROUTING_CHAIN = "TUSK-POSTROUTING";
  static final String FILTER_CHAIN = "TUSK-FILTER";

  private ServiceProxy() {}

  /** The iptables-restore input for these Services and slices (pure). */
  static String rules(
      String serviceCidr, Collection<Service> services, Collection<EndpointSlice> slices) {
    StringBuilder nat = new StringBuilder();
    nat.append("*nat\n");
    nat.append(':').append(NAT_CHAIN).append(" - [0:0]\n");
    nat.append(':').append(POSTROUTING_CHAIN).append(" - [0:0]\n");
    StringBuilder filter = new StringBuilder();
    filter.append("*filter\n");
    filter.append(':').append(FILTER_CHAIN).append(" - [0:0]\n");
    List<Service> sorted = new ArrayList<>(services);
    sorted.sort(
        (a, b) ->
            (a.getMetadata().getNamespace() + "/" + a.getMetadata().getName())
                .compareTo(b.getMetadata().getNamespace() + "/" + b.getMetadata().getName()));
    for (Service s : sorted) {
      String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
      if (ip == null || ip.isBlank() || "None".equals(ip) || s.getSpec().getPorts() == null) {
        continue;
      }
      for (ServicePort port : s.getSpec().getPorts()) {
        String proto = port.getProtocol() == null ? "TCP" : port.getProtocol();
        List<String> targets = endpoints(s, port, slices);
        String match =
            "-d "
                + ip
                + "/32 -p "
                + proto.toLowerCase(Locale.ROOT)
                + " --dport "
                + port.getPort()
                + " -m comment --comment \""
                + s.getMetadata().getNamespace()
                + "/"
                + s.getMetadata().getName()
                + ":"
                + (port.getName() == null ? "" : port.getName())
                + "\"";
        for (int i = 0; i < targets.size(); i++) {
          nat.append("-A ").append(NAT_CHAIN).append(' ').append(match);
          int left = targets.size() - i;
          if (left > 1) {
            nat.append(
                String.format(
                    Locale.ROOT, " -m statistic --mode random --probability %.5f", 1.0 / left));
          }
          nat.append(" -j DNAT --to-destination ").append(targets.get(i)).append('\n');
        }
      }
    }
    nat.append("-A ")
        .append(POSTROUTING_CHAIN)
        .append(" -o ")
        .append(PodNetwork.BRIDGE)
        .append(" -m conntrack --ctstate DNAT -j MASQUERADE\n");
    nat.append("COMMIT\n");
    filter
        .append("-A ")
        .append(FILTER_CHAIN)
        .append(" -d ")
        .append(serviceCidr)
        .append(" -m conntrack ! --ctstate DNAT -j REJECT\n");
    filter.append("COMMIT\n");
    return nat.toString() + filter;
  }

  /** {@code ip:port} of every ready endpoint of {@code port}, in a stable order. */
  static List<String> endpoints(Service s, ServicePort port, Collection<EndpointSlice> slices) {
    Set<String> out = new LinkedHashSet<>();
    for (EndpointSlice slice : slices) {
      if (!Objects.equals(slice.getMetadata().getNamespace(), s.getMetadata().getNamespace())
          || slice.getMetadata().getLabels() == null
          || !s.getMetadata()
              .getName()
              .equals(slice.getMetadata().getLabels().get("kubernetes.io/service-name"))
          || !"IPv4".equals(slice.getAddressType())
          || slice.getEndpoints() == null
          || slice.getPorts() == null) {
        continue;
      }
      Integer target = null;
      for (EndpointPort ep : slice.getPorts()) {
        if (Objects.equals(emptyToNull(ep.getName()), emptyToNull(port.getName()))) {
          target = ep.getPort();
        }
      }
      if (target == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        boolean ready =
            e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
        if (ready && e.getAddresses() != null) {
          for (String a : e.getAddresses()) {
            out.add(a + ":" + target);
          }
        }
      }
    }
    List<String> list = new ArrayList<>(out);
    list.sort(null);
    return list;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Installs the rules and the jumps into them (idempotent). */
  static void apply(String rules) throws IOException {
    HostCommand.run(List.of("/usr/sbin/iptables-restore", "--noflush", "-w", "5"), rules);
    ensureJump("nat", "PREROUTING", NAT_CHAIN);
    ensureJump("nat", "OUTPUT", NAT_CHAIN);
    ensureJump("nat", "POSTROUTING", POSTROUTING_CHAIN);
    ensureJump("filter", "OUTPUT", FILTER_CHAIN);
    ensureJump("filter", "FORWARD", FILTER_CHAIN);
  }

  private static void ensureJump(String table, String from, String to) throws IOException {
    try {
      HostCommand.run(List.of("/usr/sbin/iptables", "-w", "5", "-t", table, "-C", from, "-j", to));
    } catch (IOException missing) {
      HostCommand.run(
          List.of("/usr/sbin/iptables", "-w", "5", "-t", table, "-I", from, "1", "-j", to));
    }
  }

  /** Removes our chains and every jump into them. Safe when they do not exist. */
  public static void removeRules() {
    String[][] jumps = {
      {"nat", "PREROUTING", NAT_CHAIN},
      {"nat", "OUTPUT", NAT_CHAIN},
      {"nat", "POSTROUTING", POSTROUTING_CHAIN},
      {"filter", "OUTPUT", FILTER_CHAIN},
      {"filter", "FORWARD", FILTER_CHAIN}
    };
    for (String[] j : jumps) {
      // A jump may have been added twice by racing agents: delete until it is gone.
      for (int i = 0; i < 5; i++) {
        try {
          HostCommand.run(
              List.of("/usr/sbin/iptables", "-w", "5", "-t", j[0], "-D", j[1], "-j", j[2]));
        } catch (IOException gone) {
          break;
        }
      }
    }
    for (String[] c :
        new String[][] {{"nat", NAT_CHAIN}, {"nat", POSTROUTING_CHAIN}, {"filter", FILTER_CHAIN}}) {
      HostCommand.quietly(List.of("/usr/sbin/iptables", "-w", "5", "-t", c[0], "-F", c[1]));
      HostCommand.quietly(List.of("/usr/sbin/iptables", "-w", "5", "-t", c[0], "-X", c[1]));
    }
  }
}
