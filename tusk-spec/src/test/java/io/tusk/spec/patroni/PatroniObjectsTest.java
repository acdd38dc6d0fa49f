package io.tusk.spec.patroni;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Owner references and inherited annotations on the objects Patroni and Kubernetes create. */
class PatroniObjectsTest {

  private static List<String> kindsAndNames(List<HasMetadata> objects) {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  @Test
  void configMapsModeCoversPatronisConfigMapsAndConfigService() {
    List<HasMetadata> objects =
        PatroniObjects.build(
            Fixtures.model(
                Fixtures.cluster(), Fixtures.config(Options.ENABLE_OWNER_REFERENCES, true)));
    assertThat(kindsAndNames(objects))
        .containsExactly(
            "Service/acid-test-cluster-config",
            "ConfigMap/acid-test-cluster-leader",
            "ConfigMap/acid-test-cluster-config",
            "ConfigMap/acid-test-cluster-failover",
            "ConfigMap/acid-test-cluster-sync");
    assertThat(objects)
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getNamespace()).isEqualTo("default");
              assertThat(o.getMetadata().getLabels()).isNullOrEmpty();
              assertThat(o.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.getKind()).isEqualTo("postgresql");
                        assertThat(r.getName()).isEqualTo("acid-test-cluster");
                        assertThat(r.getController()).isTrue();
                      });
            });
  }

  @Test
  void endpointsModeCoversPatronisEndpointsAndTheReplicaEndpoints() {
    OperatorConfig config =
        Fixtures.config(Options.KUBERNETES_USE_CONFIGMAPS, false)
            .withOverride(Options.INHERITED_ANNOTATIONS, List.of("owner"));
    Postgresql pg = Fixtures.cluster();
    pg.getMetadata().setAnnotations(Map.of("owner", "db-team", "other", "x"));
    List<HasMetadata> objects = PatroniObjects.build(Fixtures.model(pg, config));
    assertThat(kindsAndNames(objects))
        .containsExactly(
            "Service/acid-test-cluster-config",
            "Endpoints/acid-test-cluster-config",
            "Endpoints/acid-test-cluster-failover",
            "Endpoints/acid-test-cluster-sync",
            "Endpoints/acid-test-cluster-repl");
    assertThat(objects)
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getOwnerReferences()).isEmpty();
              assertThat(o.getMetadata().getAnnotations()).isEqualTo(Map.of("owner", "db-team"));
            });
  }
}
