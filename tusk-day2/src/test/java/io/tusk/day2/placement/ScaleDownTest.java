package io.tusk.day2.placement;

import static io.tusk.day2.placement.Fixtures.LIMIT;
import static io.tusk.day2.placement.Fixtures.async;
import static io.tusk.day2.placement.Fixtures.facts;
import static io.tusk.day2.placement.Fixtures.leader;
import static io.tusk.day2.placement.Fixtures.member;
import static io.tusk.day2.placement.Fixtures.notReady;
import static io.tusk.day2.placement.Fixtures.pod;
import static io.tusk.day2.placement.Fixtures.replica;
import static io.tusk.day2.placement.Fixtures.sync;
import static io.tusk.day2.placement.Fixtures.syncStandby;
import static io.tusk.day2.placement.Fixtures.unanswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.day2.Action;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.PodFacts;
import io.tusk.patroni.PatroniCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ScaleDownTest {

  private static final List<PodFacts> THREE =
      List.of(pod(0, "replica", "a"), pod(1, "replica", "b"), pod(2, "master", "c"));

  @Test
  void aScaleDownThatKeepsThePrimaryGoesAhead() {
    ClusterFacts facts =
        facts(
            List.of(pod(0, "master", "a"), pod(1, "replica", "b"), pod(2, "replica", "c")),
            List.of(leader("c-0"), replica("c-1", 0), replica("c-2", 0)));

    assertThat(ScaleDown.before(async(), facts, 2)).isEmpty();
    assertThat(ScaleDown.before(async(), facts, 1)).isEmpty();
  }

  @Test
  void noScaleDownNeedsNothing() {
    ClusterFacts facts = facts(THREE, List.of(replica("c-0", 0), replica("c-1", 0), leader("c-2")));

    assertThat(ScaleDown.before(async(), facts, 3)).isEmpty();
    assertThat(ScaleDown.before(async(), facts, 5)).isEmpty();
  }

  @Test
  void scalingToZeroStopsTheClusterAsAsked() {
    ClusterFacts facts = facts(THREE, List.of(replica("c-0", 0), replica("c-1", 0), leader("c-2")));

    assertThat(ScaleDown.before(async(), facts, 0)).isEmpty();
  }

  @Test
  void aPrimaryOnTheHighestOrdinalSwitchesOverToTheBestMemberThatStays() {
    ClusterFacts facts =
        facts(THREE, List.of(replica("c-0", 4096), replica("c-1", 0), leader("c-2")));

    assertThat(ScaleDown.before(async(), facts, 2))
        .contains(
            new Action.Switchover(
                "c-2", "c-1", "scale-down to 2 instances removes the primary's pod c-2"));
  }

  @Test
  void aMemberThatIsRemovedTooIsNeverTheCandidate() {
    // 3 -> 1: c-1 lags least but goes as well; only c-0 stays.
    ClusterFacts facts =
        facts(THREE, List.of(replica("c-0", 8192), replica("c-1", 0), leader("c-2")));

    assertThat(ScaleDown.before(async(), facts, 1))
        .contains(
            new Action.Switchover(
                "c-2", "c-0", "scale-down to 1 instance removes the primary's pod c-2"));
  }

  @Test
  void withoutAHealthyMemberThatStaysTheScaleDownWaits() {
    ClusterFacts lagging =
        facts(THREE, List.of(replica("c-0", LIMIT + 1), replica("c-1", 0), leader("c-2")));
    ClusterFacts notReady =
        facts(
            List.of(notReady(0, "replica", "a"), pod(1, "replica", "b"), pod(2, "master", "c")),
            List.of(replica("c-0", 0), replica("c-1", 0), leader("c-2")));
    ClusterFacts noFailover =
        facts(
            THREE,
            List.of(
                member(
                    "c-0",
                    "replica",
                    "streaming",
                    OptionalLong.of(0),
                    Map.of("nofailover", "true")),
                replica("c-1", 0),
                leader("c-2")));

    assertThat(ScaleDown.before(async(), lagging, 1))
        .contains(
            new Action.Wait(
                "scale-down to 1 instance removes the primary's pod c-2; no member that stays can"
                    + " take over: every candidate lags more than "
                    + LIMIT
                    + " bytes or its lag is unknown"));
    assertThat(ScaleDown.before(async(), notReady, 1))
        .contains(
            new Action.Wait(
                "scale-down to 1 instance removes the primary's pod c-2; no member that stays can"
                    + " take over: no replica to switch over to"));
    assertThat(ScaleDown.before(async(), noFailover, 1)).get().isInstanceOf(Action.Wait.class);
  }

  @Test
  void underSynchronousModeOnlyASynchronousStandbyThatStaysCanTakeOver() {
    ClusterFacts standbyStays =
        facts(THREE, List.of(syncStandby("c-0", 0), replica("c-1", 0), leader("c-2")));
    ClusterFacts standbyGoes =
        facts(THREE, List.of(replica("c-0", 0), syncStandby("c-1", 0), leader("c-2")));

    assertThat(ScaleDown.before(sync(), standbyStays, 1))
        .contains(
            new Action.Switchover(
                "c-2", "c-0", "scale-down to 1 instance removes the primary's pod c-2"));
    assertThat(ScaleDown.before(sync(), standbyGoes, 1))
        .contains(
            new Action.Wait(
                "scale-down to 1 instance removes the primary's pod c-2; no member that stays can"
                    + " take over: no synchronous standby is running"));
  }

  @Test
  void aPausedPatroniHoldsTheScaleDown() {
    ClusterFacts paused =
        facts(
            THREE,
            new PatroniCluster(
                List.of(replica("c-0", 0), replica("c-1", 0), leader("c-2")), true, null));

    assertThat(ScaleDown.before(async(), paused, 2))
        .contains(
            new Action.Wait(
                "scale-down to 2 instances removes the primary's pod c-2; Patroni is paused"
                    + " (maintenance mode)"));
  }

  @Test
  void whenPatroniIsSilentThePodLabelledMasterIsKept() {
    assertThat(ScaleDown.before(async(), unanswered(THREE), 2))
        .contains(
            new Action.Wait(
                "scale-down to 2 instances would remove pod c-2, labelled master, and no Patroni"
                    + " member answered"));
    List<PodFacts> masterStays =
        List.of(pod(0, "master", "a"), pod(1, "replica", "b"), pod(2, "replica", "c"));
    assertThat(ScaleDown.before(async(), unanswered(masterStays), 2)).isEmpty();
    List<PodFacts> unlabelled = List.of(pod(0, null, "a"), pod(1, null, "b"), pod(2, null, "c"));
    assertThat(ScaleDown.before(async(), unanswered(unlabelled), 1))
        .as("no primary runs: nothing to keep")
        .isEmpty();
  }

  @Test
  void withoutALeaderThePodLabelledMasterIsKept() {
    ClusterFacts leaderless =
        facts(THREE, List.of(replica("c-0", 0), replica("c-1", 0), replica("c-2", 0)));

    assertThat(ScaleDown.before(async(), leaderless, 2))
        .contains(
            new Action.Wait(
                "scale-down to 2 instances would remove pod c-2, labelled master, and no member"
                    + " holds the leader lock"));
  }

  @Test
  void afterTheScaleDownTheRemovedPodsAreGoneAndTheCandidateLeads() {
    ClusterFacts facts =
        facts(THREE, List.of(replica("c-0", 4096), replica("c-1", 0), leader("c-2")));
    Action.Switchover switchover = (Action.Switchover) ScaleDown.before(async(), facts, 2).get();

    ClusterFacts after = ScaleDown.after(facts, Optional.of(switchover), 2);

    assertThat(after.instances()).isEqualTo(2);
    assertThat(after.pods()).extracting(PodFacts::name).containsExactly("c-0", "c-1");
    assertThat(after.pod("c-1").get().role()).isEqualTo("master");
    assertThat(after.patroni().get().leader().get().name()).isEqualTo("c-1");
    assertThat(after.patroni().get().members()).hasSize(2);
    assertThat(ScaleDown.before(async(), after, 2)).as("nothing more to do").isEmpty();
  }
}
