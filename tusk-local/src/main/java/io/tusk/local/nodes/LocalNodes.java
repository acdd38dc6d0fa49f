package io.tusk.local.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.tusk.local.Versions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three simulated nodes of a local control plane, one per zone, as a kubelet would register
 * them (labels, capacity, addresses, conditions). Pure: the agent posts these objects.
 */
public final class LocalNodes {

  /** Label on every node we manage, so the agent and tests can find them. */
  public static final String MANAGED_LABEL = "tusk.io/local-node";

  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  /** Node name to zone. */
  public static final Map<String, String> NODES = nodes();

  /** Resources per node: generous so operator-scale benchmarks fit, like a large cloud VM. */
  static final Map<String, Quantity> CAPACITY =
      Map.of(
          "cpu", new Quantity("32"),
          "memory", new Quantity("128Gi"),
          "pods", new Quantity("500"),
          "ephemeral-storage", new Quantity("500Gi"));

  private LocalNodes() {}

  private static Map<String, String> nodes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("tusk-local-a", "zone-a");
    m.put("tusk-local-b", "zone-b");
    m.put("tusk-local-c", "zone-c");
    return m;
  }

  public static List<String> names() {
    return List.copyOf(NODES.keySet());
  }

  /** The Node object to create for {@code name}, status included. */
  public static Node node(String name, Instant now) {
    String zone = NODES.get(name);
    if (zone == null) {
      throw new IllegalArgumentException("not a local node: " + name);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(HOSTNAME_LABEL, name);
    labels.put(ZONE_LABEL, zone);
    labels.put("topology.kubernetes.io/region", "local");
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put(MANAGED_LABEL, "true");
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withStatus(status(name, now))
        .build();
  }

  /** Full node status with all conditions heart-beating at {@code now}. */
  public static NodeStatus status(String name, Instant now) {
    return new NodeStatusBuilder()
        .withCapacity(CAPACITY)
        .withAllocatable(CAPACITY)
        .withAddresses(
            new NodeAddressBuilder().withType("InternalIP").withAddress("127.0.0.1").build(),
            new NodeAddressBuilder().withType("Hostname").withAddress(name).build())
        .withConditions(conditions(now, now))
        .withNewNodeInfo()
        .withArchitecture("amd64")
        .withOperatingSystem("linux")
        .withOsImage("tusk-local simulated node")
        .withKernelVersion(System.getProperty("os.version", "unknown"))
        .withContainerRuntimeVersion("tusk-sim://" + Versions.KUBERNETES)
        .withKubeletVersion(Versions.KUBERNETES)
        .withKubeProxyVersion("")
        .withMachineID(name)
        .withSystemUUID(name)
        .withBootID(name)
        .endNodeInfo()
        .build();
  }

  /**
   * The node conditions a healthy kubelet reports.
   *
   * @param heartbeat lastHeartbeatTime
   * @param transition lastTransitionTime (kept when only the heartbeat moves)
   */
  public static List<NodeCondition> conditions(Instant heartbeat, Instant transition) {
    return List.of(
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", heartbeat, transition),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", heartbeat, transition),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", heartbeat, transition),
        condition("Ready", "True", "KubeletReady", heartbeat, transition));
  }

  private static NodeCondition condition(
      String type, String status, String reason, Instant heartbeat, Instant transition) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage("reported by the tusk-local node agent")
        .withLastHeartbeatTime(heartbeat.toString())
        .withLastTransitionTime(transition.toString())
        .build();
  }
}
