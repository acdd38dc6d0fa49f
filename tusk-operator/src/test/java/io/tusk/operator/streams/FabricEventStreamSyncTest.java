package io.tusk.operator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a merge patch of a stored resource removes and keeps. */
class FabricEventStreamSyncTest {

  static GenericKubernetesResource resource(
      Map<String, String> labels,
      Map<String, String> annotations,
      List<OwnerReference> owners,
      FieldsV1 tusks) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName("acid-x-abcde")
            .withLabels(labels)
            .withAnnotations(annotations)
            .withOwnerReferences(owners)
            .withManagedFields(
                tusks == null
                    ? List.of()
                    : List.of(
                        new ManagedFieldsEntryBuilder()
                            .withManager("tusk")
                            .withOperation("Update")
                            .withFieldsV1(tusks)
                            .build()))
            .build());
    return r;
  }

  static FieldsV1 owning(Map<String, Object> metadata) {
    FieldsV1 f = new FieldsV1();
    f.setAdditionalProperty("f:metadata", metadata);
    return f;
  }

  static OwnerReference owner(String apiVersion, String kind, String name, String uid) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid(uid)
        .build();
  }

  @Test
  void removesOnlyWhatTuskWroteAndNoLongerWants() {
    GenericKubernetesResource stored =
        resource(
            Map.of("application", "spilo", "environment", "old", "theirs", "x"),
            Map.of("fes.zalando.org/FES_CPU", "1", "fes.zalando.org/consumer", "y"),
            List.of(),
            owning(
                Map.of(
                    "f:labels",
                        Map.of(".", Map.of(), "f:application", Map.of(), "f:environment", Map.of()),
                    "f:annotations", Map.of("f:fes.zalando.org/FES_CPU", Map.of()))));
    GenericKubernetesResource desired =
        resource(
            Map.of("application", "spilo"), Map.of("tusk.io/application-id", "a"), List.of(), null);

    assertThat(FabricEventStreamSync.noLongerWanted(stored, desired))
        .containsExactly(
            Map.entry("annotations", List.of("fes.zalando.org/FES_CPU")),
            Map.entry("labels", List.of("environment")));
  }

  @Test
  void ownerReferencesOfOthersStayTusksFollowTheConfiguration() {
    OwnerReference theirs = owner("apps/v1", "Deployment", "consumer", "u1");
    OwnerReference tusksOld = owner("acid.zalan.do/v1", "postgresql", "acid-x", "u2");
    OwnerReference tusksNew = owner("acid.zalan.do/v1", "postgresql", "acid-x", "u3");
    GenericKubernetesResource stored =
        resource(Map.of(), Map.of(), List.of(theirs, tusksOld), null);

    assertThat(
            FabricEventStreamSync.ownerReferences(
                stored, resource(Map.of(), Map.of(), List.of(tusksNew), null)))
        .containsExactly(theirs, tusksNew);
    // Owner references switched off: Tusk's goes, the other stays.
    assertThat(
            FabricEventStreamSync.ownerReferences(
                stored, resource(Map.of(), Map.of(), List.of(), null)))
        .containsExactly(theirs);
  }
}
