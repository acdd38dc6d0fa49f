package io.tusk.local;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.Set;

/** Whether a node is Ready and free of the taints the node-lifecycle controller uses. */
public final class NodeReadiness {

  /**
   * Taints that mark an unhealthy node (set by admission at registration and by the controller).
   */
  static final Set<String> HEALTH_TAINTS =
      Set.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable");

  private NodeReadiness() {}

  public static boolean ready(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public static boolean schedulable(Node node) {
    boolean tainted =
        node.getSpec() != null
            && node.getSpec().getTaints().stream()
                .map(Taint::getKey)
                .anyMatch(HEALTH_TAINTS::contains);
    boolean cordoned =
        node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    return ready(node) && !tainted && !cordoned;
  }
}
