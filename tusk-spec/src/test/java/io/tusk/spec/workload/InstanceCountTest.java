package io.tusk.spec.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.StandbyDescription;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ported from Zalando's k8sres_test.go#TestGetNumberOfInstances. */
class InstanceCountTest {

  private static int instances(
      int min, int max, String ignoreKey, Map<String, String> annotations, int desired) {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.MIN_INSTANCES, min)
            .withOverride(Options.MAX_INSTANCES, max)
            .withOverride(Options.IGNORE_INSTANCE_LIMITS_ANNOTATION_KEY, ignoreKey);
    Postgresql pg = Fixtures.cluster(s -> s.setNumberOfInstances(desired));
    pg.getMetadata().setAnnotations(annotations);
    return InstanceCount.desired(Fixtures.model(pg, config));
  }

  @Test
  void noConstraints() {
    assertThat(instances(-1, -1, "", null, 2)).isEqualTo(2);
  }

  @Test
  void minInstances() {
    assertThat(instances(2, -1, "", null, 1)).isEqualTo(2);
  }

  @Test
  void maxInstances() {
    assertThat(instances(-1, 5, "", null, 10)).isEqualTo(5);
  }

  @Test
  void ignoreAnnotation() {
    assertThat(
            instances(2, -1, "ignore-instance-limits", Map.of("ignore-instance-limits", "true"), 1))
        .isEqualTo(1);
  }

  @Test
  void ignoreAnnotationWithWrongKey() {
    assertThat(
            instances(
                2, -1, "ignore-instance-limits", Map.of("ignoring-instance-limits", "true"), 1))
        .isEqualTo(2);
  }

  @Test
  void ignoreAnnotationWithWrongValue() {
    assertThat(
            instances(
                2, -1, "ignore-instance-limits", Map.of("ignore-instance-limits", "active"), 1))
        .isEqualTo(2);
  }

  @Test
  void annotationWithoutConstraints() {
    assertThat(
            instances(
                -1, -1, "ignore-instance-limits", Map.of("ignore-instance-limits", "true"), 1))
        .isEqualTo(1);
  }

  @Test
  void standbyWithOneInstanceIgnoresLimits() {
    OperatorConfig config = Fixtures.config().withOverride(Options.MIN_INSTANCES, 2);
    Postgresql pg =
        Fixtures.cluster(
            s -> {
              s.setNumberOfInstances(1);
              StandbyDescription standby = new StandbyDescription();
              standby.setStandbyHost("remote");
              s.setStandby(standby);
            });
    assertThat(InstanceCount.desired(Fixtures.model(pg, config))).isEqualTo(1);
    pg.getSpec().setNumberOfInstances(3);
    assertThat(
            InstanceCount.desired(
                Fixtures.model(pg, config.withOverride(Options.MAX_INSTANCES, 2))))
        .isEqualTo(2);
  }
}
