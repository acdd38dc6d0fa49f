package io.tusk.day2.placement;

import static io.tusk.day2.placement.Fixtures.async;
import static io.tusk.day2.placement.Fixtures.facts;
import static io.tusk.day2.placement.Fixtures.leader;
import static io.tusk.day2.placement.Fixtures.pod;
import static io.tusk.day2.placement.Fixtures.replica;
import static io.tusk.day2.placement.Fixtures.sync;
import static io.tusk.day2.placement.Fixtures.syncStandby;
import static io.tusk.day2.placement.Fixtures.unanswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.tusk.day2.Action;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.PodFacts;
import io.tusk.day2.placement.NodeDrain.LeavingNodes;
import io.tusk.patroni.PatroniCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeDrainTest {

  private static final List<PodFacts> PODS =
      List.of(pod(0, "master", "a"), pod(1, "replica", "b"), pod(2, "replica", "c"));
  private static final LeavingNodes A_CORDONED =
      new LeavingNodes(Map.of("a", "is unschedulable (cordoned)"));
  private static final String REASON = "the primary's node a is unschedulable (cordoned)";

  @Test
  void aNodeLeavesWhenCordonedOrWithoutTheReadinessLabelButNeverWhenLabelledMaster() {
    Map<String, String> readiness = Map.of("lifecycle-status", "ready");

    assertThat(NodeDrain.leavingReason(node("n", false, Map.of()), Map.of())).isEmpty();
    assertThat(NodeDrain.leavingReason(node("n", true, Map.of()), Map.of()))
        .contains("is unschedulable (cordoned)");
    assertThat(NodeDrain.leavingReason(node("n", false, Map.of()), readiness))
        .contains("lacks the node readiness label lifecycle-status=ready");
    assertThat(
            NodeDrain.leavingReason(
                node("n", false, Map.of("lifecycle-status", "retiring")), readiness))
        .contains("lacks the node readiness label lifecycle-status=ready");
    assertThat(
            NodeDrain.leavingReason(
                node("n", false, Map.of("lifecycle-status", "ready")), readiness))
        .isEmpty();
    assertThat(NodeDrain.leavingReason(node("n", true, Map.of("master", "true")), readiness))
        .isEmpty();
    assertThat(
            LeavingNodes.of(
                    List.of(node("a", true, Map.of()), node("b", false, Map.of())), Map.of())
                .names())
        .containsExactly("a");
    assertThat(A_CORDONED.contains(null)).as("a pod not scheduled yet").isFalse();
  }

  @Test
  void thePrimaryOnALeavingNodeSwitchesOverToTheBestReplicaElsewhere() {
    ClusterFacts facts =
        facts(PODS, List.of(leader("c-0"), replica("c-1", 2048), replica("c-2", 0)));

    assertThat(NodeDrain.offLeavingNode(async(), facts, A_CORDONED, Optional.empty()))
        .contains(new Action.Switchover("c-0", "c-2", REASON));
  }

  @Test
  void aPrimaryOnANodeThatStaysIsLeftAlone() {
    ClusterFacts facts = facts(PODS, List.of(leader("c-0"), replica("c-1", 0), replica("c-2", 0)));
    LeavingNodes bLeaves = new LeavingNodes(Map.of("b", "is unschedulable (cordoned)"));

    assertThat(NodeDrain.offLeavingNode(async(), facts, bLeaves, Optional.empty())).isEmpty();
    assertThat(NodeDrain.offLeavingNode(async(), facts, LeavingNodes.none(), Optional.empty()))
        .isEmpty();
  }

  @Test
  void aReplicaOnTheSameOrAnotherLeavingNodeIsNeverTheCandidate() {
    List<PodFacts> pods =
        List.of(pod(0, "master", "a"), pod(1, "replica", "a"), pod(2, "replica", "c"));
    ClusterFacts facts = facts(pods, List.of(leader("c-0"), replica("c-1", 0), replica("c-2", 9)));
    LeavingNodes aAndC =
        new LeavingNodes(
            Map.of("a", "is unschedulable (cordoned)", "c", "is unschedulable (cordoned)"));

    assertThat(NodeDrain.offLeavingNode(async(), facts, A_CORDONED, Optional.empty()))
        .contains(new Action.Switchover("c-0", "c-2", REASON));
    assertThat(NodeDrain.offLeavingNode(async(), facts, aAndC, Optional.empty()))
        .contains(
            new Action.Wait(
                REASON
                    + "; no replica on another node that stays can take over: no replica to switch"
                    + " over to"));
  }

  @Test
  void outsideTheMaintenanceWindowsTheSwitchoverIsScheduledForTheNextOne() {
    ClusterFacts facts = facts(PODS, List.of(leader("c-0"), replica("c-1", 0), replica("c-2", 0)));
    Instant window = Instant.parse("2026-12-12T01:00:00Z");

    assertThat(NodeDrain.offLeavingNode(async(), facts, A_CORDONED, Optional.of(window)))
        .contains(
            new Action.ScheduledSwitchover(
                "c-0",
                "c-1",
                window,
                REASON + " (outside the maintenance windows: at the next one)"));
  }

  @Test
  void aScheduledSwitchoverIsNotAskedForAgain() {
    ClusterFacts facts =
        facts(
            PODS,
            new PatroniCluster(
                List.of(leader("c-0"), replica("c-1", 0), replica("c-2", 0)),
                false,
                "2026-12-12T01:00:00+00:00"));

    assertThat(NodeDrain.offLeavingNode(async(), facts, A_CORDONED, Optional.empty()))
        .contains(
            new Action.Wait(
                REASON + "; Patroni has a switchover scheduled at 2026-12-12T01:00:00+00:00"));
  }

  @Test
  void underSynchronousModeOnlyTheSynchronousStandbyCanTakeOver() {
    ClusterFacts standbyElsewhere =
        facts(PODS, List.of(leader("c-0"), syncStandby("c-1", 0), replica("c-2", 0)));
    List<PodFacts> standbyOnA =
        List.of(pod(0, "master", "a"), pod(1, "replica", "a"), pod(2, "replica", "c"));
    ClusterFacts standbyOnTheNode =
        facts(standbyOnA, List.of(leader("c-0"), syncStandby("c-1", 0), replica("c-2", 0)));

    assertThat(NodeDrain.offLeavingNode(sync(), standbyElsewhere, A_CORDONED, Optional.empty()))
        .contains(new Action.Switchover("c-0", "c-1", REASON));
    assertThat(NodeDrain.offLeavingNode(sync(), standbyOnTheNode, A_CORDONED, Optional.empty()))
        .get()
        .isInstanceOf(Action.Wait.class);
  }

  @Test
  void aSingleInstanceWaitsAndSaysWhy() {
    ClusterFacts single = facts(List.of(pod(0, "master", "a")), List.of(leader("c-0")));

    assertThat(NodeDrain.offLeavingNode(async(), single, A_CORDONED, Optional.empty()))
        .contains(
            new Action.Wait(
                REASON
                    + "; a single instance has no replica to take over (its PodDisruptionBudget"
                    + " keeps a drain from evicting it; scale up or move it by hand)"));
  }

  @Test
  void whenPatroniIsSilentAPodLabelledMasterOnTheNodeWaits() {
    assertThat(NodeDrain.offLeavingNode(async(), unanswered(PODS), A_CORDONED, Optional.empty()))
        .contains(
            new Action.Wait(
                "pod c-0, labelled master, runs on node a (is unschedulable (cordoned)), and no"
                    + " Patroni member answered"));
  }

  private static Node node(String name, boolean unschedulable, Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withUnschedulable(unschedulable)
        .endSpec()
        .build();
  }
}
