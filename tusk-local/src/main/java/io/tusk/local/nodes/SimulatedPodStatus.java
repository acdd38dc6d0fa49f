package io.tusk.local.nodes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The status a kubelet would report for a pod whose containers all started and passed their
 * readiness checks: phase Running, the standard conditions True, every container running and ready,
 * init containers completed. Used by the node agent's pod simulation; no process runs. Pure so it
 * can be unit tested.
 */
public final class SimulatedPodStatus {

  static final String CONTAINER_ID_PREFIX = "tusk-sim://";

  private SimulatedPodStatus() {}

  /** True if the pod already carries a simulated running status (nothing to do). */
  public static boolean isSimulatedRunning(Pod pod) {
    PodStatus s = pod.getStatus();
    if (s == null || !"Running".equals(s.getPhase()) || s.getPodIP() == null) {
      return false;
    }
    boolean ready =
        s.getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return ready == readinessGatesPass(pod);
  }

  /**
   * The running status of {@code pod}.
   *
   * @param podIp loopback address assigned to the pod
   * @param now start time of the simulated containers
   */
  public static PodStatus running(Pod pod, String podIp, Instant now) {
    String started =
        pod.getStatus() != null && pod.getStatus().getStartTime() != null
            ? pod.getStatus().getStartTime()
            : now.toString();
    String ts = now.toString();
    boolean gatesPass = readinessGatesPass(pod);
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(condition("PodReadyToStartContainers", "True", ts));
    conditions.add(condition("Initialized", "True", ts));
    conditions.add(condition("ContainersReady", "True", ts));
    conditions.add(condition("Ready", gatesPass ? "True" : "False", ts));
    conditions.add(condition("PodScheduled", "True", ts));
    // Conditions owned by others (readiness gates, DisruptionTarget, ...) stay as they are.
    if (pod.getStatus() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if (conditions.stream().noneMatch(x -> x.getType().equals(c.getType()))) {
          conditions.add(c);
        }
      }
    }
    List<ContainerStatus> init = new ArrayList<>();
    for (Container c : pod.getSpec().getInitContainers()) {
      boolean sidecar = "Always".equals(c.getRestartPolicy());
      ContainerStatusBuilder b = base(pod, c).withReady(sidecar).withStarted(sidecar);
      if (sidecar) {
        b.withNewState().withNewRunning().withStartedAt(started).endRunning().endState();
      } else {
        b.withNewState()
            .withNewTerminated()
            .withExitCode(0)
            .withReason("Completed")
            .withStartedAt(started)
            .withFinishedAt(started)
            .withContainerID(containerId(pod, c))
            .endTerminated()
            .endState();
      }
      init.add(b.build());
    }
    List<ContainerStatus> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(
          base(pod, c)
              .withReady(true)
              .withStarted(true)
              .withNewState()
              .withNewRunning()
              .withStartedAt(started)
              .endRunning()
              .endState()
              .build());
    }
    return new PodStatusBuilder()
        .withPhase("Running")
        .withConditions(conditions)
        .withHostIP("127.0.0.1")
        .withHostIPs(new HostIPBuilder().withIp("127.0.0.1").build())
        .withPodIP(podIp)
        .withPodIPs(new PodIPBuilder().withIp(podIp).build())
        .withStartTime(started)
        .withInitContainerStatuses(init)
        .withContainerStatuses(containers)
        .withQosClass(pod.getStatus() == null ? null : pod.getStatus().getQosClass())
        .build();
  }

  private static boolean readinessGatesPass(Pod pod) {
    List<PodReadinessGate> gates = pod.getSpec().getReadinessGates();
    if (gates.isEmpty()) {
      return true;
    }
    Map<String, String> current =
        pod.getStatus() == null
            ? Map.of()
            : pod.getStatus().getConditions().stream()
                .collect(
                    Collectors.toMap(PodCondition::getType, PodCondition::getStatus, (a, b) -> b));
    return gates.stream().allMatch(g -> "True".equals(current.get(g.getConditionType())));
  }

  private static ContainerStatusBuilder base(Pod pod, Container c) {
    String image = Objects.requireNonNullElse(c.getImage(), "");
    return new ContainerStatusBuilder()
        .withName(c.getName())
        .withImage(image)
        .withImageID(image)
        .withContainerID(containerId(pod, c))
        .withRestartCount(0);
  }

  private static String containerId(Pod pod, Container c) {
    return CONTAINER_ID_PREFIX + pod.getMetadata().getUid() + "/" + c.getName();
  }

  private static PodCondition condition(String type, String status, String ts) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastTransitionTime(ts)
        .build();
  }
}
