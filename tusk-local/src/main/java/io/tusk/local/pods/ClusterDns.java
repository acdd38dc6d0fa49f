package io.tusk.local.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Cluster DNS without a DNS server: each pod's {@code /etc/hosts} (bind-mounted from {@code
 * /etc/netns/<ns>/hosts}) lists every Service's ClusterIP under the names CoreDNS would answer for
 * ({@code <svc>.<ns>.svc.cluster.local}, {@code <svc>.<ns>.svc}, {@code <svc>.<ns>}, and {@code
 * <svc>} in the pod's own namespace), and the pods of headless Services under {@code
 * <hostname>.<subdomain>.<ns>.svc.cluster.local}. The agent rewrites the files whenever Services or
 * pod addresses change. The resolver points at the pod's own loopback, where nothing answers, so
 * other names fail at once and no query leaves the pod.
 */
final class ClusterDns {

  static final String DOMAIN = "cluster.local";

  private ClusterDns() {}

  static String resolvConf(String namespace) {
    return "search "
        + namespace
        + ".svc."
        + DOMAIN
        + " svc."
        + DOMAIN
        + " "
        + DOMAIN
        + "\nnameserver 127.0.0.1\noptions ndots:5 attempts:1 timeout:1\n";
  }

  /** The hosts file of pod {@code self} (pure). */
  static String hosts(Pod self, String podIp, Collection<Service> services, Collection<Pod> pods) {
    String ns = self.getMetadata().getNamespace();
    StringBuilder b = new StringBuilder();
    b.append("127.0.0.1\tlocalhost\n");
    b.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    b.append(podIp).append('\t').append(ownNames(self)).append('\n');
    List<String> lines = new ArrayList<>();
    for (Service s : services) {
      String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
      if (ip == null || ip.isBlank() || "None".equals(ip)) {
        continue;
      }
      String name = s.getMetadata().getName();
      String sns = s.getMetadata().getNamespace();
      String names =
          name + "." + sns + ".svc." + DOMAIN + " " + name + "." + sns + ".svc " + name + "." + sns;
      if (sns.equals(ns)) {
        names += " " + name;
      }
      lines.add(ip + "\t" + names);
    }
    for (Pod p : pods) {
      if (p == self || p.getSpec() == null || p.getStatus() == null) {
        continue;
      }
      String sub = p.getSpec().getSubdomain();
      String ip = p.getStatus().getPodIP();
      if (sub == null || sub.isBlank() || ip == null || ip.startsWith("127.")) {
        continue;
      }
      String host =
          p.getSpec().getHostname() == null ? p.getMetadata().getName() : p.getSpec().getHostname();
      String pns = p.getMetadata().getNamespace();
      String fqdn = host + "." + sub + "." + pns + ".svc." + DOMAIN;
      lines.add(ip + "\t" + fqdn + (pns.equals(ns) ? " " + host + "." + sub : ""));
    }
    lines.sort(null);
    lines.forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }

  private static String ownNames(Pod self) {
    String host =
        self.getSpec() != null && self.getSpec().getHostname() != null
            ? self.getSpec().getHostname()
            : self.getMetadata().getName();
    String sub = self.getSpec() == null ? null : self.getSpec().getSubdomain();
    if (sub == null || sub.isBlank()) {
      return host;
    }
    return host
        + "."
        + sub
        + "."
        + self.getMetadata().getNamespace()
        + ".svc."
        + DOMAIN
        + " "
        + host;
  }
}
