package io.tusk.spec.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Fixtures;
import io.tusk.spec.PostgresRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Label and annotation sets; inherited annotations after Zalando's
 * util_test.go#TestInheritedAnnotations.
 */
class LabelsAndAnnotationsTest {

  private static ClusterModel model(
      OperatorConfig config, Map<String, String> labels, Map<String, String> annotations) {
    Postgresql pg = Fixtures.cluster();
    pg.getMetadata().setLabels(labels);
    pg.getMetadata().setAnnotations(annotations);
    return Fixtures.model(pg, config);
  }

  @Test
  void labelSets() {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.CLUSTER_LABELS, Map.of("application", "spilo", "env", "test"))
            .withOverride(Options.CLUSTER_NAME_LABEL, "cluster")
            .withOverride(Options.POD_ROLE_LABEL, "role")
            .withOverride(Options.INHERITED_LABELS, List.of("owner", "missing"));
    Labels labels = Labels.of(model(config, Map.of("owner", "me", "ignored", "x"), null));
    assertThat(labels.base())
        .isEqualTo(Map.of("application", "spilo", "env", "test", "cluster", "acid-test-cluster"));
    assertThat(labels.withExtra())
        .isEqualTo(
            Map.of(
                "application",
                "spilo",
                "env",
                "test",
                "cluster",
                "acid-test-cluster",
                "team",
                "acid",
                "owner",
                "me"));
    assertThat(labels.role(PostgresRole.REPLICA, false))
        .containsEntry("role", "replica")
        .doesNotContainKey("team");
    assertThat(labels.selector().getMatchLabels()).isEqualTo(labels.base());
  }

  @Test
  void inheritedAnnotations() {
    OperatorConfig config = Fixtures.config(Options.INHERITED_ANNOTATIONS, List.of("owned-by"));
    Annotations a = Annotations.of(model(config, null, Map.of("owned-by", "acid", "foo", "bar")));
    assertThat(a.inherited()).isEqualTo(Map.of("owned-by", "acid"));
    assertThat(a.inherited(Map.of("x", "y"))).isEqualTo(Map.of("owned-by", "acid", "x", "y"));
    assertThat(
            Annotations.of(model(Fixtures.config(), null, Map.of("owned-by", "acid"))).inherited())
        .isEmpty();
  }

  @Test
  void statefulSetGetsDownscalerAnnotationsByRegex() {
    OperatorConfig config =
        Fixtures.config(Options.DOWNSCALER_ANNOTATIONS, List.of("downscaler/*"));
    Annotations a =
        Annotations.of(
            model(config, null, Map.of("downscaler/downtime_replicas", "0", "other", "x")));
    assertThat(a.statefulSet()).isEqualTo(Map.of("downscaler/downtime_replicas", "0"));
  }
}
