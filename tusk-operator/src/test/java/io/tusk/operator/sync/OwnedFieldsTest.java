package io.tusk.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Tusk applied earlier and no longer wants, read from the object's managedFields. */
class OwnedFieldsTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** The fieldsV1 the API server records for an apply of these labels and a selector. */
  private static final String TUSK_FIELDS =
      """
      {"f:metadata":{"f:labels":{"f:application":{},"f:team":{}},
        "f:ownerReferences":{"k:{\\"uid\\":\\"u1\\"}":{}}},
       "f:spec":{"f:ports":{"k:{\\"port\\":5432,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{}}},
        "f:selector":{},"f:type":{}}}
      """;

  private static ManagedFieldsEntry entry(String manager, String operation, String fields) {
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation(operation)
        .withFieldsType("FieldsV1")
        .withFieldsV1(JSON.unmarshal(fields, FieldsV1.class))
        .build();
  }

  private static Service service(Map<String, String> labels, boolean ownerRef) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("acid")
            .withNamespace("ns")
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(Map.of("application", "spilo"))
            .addNewPort()
            .withPort(5432)
            .endPort()
            .endSpec();
    if (ownerRef) {
      b.editMetadata()
          .addNewOwnerReference()
          .withUid("u1")
          .withName("acid")
          .withKind("postgresql")
          .withApiVersion("acid.zalan.do/v1")
          .endOwnerReference()
          .endMetadata();
    }
    return b.build();
  }

  private static Service actual(ManagedFieldsEntry... entries) {
    Service s = service(Map.of("application", "spilo", "team", "acid", "by-someone", "x"), true);
    s.getMetadata().setManagedFields(List.of(entries));
    return s;
  }

  private static JsonNode json(HasMetadata o) {
    return JSON.convertValue(o, JsonNode.class);
  }

  @Test
  void nothingIsStaleWhileEverythingTuskAppliedIsStillDesired() {
    Service desired = service(Map.of("application", "spilo", "team", "acid"), true);
    assertThat(
            OwnedFields.firstNoLongerDesired(
                json(desired), actual(entry("tusk", "Apply", TUSK_FIELDS))))
        .isEmpty();
  }

  @Test
  void aLabelTuskAppliedThatLeftTheDesiredStateIsFound() {
    Service desired = service(Map.of("application", "spilo"), true);
    assertThat(
            OwnedFields.firstNoLongerDesired(
                json(desired), actual(entry("tusk", "Apply", TUSK_FIELDS))))
        .contains(".metadata.labels.team");
  }

  @Test
  void ownerReferencesTuskAppliedAreFoundWhenTheyAreNoLongerDesired() {
    Service desired = service(Map.of("application", "spilo", "team", "acid"), false);
    assertThat(
            OwnedFields.firstNoLongerDesired(
                json(desired), actual(entry("tusk", "Apply", TUSK_FIELDS))))
        .contains(".metadata.ownerReferences");
  }

  @Test
  void whatOthersWroteOrTuskWroteOtherwiseIsNotTusksToRemove() {
    Service desired = service(Map.of("application", "spilo"), false);
    // The same fields, owned by another manager, or by Tusk through an update (not an apply).
    assertThat(
            OwnedFields.firstNoLongerDesired(
                json(desired),
                actual(
                    entry("kubectl", "Apply", TUSK_FIELDS),
                    entry("tusk", "Update", TUSK_FIELDS),
                    entry("tusk-endpoints", "Apply", TUSK_FIELDS))))
        .isEmpty();
    assertThat(OwnedFields.firstNoLongerDesired(json(desired), service(Map.of(), false))).isEmpty();
  }

  @Test
  void aStatefulSetsSpecIsLeftToItsOwnComparison() {
    String fields =
        """
        {"f:metadata":{"f:labels":{"f:team":{}}},"f:spec":{"f:serviceName":{}}}
        """;
    StatefulSet desired =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("acid")
            .withLabels(Map.of("team", "acid"))
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    StatefulSet actual = new StatefulSetBuilder(desired).build();
    actual.getMetadata().setManagedFields(List.of(entry("tusk", "Apply", fields)));
    assertThat(OwnedFields.firstNoLongerDesired(json(desired), actual)).isEmpty();

    desired.getMetadata().setLabels(Map.of());
    assertThat(OwnedFields.firstNoLongerDesired(json(desired), actual))
        .contains(".metadata.labels");
  }

  @Test
  void cachesKeepTusksApplyEntryOnlyAndOfAStatefulSetOnlyItsMetadata() {
    Service cached =
        OwnedFields.keepOwnEntry(
            actual(
                entry("kube-controller-manager", "Update", TUSK_FIELDS),
                entry("tusk", "Apply", TUSK_FIELDS)));
    assertThat(cached.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(e -> assertThat(e.getManager()).isEqualTo("tusk"));
    assertThat(
            cached.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties())
        .containsKeys("f:metadata", "f:spec");

    StatefulSet sts =
        new StatefulSetBuilder().withNewMetadata().withName("acid").endMetadata().build();
    sts.getMetadata()
        .setManagedFields(
            List.of(entry("tusk", "Apply", TUSK_FIELDS), entry("kubectl", "Apply", TUSK_FIELDS)));
    StatefulSet trimmed = OwnedFields.keepOwnEntry(sts);
    assertThat(trimmed.getMetadata().getManagedFields()).hasSize(1);
    assertThat(
            trimmed.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties())
        .containsOnlyKeys("f:metadata");

    Service foreign = OwnedFields.keepOwnEntry(actual(entry("kubectl", "Apply", TUSK_FIELDS)));
    assertThat(foreign.getMetadata().getManagedFields()).isNull();
  }
}
