package io.tusk.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A new cluster's fresh primary that does not answer yet is awaited, not reported as failed. */
class NewPrimaryGraceTest {

  private static final Instant READY = Instant.parse("2026-12-06T10:00:00Z");
  private static final SQLException REFUSED = new SQLException("refused", "08001");
  private static final SQLException DENIED = new SQLException("password", "28P01");

  @Test
  void aRefusedConnectionSoonAfterTheFirstPrimaryIsAwaited() {
    assertThat(DatabaseSync.newPrimaryStillComing(REFUSED, null, READY, READY.plusSeconds(3)))
        .isTrue();
  }

  @Test
  void afterTheGraceItIsAFailure() {
    assertThat(
            DatabaseSync.newPrimaryStillComing(
                REFUSED, null, READY, READY.plus(DatabaseSync.NEW_PRIMARY_GRACE)))
        .isFalse();
  }

  @Test
  void otherErrorsAndClustersSyncedBeforeFailAtOnce() {
    assertThat(DatabaseSync.newPrimaryStillComing(DENIED, null, READY, READY.plusSeconds(1)))
        .isFalse();
    SyncDecision.LastSync synced = SyncDecision.LastSync.succeeded("fp", READY.minusSeconds(60));
    assertThat(DatabaseSync.newPrimaryStillComing(REFUSED, synced, READY, READY.plusSeconds(1)))
        .isFalse();
  }
}
