package io.tusk.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.NodeReadiness;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.local.nodes.LocalNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The simulated nodes stay Ready because their heartbeat is real: a node without one, created
 * alongside, is declared unreachable by the controller-manager within its grace period (20s), while
 * the agent's nodes remain Ready and untainted well past the upstream default (40s+).
 */
@Order(10)
@LocalKubernetes
class NodesIT {

  @InjectClient static KubernetesClient client;

  @Test
  void nodesStayReadyWhileANodeWithoutHeartbeatGoesUnknown() throws Exception {
    List<Node> nodes = client.nodes().withLabel(LocalNodes.MANAGED_LABEL).list().getItems();
    assertThat(nodes).hasSize(3).allMatch(NodeReadiness::schedulable);
    assertThat(nodes)
        .extracting(n -> n.getMetadata().getLabels())
        .allSatisfy(l -> assertThat(l.get("kubernetes.io/hostname")).startsWith("tusk-local-"))
        .extracting(l -> l.get("topology.kubernetes.io/zone"))
        .containsExactlyInAnyOrder("zone-a", "zone-b", "zone-c");
    assertThat(nodes.get(0).getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");

    Instant start = Instant.now();
    Node orphan = LocalNodes.node("tusk-local-a", start);
    orphan.getMetadata().setName("no-heartbeat");
    orphan.getMetadata().getLabels().remove(LocalNodes.MANAGED_LABEL);
    orphan.getMetadata().getLabels().put("kubernetes.io/hostname", "no-heartbeat");
    client.nodes().resource(orphan).create();
    try {
      Lease before = client.leases().inNamespace("kube-node-lease").withName("tusk-local-b").get();
      assertThat(before.getSpec().getHolderIdentity()).isEqualTo("tusk-local-b");

      // The node-lifecycle controller judged the nodes after the grace period (the orphan went
      // Unknown), and the agent kept heartbeating past it: a kubelet's heartbeat is its Lease,
      // renewed every few seconds (the node status is re-posted only once a minute).
      Eventually.await(
          "the node without heartbeat to become Unknown, and every local node to heartbeat after"
              + " the grace period",
          Duration.ofSeconds(60),
          () ->
              "Unknown".equals(ready(client.nodes().withName("no-heartbeat").get()).getStatus())
                  && client.nodes().withLabel(LocalNodes.MANAGED_LABEL).list().getItems().stream()
                      .allMatch(n -> leaseRenewed(n, start.plusSeconds(20))));
      for (Node n : client.nodes().withLabel(LocalNodes.MANAGED_LABEL).list().getItems()) {
        assertThat(NodeReadiness.schedulable(n)).as(n.getMetadata().getName()).isTrue();
        assertThat(leaseRenewed(n, start.plusSeconds(20))).as(n.getMetadata().getName()).isTrue();
      }
      Lease after = client.leases().inNamespace("kube-node-lease").withName("tusk-local-b").get();
      assertThat(after.getSpec().getRenewTime()).isAfter(before.getSpec().getRenewTime());
      assertThat(client.nodes().withName("no-heartbeat").get().getSpec().getTaints())
          .extracting(t -> t.getKey())
          .contains("node.kubernetes.io/unreachable");
    } finally {
      client.nodes().withName("no-heartbeat").delete();
    }
  }

  /** Whether the node's Lease was renewed after {@code after}. */
  private static boolean leaseRenewed(Node n, Instant after) {
    Lease lease =
        client.leases().inNamespace("kube-node-lease").withName(n.getMetadata().getName()).get();
    return lease != null
        && lease.getSpec().getRenewTime() != null
        && lease.getSpec().getRenewTime().toInstant().isAfter(after);
  }

  private static NodeCondition ready(Node n) {
    return n.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void deletedNodesAreRegisteredAgainLikeAKubeletWould() throws Exception {
    client.nodes().withName("tusk-local-c").delete();
    Eventually.await(
        "tusk-local-c to come back Ready",
        Duration.ofSeconds(40),
        () -> {
          Node n = client.nodes().withName("tusk-local-c").get();
          return n != null
              && n.getMetadata().getDeletionTimestamp() == null
              && NodeReadiness.schedulable(n);
        });
    assertThat(client.nodes().withName("tusk-local-c").get().getMetadata().getLabels())
        .containsAllEntriesOf(Map.of("topology.kubernetes.io/zone", "zone-c"));
  }
}
