package io.tusk.operator.day2;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.operator.observe.ClusterWorld;
import io.tusk.operator.status.Phase;
import io.tusk.spec.Observed;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether Patroni still follows a source, read from its configuration object in the cache. */
class FormerStandbyTest {

  private static Postgresql cluster() {
    Postgresql pg = new Postgresql();
    pg.setMetadata(new ObjectMetaBuilder().withName("acid-sb").withNamespace("default").build());
    return pg;
  }

  private static ClusterWorld world(Map<String, ConfigMap> configMaps, Map<String, Endpoints> eps) {
    return new ClusterWorld(
        Optional.empty(),
        Map.of(),
        eps,
        Map.of(),
        Map.of(),
        configMaps,
        Map.of(),
        Map.of(),
        List.of(),
        Observed.none(),
        Phase.SYNC);
  }

  @Test
  void theStandbyClusterSectionOfPatronisConfigurationObjectCounts() {
    ConfigMap following =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("acid-sb-config")
            .withAnnotations(
                Map.of("config", "{\"ttl\":30,\"standby_cluster\":{\"host\":\"acid-src\"}}"))
            .endMetadata()
            .build();
    assertThat(
            Day2Runner.followsASource(
                cluster(), world(Map.of("acid-sb-config", following), Map.of())))
        .isTrue();

    Endpoints promoted =
        new EndpointsBuilder()
            .withNewMetadata()
            .withName("acid-sb-config")
            .withAnnotations(Map.of("config", "{\"ttl\":30}"))
            .endMetadata()
            .build();
    assertThat(
            Day2Runner.followsASource(
                cluster(), world(Map.of(), Map.of("acid-sb-config", promoted))))
        .isFalse();
    assertThat(Day2Runner.followsASource(cluster(), world(Map.of(), Map.of()))).isFalse();
  }
}
