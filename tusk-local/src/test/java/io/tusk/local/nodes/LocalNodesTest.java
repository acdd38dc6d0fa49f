package io.tusk.local.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LocalNodesTest {

  @Test
  void threeNodesInThreeZones() {
    assertThat(LocalNodes.NODES)
        .containsEntry("tusk-local-a", "zone-a")
        .containsEntry("tusk-local-b", "zone-b")
        .containsEntry("tusk-local-c", "zone-c")
        .hasSize(3);
  }

  @Test
  void nodeLooksLikeAKubeletRegisteredIt() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Node n = LocalNodes.node("tusk-local-b", now);
    assertThat(n.getMetadata().getLabels())
        .containsEntry("kubernetes.io/hostname", "tusk-local-b")
        .containsEntry("topology.kubernetes.io/zone", "zone-b")
        .containsEntry("kubernetes.io/os", "linux")
        .containsEntry(LocalNodes.MANAGED_LABEL, "true");
    assertThat(n.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
    assertThat(n.getStatus().getConditions())
        .filteredOn(c -> c.getType().equals("Ready"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getLastHeartbeatTime()).isEqualTo(now.toString());
            });
    assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.34.4");
    assertThat(n.getSpec().getTaints()).isEmpty();
  }
}
