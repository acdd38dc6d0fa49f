package io.tusk.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedStatesTest {
  private static Postgresql cluster(long generation, Map<String, String> annotations) {
    Postgresql pg = new Postgresql();
    pg.getMetadata().setName("acid");
    pg.getMetadata().setNamespace("ns");
    pg.getMetadata().setUid("uid-1");
    pg.getMetadata().setGeneration(generation);
    pg.getMetadata().setAnnotations(annotations);
    return pg;
  }

  private static Service service(String rv) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("acid")
        .withResourceVersion(rv)
        .endMetadata()
        .build();
  }

  private static Endpoints endpoints(String rv) {
    return new EndpointsBuilder()
        .withNewMetadata()
        .withName("acid")
        .withResourceVersion(rv)
        .endMetadata()
        .build();
  }

  private static final OperatorConfig CFG = OperatorConfig.defaults(Source.CONFIGMAP);
  private static final OperatorConfig OTHER = CFG.withOverride(Options.DOCKER_IMAGE, "spilo:other");

  private final VerifiedStates states = new VerifiedStates();

  private String key(
      Postgresql pg,
      OperatorConfig config,
      List<? extends HasMetadata> owned,
      List<Endpoints> eps) {
    return states.key(pg, config, Map.of("newCluster", false), owned, eps);
  }

  @Test
  void anyInputOrOwnedObjectChangeChangesTheKey() {
    String base = key(cluster(1, Map.of()), CFG, List.of(service("10")), List.of(endpoints("1")));
    assertThat(key(cluster(1, Map.of()), CFG, List.of(service("10")), List.of(endpoints("1"))))
        .isEqualTo(base);
    assertThat(key(cluster(2, Map.of()), CFG, List.of(service("10")), List.of(endpoints("1"))))
        .isNotEqualTo(base);
    assertThat(
            key(cluster(1, Map.of("a", "b")), CFG, List.of(service("10")), List.of(endpoints("1"))))
        .isNotEqualTo(base);
    assertThat(key(cluster(1, Map.of()), OTHER, List.of(service("10")), List.of(endpoints("1"))))
        .isNotEqualTo(base);
    assertThat(key(cluster(1, Map.of()), CFG, List.of(service("11")), List.of(endpoints("1"))))
        .isNotEqualTo(base);
    assertThat(key(cluster(1, Map.of()), CFG, List.of(), List.of(endpoints("1"))))
        .isNotEqualTo(base);
    // Patroni rewrites the leader Endpoints all the time: only their existence counts.
    assertThat(key(cluster(1, Map.of()), CFG, List.of(service("10")), List.of(endpoints("2"))))
        .isEqualTo(base);
    assertThat(key(cluster(1, Map.of()), CFG, List.of(service("10")), List.of()))
        .isNotEqualTo(base);
  }

  @Test
  void aSecretOptionCountsToo() {
    String base = key(cluster(1, Map.of()), CFG, List.of(), List.of());
    OperatorConfig secret = CFG.withOverride(Options.LOGICAL_BACKUP_S3_SECRET_ACCESS_KEY, "s3cr3t");
    assertThat(key(cluster(1, Map.of()), secret, List.of(), List.of())).isNotEqualTo(base);
  }

  @Test
  void recordedKeysAreRememberedPerClusterUntilForgotten() {
    ResourceID id = new ResourceID("acid", "ns");
    assertThat(states.isVerified(id, "k")).isFalse();
    states.record(id, "k");
    assertThat(states.isVerified(id, "k")).isTrue();
    assertThat(states.isVerified(id, "other")).isFalse();
    assertThat(states.isVerified(new ResourceID("acid", "other-ns"), "k")).isFalse();
    states.forget(id);
    assertThat(states.isVerified(id, "k")).isFalse();
  }
}
