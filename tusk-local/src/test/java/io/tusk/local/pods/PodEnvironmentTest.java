package io.tusk.local.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodEnvironmentTest {

  @Test
  void expandsEarlierVariablesAndKeepsEscapedOnes() {
    Map<String, String> env = Map.of("A", "x", "B", "y");
    assertThat(PodEnvironment.expand("$(A)-$(B)-$(C)-$$(A)", env)).isEqualTo("x-y-$(C)-$(A)");
  }

  @Test
  void resolvesPodFields() throws Exception {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .withNamespace("ns")
            .addToLabels("app", "db")
            .endMetadata()
            .withNewSpec()
            .withNodeName("tusk-local-a")
            .endSpec()
            .build();
    assertThat(PodEnvironment.field(pod, "status.podIP", "10.244.1.2", "10.244.0.1"))
        .isEqualTo("10.244.1.2");
    assertThat(PodEnvironment.field(pod, "metadata.namespace", null, null)).isEqualTo("ns");
    assertThat(PodEnvironment.field(pod, "metadata.labels['app']", null, null)).isEqualTo("db");
    assertThatThrownBy(() -> PodEnvironment.field(pod, "spec.nope", null, null))
        .hasMessageContaining("unsupported fieldRef");
  }
}
