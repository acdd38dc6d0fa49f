package io.tusk.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
    assertThat(ServiceDnsPrimaryResolver.isReady(new PodBuilder().withNewMetadata().endMetadata()
        .build())).isFalse();
  }

  @Test
  void theHostIsTheMasterServicesDnsNameAsInZalando() {
    Postgresql pg = new Postgresql();
    pg.setMetadata(new ObjectMetaBuilder().withName("acid-test").withNamespace("team-a").build());
    OperatorConfig cfg = OperatorConfig.defaults(Source.CONFIGMAP);
    assertThat(ServiceDnsPrimaryResolver.serviceHost(pg, cfg))
        .isEqualTo("acid-test.team-a.svc.cluster.local");
    assertThat(ServiceDnsPrimaryResolver.serviceHost(pg,
            cfg.withOverride(Options.CLUSTER_DOMAIN, "k8s.example")))
        .isEqualTo("acid-test.team-a.svc.k8s.example");
  }
}
