package io.tusk.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorImageTest {

  @Test
  void theOperatorsImageFromAnyRegistryWithAnyTagOrDigest() {
    assertThat(OperatorImage.matches("ghcr.io/tusk-operator/tusk:0.1.0")).isTrue();
    assertThat(OperatorImage.matches("ghcr.io/tusk-operator/tusk")).isTrue();
    assertThat(OperatorImage.matches("registry.example:5000/tusk-operator/tusk@sha256:ab"))
        .isTrue();
  }

  @Test
  void notOtherImages() {
    assertThat(OperatorImage.matches("ghcr.io/tusk-operator/tusk-ui:0.1.0")).isFalse();
    assertThat(OperatorImage.matches("ghcr.io/zalando/postgres-operator:v2.0.1")).isFalse();
    assertThat(OperatorImage.matches("tusk")).isFalse();
    assertThat(OperatorImage.matches(null)).isFalse();
  }
}
