package io.tusk.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.LocalKubernetes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With simulated pods nothing runs, so the node's kubelet API answers logs (through the API server)
 * with an error that says so, as a kubelet does for a container that is not there.
 */
@LocalKubernetes
class KubeletApiSimulatedIT {

  @InjectClient static KubernetesClient client;

  @Test
  void logsOfASimulatedPodExplainThatNothingRuns() throws InterruptedException {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("sim")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withCommand("sleep", "3600")
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();
    client.pods().withName("sim").waitUntilReady(2, TimeUnit.MINUTES);
    // The node publishes its kubelet port with its status, shortly after the agent started.
    Eventually.await(
        "the kubelet API's answer", Duration.ofMinutes(1), () -> message().contains("simulated"));
    assertThat(message())
        .contains("pods on this node are simulated (tusk local up --simulate-pods)");
    assertThat(client.pods().withName("sim").get().getStatus().getPhase()).isEqualTo("Running");
  }

  private static String message() {
    try {
      client.pods().withName("sim").getLog();
      return "";
    } catch (KubernetesClientException e) {
      return String.valueOf(e.getMessage());
    }
  }
}
