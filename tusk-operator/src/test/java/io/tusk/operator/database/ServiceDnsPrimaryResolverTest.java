package io.tusk.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import org.junit.jupiter.api.Test;

class ServiceDnsPrimaryResolverTest {

  private static Pod pod(String ready, String deletionTimestamp) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("acid-test-0")
        .withDeletionTimestamp(deletionTimestamp)
        .endMetadata()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready)
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void onlyAReadyPodThatIsNotBeingDeletedCounts() {
    assertThat(ServiceDnsPrimaryResolver.isReady(pod("True", null))).isTrue();
    assertThat(ServiceDnsPrimaryResolver.isReady(pod("False", null))).isFalse();
    assertThat(ServiceDnsPrimaryResolver.isReady(pod("True", "2025-06-13T10:00:00Z"))).isFalse();
    assertThat(
            ServiceDnsPrimaryResolver.isReady(
                new PodBuilder().withNewMetadata().endMetadata().build()))
        .isFalse();
  }

  @Test
  void theHostIsTheMasterServicesDnsNameAsInZalando() {
    Postgresql pg = new Postgresql();
    pg.setMetadata(new ObjectMetaBuilder().withName("acid-test").withNamespace("team-a").build());
    OperatorConfig cfg = OperatorConfig.defaults(Source.CONFIGMAP);
    assertThat(ServiceDnsPrimaryResolver.serviceHost(pg, cfg))
        .isEqualTo("acid-test.team-a.svc.cluster.local");
    assertThat(
            ServiceDnsPrimaryResolver.serviceHost(
                pg, cfg.withOverride(Options.CLUSTER_DOMAIN, "k8s.example")))
        .isEqualTo("acid-test.team-a.svc.k8s.example");
  }

  @Test
  void theAddressResolverUsesTheServiceClusterIpOrThePodIp() {
    Pod master =
        new PodBuilder(pod("True", null)).editStatus().withPodIP("10.244.1.7").endStatus().build();
    Service service =
        new ServiceBuilder().withNewSpec().withClusterIP("10.96.0.12").endSpec().build();
    assertThat(AddressPrimaryResolver.host(AddressPrimaryResolver.Address.POD_IP, master, null))
        .contains("10.244.1.7");
    assertThat(
            AddressPrimaryResolver.host(
                AddressPrimaryResolver.Address.SERVICE_CLUSTER_IP, master, service))
        .contains("10.96.0.12");
    Service headless = new ServiceBuilder().withNewSpec().withClusterIP("None").endSpec().build();
    assertThat(
            AddressPrimaryResolver.host(
                AddressPrimaryResolver.Address.SERVICE_CLUSTER_IP, master, headless))
        .isEmpty();
    assertThat(
            AddressPrimaryResolver.host(
                AddressPrimaryResolver.Address.SERVICE_CLUSTER_IP, master, null))
        .isEmpty();
    assertThat(
            AddressPrimaryResolver.host(
                AddressPrimaryResolver.Address.POD_IP, pod("True", null), null))
        .isEmpty();
  }
}
