package io.tusk.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceProxyTest {

  private static Service service(String name, String ip) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ns")
        .endMetadata()
        .withNewSpec()
        .withClusterIP(ip)
        .addNewPort()
        .withName("postgresql")
        .withPort(5432)
        .endPort()
        .endSpec()
        .build();
  }

  private static EndpointSlice slice(String service, boolean ready, String... ips) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(service + "-x")
        .withNamespace("ns")
        .addToLabels("kubernetes.io/service-name", service)
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("postgresql")
        .withPort(5432)
        .endPort()
        .addNewEndpoint()
        .withAddresses(ips)
        .withNewConditions()
        .withReady(ready)
        .endConditions()
        .endEndpoint()
        .build();
  }

  @Test
  void spreadsConnectionsOverReadyEndpointsAndSkipsOthers() {
    String rules =
        ServiceProxy.rules(
            "10.96.0.0/16",
            List.of(
                service("db", "10.96.0.20"),
                service("headless", "None"),
                service("other", "10.96.0.30")),
            List.of(
                slice("db", true, "10.244.1.2", "10.244.2.2"),
                slice("other", false, "10.244.3.2")));
    assertThat(rules)
        .contains(
            "-A TUSK-SERVICES -d 10.96.0.20/32 -p tcp --dport 5432 -m comment --comment \"ns/db:postgresql\""
                + " -m statistic --mode random --probability 0.50000 -j DNAT --to-destination 10.244.1.2:5432")
        .contains(
            "-m comment --comment \"ns/db:postgresql\" -j DNAT --to-destination 10.244.2.2:5432")
        .doesNotContain("10.244.3.2")
        .doesNotContain("None")
        .contains("-A TUSK-FILTER -d 10.96.0.0/16 -m conntrack ! --ctstate DNAT -j REJECT")
        .contains("-A TUSK-POSTROUTING -o tusk0 -m conntrack --ctstate DNAT -j MASQUERADE");
  }

  @Test
  void endpointsOfAnotherNamespaceOrServiceDoNotCount() {
    Service db = service("db", "10.96.0.20");
    assertThat(
            ServiceProxy.endpoints(
                db, db.getSpec().getPorts().get(0), List.of(slice("dbx", true, "10.244.1.9"))))
        .isEmpty();
  }
}
