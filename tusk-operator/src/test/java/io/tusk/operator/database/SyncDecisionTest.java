package io.tusk.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.StandbyDescription;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.operator.database.SyncDecision.LastSync;
import io.tusk.operator.database.SyncDecision.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncDecisionTest {
  private static final Instant NOW = Instant.parse("2025-06-13T10:00:00Z");
  private static final Duration RESYNC = Duration.ofMinutes(30);

  private static Postgresql cluster(Integer instances) {
    Postgresql pg = new Postgresql();
    pg.setMetadata(new ObjectMetaBuilder().withName("acid-test").withNamespace("ns").build());
    PostgresSpec spec = new PostgresSpec();
    spec.setNumberOfInstances(instances);
    pg.setSpec(spec);
    return pg;
  }

  private static Optional<OffsetDateTime> at(String text) {
    return Optional.of(OffsetDateTime.parse(text));
  }

  @Test
  void databaseAccessOffNoInstancesAndStandbyAreExcludedAsInZalando() {
    OperatorConfig cfg = OperatorConfig.defaults(Source.CONFIGMAP);
    assertThat(SyncDecision.excluded(cluster(2), cfg)).isEmpty();
    assertThat(
            SyncDecision.excluded(
                cluster(2), cfg.withOverride(Options.ENABLE_DATABASE_ACCESS, false)))
        .contains(Verdict.DATABASE_ACCESS_OFF);
    assertThat(SyncDecision.excluded(cluster(0), cfg)).contains(Verdict.NO_INSTANCES);
    assertThat(SyncDecision.excluded(cluster(null), cfg)).contains(Verdict.NO_INSTANCES);
    Postgresql standby = cluster(1);
    standby.getSpec().setStandby(new StandbyDescription());
    assertThat(SyncDecision.excluded(standby, cfg)).contains(Verdict.STANDBY);
    assertThat(Verdict.STANDBY.sync()).isFalse();
  }

  @Test
  void firstSyncAfterStartRetryAfterFailureAndChangedInputsConnect() {
    assertThat(SyncDecision.decide("a", null, NOW, RESYNC, Optional.empty()))
        .isEqualTo(Verdict.FIRST_SYNC);
    LastSync ok = LastSync.succeeded("a", NOW.minusSeconds(60));
    assertThat(
            SyncDecision.decide(
                "a", ok.failedWith("role \"x\": boom"), NOW, RESYNC, Optional.empty()))
        .isEqualTo(Verdict.RETRY);
    assertThat(SyncDecision.decide("b", ok, NOW, RESYNC, Optional.empty()))
        .isEqualTo(Verdict.INPUTS_CHANGED);
    assertThat(Verdict.INPUTS_CHANGED.sync()).isTrue();
  }

  @Test
  void unchangedInputsStayOffTheDatabaseUntilTheResyncPeriodHasPassed() {
    LastSync ok = LastSync.succeeded("a", NOW.minus(RESYNC).plusSeconds(1));
    assertThat(SyncDecision.decide("a", ok, NOW, RESYNC, Optional.empty()))
        .isEqualTo(Verdict.UP_TO_DATE);
    assertThat(Verdict.UP_TO_DATE.sync()).isFalse();
    LastSync old = LastSync.succeeded("a", NOW.minus(RESYNC));
    assertThat(SyncDecision.decide("a", old, NOW, RESYNC, Optional.empty()))
        .isEqualTo(Verdict.PERIODIC);
  }

  @Test
  void aRotationThatBecameDueSinceTheLastSyncConnectsOnce() {
    LastSync before = LastSync.succeeded("a", Instant.parse("2025-06-13T09:00:00Z"));
    assertThat(SyncDecision.decide("a", before, NOW, RESYNC, at("2025-06-13T09:30:00Z")))
        .isEqualTo(Verdict.ROTATION_DUE);
    assertThat(SyncDecision.decide("a", before, NOW, RESYNC, at("2025-06-13T10:30:00+00:00")))
        .isEqualTo(Verdict.PERIODIC); // not due yet, but the last sync is an hour old
    LastSync recent = LastSync.succeeded("a", Instant.parse("2025-06-13T09:45:00Z"));
    // Due before the last successful sync, which left it in place (a user-supplied Secret).
    assertThat(SyncDecision.decide("a", recent, NOW, RESYNC, at("2025-06-13T09:30:00Z")))
        .isEqualTo(Verdict.UP_TO_DATE);
  }

  @Test
  void aRotationWithinTheResyncPeriodSchedulesAnExtraLook() {
    assertThat(SyncDecision.nextCheck(NOW, RESYNC, at("2025-06-13T10:10:00Z")))
        .contains(Duration.ofMinutes(10).plusSeconds(1));
    assertThat(SyncDecision.nextCheck(NOW, RESYNC, at("2025-06-13T11:00:00Z"))).isEmpty();
    assertThat(SyncDecision.nextCheck(NOW, RESYNC, at("2025-06-13T09:00:00Z"))).isEmpty();
    assertThat(SyncDecision.nextCheck(NOW, RESYNC, Optional.empty())).isEmpty();
  }

  @Test
  void aPendingPrimaryOrAFailingSyncIsRetriedAfterAsLongAsItHasWaitedUpToTheRepairPeriod() {
    Duration repair = Duration.ofMinutes(5);
    assertThat(DatabaseSync.retryDelay(Duration.ZERO, repair)).isEqualTo(Duration.ofSeconds(5));
    assertThat(DatabaseSync.retryDelay(Duration.ofSeconds(3), repair))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(DatabaseSync.retryDelay(Duration.ofSeconds(12), repair))
        .isEqualTo(Duration.ofSeconds(12));
    assertThat(DatabaseSync.retryDelay(Duration.ofSeconds(40), repair))
        .isEqualTo(Duration.ofSeconds(40));
    assertThat(DatabaseSync.retryDelay(Duration.ofMinutes(4), repair))
        .isEqualTo(Duration.ofMinutes(4));
    assertThat(DatabaseSync.retryDelay(Duration.ofHours(1), repair)).isEqualTo(repair);
    assertThat(DatabaseSync.retryDelay(Duration.ofHours(2), repair)).isEqualTo(repair);
  }

  @Test
  void lastSyncRemembersTheFailure() {
    LastSync failed = LastSync.succeeded("a", NOW).failedWith("msg");
    assertThat(failed.failed()).isTrue();
    assertThat(failed.failure()).isEqualTo("msg");
    assertThat(failed.lastSuccess()).isEqualTo(NOW);
  }
}
