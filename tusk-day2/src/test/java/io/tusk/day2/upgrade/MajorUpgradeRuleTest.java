package io.tusk.day2.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.day2.upgrade.MajorUpgradeRule.Decision;
import io.tusk.day2.upgrade.MajorUpgradeRule.Facts;
import io.tusk.day2.upgrade.MajorUpgradeRule.Member;
import java.util.List;
import org.junit.jupiter.api.Test;

class MajorUpgradeRuleTest {

  private static final List<Member> HEALTHY =
      List.of(
          new Member("c-0", "leader", "running", null),
          new Member("c-1", "replica", "streaming", 0L),
          new Member("c-2", "replica", "streaming", 1024L));

  private static Facts facts(String mode, int desired, int current) {
    return new Facts(
        mode, List.of(), "acid", desired, current, "c-0", HEALTHY, 3, "4.0.4", null, null, true,
        false);
  }

  private static Facts with(
      Facts f, List<Member> members, String failedAt, String failedVersion, boolean window) {
    return new Facts(
        f.mode(),
        f.teamAllowList(),
        f.teamId(),
        f.desiredMajor(),
        f.currentMajor(),
        f.primary(),
        members,
        f.pods(),
        f.patroniVersion(),
        failedAt,
        failedVersion,
        window,
        f.paused());
  }

  @Test
  void aHigherDesiredVersionOnAHealthyClusterStartsOnThePrimary() {
    assertThat(MajorUpgradeRule.decide(facts("manual", 17, 15)))
        .isEqualTo(new MajorUpgradeRule.Start("c-0", 3, 15, 17));
    assertThat(MajorUpgradeRule.decide(facts("full", 17, 15)))
        .isInstanceOf(MajorUpgradeRule.Start.class);
  }

  @Test
  void offUnlessTheTeamIsAllowed() {
    assertThat(MajorUpgradeRule.decide(facts("off", 17, 15))).isEqualTo(new MajorUpgradeRule.Off());
    Facts allowed =
        new Facts(
            "off",
            List.of("acid"),
            "acid",
            17,
            15,
            "c-0",
            HEALTHY,
            3,
            "4.0.4",
            null,
            null,
            true,
            false);
    assertThat(MajorUpgradeRule.decide(allowed)).isInstanceOf(MajorUpgradeRule.Start.class);
  }

  @Test
  void upToDateRemovesAFailureAnnotation() {
    assertThat(MajorUpgradeRule.decide(facts("manual", 17, 17)))
        .isEqualTo(new MajorUpgradeRule.UpToDate(false));
    assertThat(MajorUpgradeRule.decide(with(facts("manual", 15, 17), HEALTHY, "t", "17", true)))
        .isEqualTo(new MajorUpgradeRule.UpToDate(true));
  }

  @Test
  void aFailureBlocksTheSameVersionButNotAnother() {
    Decision same =
        MajorUpgradeRule.decide(with(facts("manual", 17, 15), HEALTHY, "t", "17", true));
    assertThat(same).isInstanceOf(MajorUpgradeRule.Wait.class);
    assertThat(((MajorUpgradeRule.Wait) same).blocked()).isTrue();
    assertThat(((MajorUpgradeRule.Wait) same).reason()).contains("not retried");
    // Zalando's annotation alone (no failed version known) blocks too.
    assertThat(MajorUpgradeRule.decide(with(facts("manual", 17, 15), HEALTHY, "t", null, true)))
        .isInstanceOf(MajorUpgradeRule.Wait.class);
    assertThat(MajorUpgradeRule.decide(with(facts("manual", 18, 15), HEALTHY, "t", "17", true)))
        .isInstanceOf(MajorUpgradeRule.Start.class);
  }

  @Test
  void waitsForTheWindowForStreamingReplicasAndForEveryMember() {
    Decision closed =
        MajorUpgradeRule.decide(with(facts("manual", 17, 15), HEALTHY, null, null, false));
    assertThat(((MajorUpgradeRule.Wait) closed).reason()).contains("maintenance window");
    List<Member> lagging =
        List.of(
            new Member("c-0", "leader", "running", null),
            new Member("c-1", "replica", "streaming", 17L * 1024 * 1024),
            new Member("c-2", "replica", "streaming", 0L));
    assertThat(
            ((MajorUpgradeRule.Wait)
                    MajorUpgradeRule.decide(
                        with(facts("manual", 17, 15), lagging, null, null, true)))
                .reason())
        .contains("c-1 lags");
    List<Member> stopped =
        List.of(
            new Member("c-0", "leader", "running", null),
            new Member("c-1", "replica", "stopped", null),
            new Member("c-2", "replica", "streaming", 0L));
    assertThat(
            ((MajorUpgradeRule.Wait)
                    MajorUpgradeRule.decide(
                        with(facts("manual", 17, 15), stopped, null, null, true)))
                .reason())
        .contains("c-1 is not streaming");
    List<Member> two = HEALTHY.subList(0, 2);
    assertThat(
            ((MajorUpgradeRule.Wait)
                    MajorUpgradeRule.decide(with(facts("manual", 17, 15), two, null, null, true)))
                .reason())
        .contains("2 of 3");
  }

  @Test
  void noPrimaryOrAStandbyClusterIsNotUpgraded() {
    Facts noPrimary =
        new Facts(
            "manual", List.of(), "acid", 17, 0, null, HEALTHY, 3, "4.0.4", null, null, true, false);
    assertThat(MajorUpgradeRule.decide(noPrimary)).isInstanceOf(MajorUpgradeRule.Wait.class);
    List<Member> standby = List.of(new Member("c-0", "standby_leader", "streaming", null));
    Decision d = MajorUpgradeRule.decide(with(facts("manual", 17, 15), standby, null, null, true));
    assertThat(((MajorUpgradeRule.Wait) d).reason()).contains("standby cluster");
  }

  @Test
  void aPausedClusterWaits() {
    Facts paused =
        new Facts(
            "manual", List.of(), "acid", 17, 15, "c-0", HEALTHY, 3, "4.0.4", null, null, true,
            true);
    assertThat(((MajorUpgradeRule.Wait) MajorUpgradeRule.decide(paused)).reason())
        .contains("paused");
  }

  @Test
  void patroniBefore304IsNotAskedForStreaming() {
    List<Member> running =
        List.of(
            new Member("c-0", "leader", "running", null),
            new Member("c-1", "replica", "running", 0L),
            new Member("c-2", "replica", "running", 0L));
    Facts old =
        new Facts(
            "manual", List.of(), "acid", 17, 15, "c-0", running, 3, "3.0.2", null, null, true,
            false);
    assertThat(MajorUpgradeRule.decide(old)).isInstanceOf(MajorUpgradeRule.Start.class);
    assertThat(MajorUpgradeRule.atLeast("3.0.4", 3, 0, 4)).isTrue();
    assertThat(MajorUpgradeRule.atLeast("3.0.3", 3, 0, 4)).isFalse();
    assertThat(MajorUpgradeRule.atLeast("4.0.0", 3, 0, 4)).isTrue();
  }
}
