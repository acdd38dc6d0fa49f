package io.tusk.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the operator says about pods that run without a leader, and when. */
class LeaderWatchTest {
  private static final Instant START = Instant.parse("2026-12-06T16:01:02.345Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private static LeaderWatch.Finding after(Duration waited, Optional<String> cause) {
    return LeaderWatch.finding(
        List.of("acid-a-0", "acid-a-1"),
        "spilo-role=master",
        START,
        START.plus(waited),
        TIMEOUT,
        cause);
  }

  @Test
  void saysWhatItWaitsForAtOnceAndWarnsAfterAMinute() {
    LeaderWatch.Finding early = after(Duration.ofSeconds(10), Optional.empty());
    assertThat(early.leaderWait().message())
        .isEqualTo(
            "waiting for Patroni to elect a leader: pods acid-a-0, acid-a-1 run but none is"
                + " labelled spilo-role=master (since 2026-12-06T16:01:02Z)");
    assertThat(early.warn()).isFalse();
    assertThat(early.leaderWait().timedOut()).isFalse();
    // Looked at again after as long as it waited: a leader elected in seconds is seen in seconds.
    assertThat(early.recheckAfter()).contains(Duration.ofSeconds(10));
    assertThat(after(Duration.ZERO, Optional.empty()).recheckAfter())
        .contains(Duration.ofSeconds(2));
    assertThat(after(Duration.ofSeconds(40), Optional.empty()).recheckAfter())
        .as("not later than the minute after which it warns")
        .contains(Duration.ofSeconds(20));

    LeaderWatch.Finding late = after(Duration.ofSeconds(61), Optional.empty());
    assertThat(late.warn()).isTrue();
    assertThat(late.leaderWait().message())
        .endsWith("; see the pods' logs for what keeps Patroni from taking the leader lock");
    assertThat(late.recheckAfter()).contains(Duration.ofSeconds(61));
    assertThat(after(Duration.ofSeconds(500), Optional.empty()).recheckAfter())
        .as("not later than pod_label_wait_timeout")
        .contains(Duration.ofSeconds(100));
  }

  @Test
  void namesTheLikelyCauseAndFailsAfterPodLabelWaitTimeout() {
    LeaderWatch.Finding f =
        after(TIMEOUT, Optional.of("ClusterRole postgres-pod does not exist: ..."));
    assertThat(f.leaderWait().timedOut()).isTrue();
    assertThat(f.leaderWait().message())
        .contains(
            "longer than pod_label_wait_timeout (PT10M); ClusterRole postgres-pod does not exist");
    assertThat(f.recheckAfter()).isEmpty();
  }

  @Test
  void aPodWithoutItsRoleLabelIsNamedAndLookedAtAgainSoon() {
    LeaderWatch.Finding f =
        LeaderWatch.unlabelled(
            List.of("acid-a-1"), "spilo-role", START, START.plusSeconds(3), TIMEOUT);
    assertThat(f.leaderWait().message())
        .isEqualTo(
            "waiting for every pod to carry its role label: pod acid-a-1 runs but is not labelled"
                + " spilo-role=master or replica (since 2026-12-06T16:01:02Z)");
    assertThat(f.leaderWait().timedOut()).isFalse();
    assertThat(f.warn()).isFalse();
    assertThat(f.recheckAfter()).contains(Duration.ofSeconds(2));
    assertThat(f.reason()).isEqualTo(io.tusk.operator.status.EventReason.NoRole);

    LeaderWatch.Finding late =
        LeaderWatch.unlabelled(
            List.of("acid-a-1", "acid-a-2"), "spilo-role", START, START.plus(TIMEOUT), TIMEOUT);
    assertThat(late.warn()).isTrue();
    assertThat(late.leaderWait().timedOut()).isTrue();
    assertThat(late.leaderWait().message())
        .contains("pods acid-a-1, acid-a-2 run but are not labelled")
        .endsWith("longer than pod_label_wait_timeout (PT10M)");
    assertThat(late.recheckAfter()).isEmpty();
  }

  @Test
  void aShortTimeoutWarnsWhenItEnds() {
    LeaderWatch.Finding f =
        LeaderWatch.finding(
            List.of("acid-a-0"),
            "spilo-role=master",
            START,
            START.plusSeconds(5),
            Duration.ofSeconds(5),
            Optional.empty());
    assertThat(f.warn()).isTrue();
    assertThat(f.leaderWait().timedOut()).isTrue();
    assertThat(f.leaderWait().message()).contains("pod acid-a-0 runs but is not labelled");
  }
}
