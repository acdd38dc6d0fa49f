package io.tusk.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDnsTest {

  private static Service service(String ns, String name, String ip) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .withClusterIP(ip)
        .endSpec()
        .build();
  }

  private static Pod pod(String ns, String name, String subdomain, String ip) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .withSubdomain(subdomain)
        .endSpec()
        .withNewStatus()
        .withPodIP(ip)
        .endStatus()
        .build();
  }

  @Test
  void servicesGetTheirClusterNamesShortOnlyInTheOwnNamespace() {
    Pod self = pod("app", "client", null, "10.244.1.5");
    String hosts =
        ClusterDns.hosts(
            self,
            "10.244.1.5",
            List.of(
                service("app", "db", "10.96.0.20"),
                service("other", "cache", "10.96.0.30"),
                service("app", "hl", "None")),
            List.of(self, pod("app", "db-0", "db", "10.244.2.2")));
    assertThat(hosts)
        .contains("10.244.1.5\tclient\n")
        .contains("10.96.0.20\tdb.app.svc.cluster.local db.app.svc db.app db\n")
        .contains("10.96.0.30\tcache.other.svc.cluster.local cache.other.svc cache.other\n")
        .contains("10.244.2.2\tdb-0.db.app.svc.cluster.local db-0.db\n")
        .doesNotContain("None");
  }

  @Test
  void resolverSearchesTheClusterDomainsAndAsksOnlyLoopback() {
    assertThat(ClusterDns.resolvConf("app"))
        .startsWith("search app.svc.cluster.local svc.cluster.local cluster.local\n")
        .contains("nameserver 127.0.0.1");
  }
}
