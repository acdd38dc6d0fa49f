package io.tusk.local.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulatedPodStatusTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private static PodBuilder pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("ns")
        .withUid("uid-1")
        .endMetadata()
        .withNewSpec()
        .withNodeName("tusk-local-a")
        .addNewInitContainer()
        .withName("init")
        .withImage("busybox")
        .endInitContainer()
        .addNewContainer()
        .withName("postgres")
        .withImage("spilo:1")
        .endContainer()
        .addNewContainer()
        .withName("sidecar")
        .withImage("exporter:2")
        .endContainer()
        .endSpec();
  }

  private static Map<String, String> conditions(PodStatus s) {
    return s.getConditions().stream()
        .collect(Collectors.toMap(PodCondition::getType, PodCondition::getStatus));
  }

  @Test
  void reportsRunningReadyWithAllContainersStarted() {
    PodStatus s = SimulatedPodStatus.running(pod().build(), "127.0.1.7", NOW);
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(s.getPodIP()).isEqualTo("127.0.1.7");
    assertThat(s.getPodIPs()).extracting("ip").containsExactly("127.0.1.7");
    assertThat(s.getHostIP()).isEqualTo("127.0.0.1");
    assertThat(s.getStartTime()).isEqualTo(NOW.toString());
    assertThat(conditions(s))
        .containsEntry("PodScheduled", "True")
        .containsEntry("Initialized", "True")
        .containsEntry("ContainersReady", "True")
        .containsEntry("Ready", "True");
    assertThat(s.getContainerStatuses())
        .extracting(ContainerStatus::getName)
        .containsExactly("postgres", "sidecar");
    for (ContainerStatus c : s.getContainerStatuses()) {
      assertThat(c.getReady()).isTrue();
      assertThat(c.getStarted()).isTrue();
      assertThat(c.getState().getRunning().getStartedAt()).isEqualTo(NOW.toString());
      assertThat(c.getContainerID()).startsWith("tusk-sim://uid-1/");
    }
    ContainerStatus init = s.getInitContainerStatuses().get(0);
    assertThat(init.getState().getTerminated().getExitCode()).isZero();
    assertThat(init.getState().getTerminated().getReason()).isEqualTo("Completed");
  }

  @Test
  void simulatedStatusIsRecognisedSoItIsPostedOnce() {
    Pod p = pod().build();
    assertThat(SimulatedPodStatus.isSimulatedRunning(p)).isFalse();
    p.setStatus(SimulatedPodStatus.running(p, "127.0.1.2", NOW));
    assertThat(SimulatedPodStatus.isSimulatedRunning(p)).isTrue();
  }

  @Test
  void readinessGatesDecideReadiness() {
    Pod gated =
        pod()
            .editSpec()
            .addNewReadinessGate()
            .withConditionType("example.com/lb")
            .endReadinessGate()
            .endSpec()
            .build();
    PodStatus s = SimulatedPodStatus.running(gated, "127.0.1.3", NOW);
    assertThat(conditions(s))
        .containsEntry("Ready", "False")
        .containsEntry("ContainersReady", "True");
    gated.setStatus(s);
    assertThat(SimulatedPodStatus.isSimulatedRunning(gated)).isTrue();

    gated
        .getStatus()
        .getConditions()
        .add(new PodConditionBuilder().withType("example.com/lb").withStatus("True").build());
    assertThat(SimulatedPodStatus.isSimulatedRunning(gated)).isFalse(); // must be re-posted
    PodStatus again = SimulatedPodStatus.running(gated, "127.0.1.3", NOW);
    assertThat(conditions(again))
        .containsEntry("Ready", "True")
        .containsEntry("example.com/lb", "True");
  }

  @Test
  void keepsTheOriginalStartTime() {
    Pod p = pod().withNewStatus().withStartTime("2025-01-01T00:00:00Z").endStatus().build();
    assertThat(SimulatedPodStatus.running(p, "127.0.1.9", NOW).getStartTime())
        .isEqualTo("2025-01-01T00:00:00Z");
  }
}
