package io.tusk.local.pods;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the status a kubelet reports for a pod ({@code kubelet_pods.go#generateAPIPodStatus}):
 * phase, the five standard conditions with stable transition times, container statuses (state, last
 * state, ready, started, restart count) and the pod and host addresses.
 */
final class PodStatusReport {

  private final Map<String, String[]> transitions = new HashMap<>();

  Map<String, Object> build(PodWorker w, Instant now) {
    List<ContainerRun> mains = w.mains();
    boolean initialized = w.initialized();
    boolean anyStarted = mains.stream().anyMatch(c -> c.startedAt != null);
    boolean allDone = mains.stream().allMatch(c -> c.done);
    String phase;
    if (w.failedReason() != null) {
      phase = "Failed";
    } else if (allDone) {
      phase =
          mains.stream()
                  .allMatch(
                      c -> c.terminated != null && ((Integer) c.terminated.get("exitCode")) == 0)
              ? "Succeeded"
              : "Failed";
    } else if (initialized && anyStarted) {
      phase = "Running";
    } else {
      phase = "Pending";
    }
    boolean containersReady = mains.stream().allMatch(c -> c.running() && c.ready);
    boolean ready = containersReady && gatesPass(w);
    String sandbox = w.sandboxReady() ? "True" : "False";

    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", phase);
    List<Map<String, Object>> conditions = new ArrayList<>();
    conditions.add(condition("PodReadyToStartContainers", sandbox, now));
    conditions.add(condition("Initialized", initialized ? "True" : "False", now));
    conditions.add(condition("Ready", ready ? "True" : "False", now));
    conditions.add(condition("ContainersReady", containersReady ? "True" : "False", now));
    conditions.add(condition("PodScheduled", "True", now));
    status.put("conditions", conditions);
    if (w.failedReason() != null) {
      status.put("reason", w.failedReason());
      status.put("message", w.failedMessage());
    }
    status.put("hostIP", PodNetwork.BRIDGE_IP);
    status.put("hostIPs", List.of(Map.of("ip", PodNetwork.BRIDGE_IP)));
    if (w.ip() != null) {
      status.put("podIP", w.ip());
      status.put("podIPs", List.of(Map.of("ip", w.ip())));
    }
    if (w.startTime() != null) {
      status.put("startTime", w.startTime().toString());
    }
    if (!w.inits().isEmpty()) {
      status.put("initContainerStatuses", w.inits().stream().map(c -> container(c)).toList());
    }
    status.put("containerStatuses", mains.stream().map(c -> container(c)).toList());
    status.put(
        "qosClass",
        w.pod().getStatus() == null || w.pod().getStatus().getQosClass() == null
            ? "BestEffort"
            : w.pod().getStatus().getQosClass());
    return status;
  }

  private static boolean gatesPass(PodWorker w) {
    var gates = w.pod().getSpec().getReadinessGates();
    if (gates == null || gates.isEmpty()) {
      return true;
    }
    var current = w.pod().getStatus() == null ? null : w.pod().getStatus().getConditions();
    for (var g : gates) {
      boolean ok =
          current != null
              && current.stream()
                  .anyMatch(
                      c ->
                          g.getConditionType().equals(c.getType()) && "True".equals(c.getStatus()));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Object> condition(String type, String value, Instant now) {
    String[] last = transitions.get(type);
    if (last == null || !last[0].equals(value)) {
      last = new String[] {value, now.toString()};
      transitions.put(type, last);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", value);
    c.put("lastProbeTime", null);
    c.put("lastTransitionTime", last[1]);
    return c;
  }

  private static Map<String, Object> container(ContainerRun c) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", c.spec.getName());
    s.put("image", c.spec.getImage());
    s.put("imageID", "");
    boolean running = c.running();
    if (running || c.terminated != null) {
      s.put("containerID", c.containerId());
    }
    s.put("ready", running && c.ready);
    s.put("started", running);
    s.put("restartCount", c.restartCount);
    Map<String, Object> state = new LinkedHashMap<>();
    if (running) {
      state.put("running", Map.of("startedAt", c.startedAt.toString()));
    } else if (c.terminated != null && (c.done || c.waitingReason == null)) {
      state.put("terminated", c.terminated);
    } else {
      Map<String, Object> waiting = new LinkedHashMap<>();
      waiting.put("reason", c.waitingReason == null ? "ContainerCreating" : c.waitingReason);
      if (c.waitingMessage != null) {
        waiting.put("message", c.waitingMessage);
      }
      state.put("waiting", waiting);
    }
    s.put("state", state);
    if (c.lastTerminated != null && !(state.containsKey("terminated"))) {
      s.put("lastState", Map.of("terminated", c.lastTerminated));
    } else {
      s.put("lastState", Map.of());
    }
    return s;
  }
}
