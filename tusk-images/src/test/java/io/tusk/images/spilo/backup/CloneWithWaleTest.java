package io.tusk.images.spilo.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code clone_with_wale} picks a backup and reads Zalando's {@code clone.timestamp}. */
class CloneWithWaleTest {

  private static WalG.Backup finishedAt(String name, Instant t) {
    return new WalG.Backup(
        name, t.minusSeconds(5), t, "000000010000000000000002", "0/2", "0/3", 1, 1, 17, "/d");
  }

  @Test
  void theNewestBackupThatFinishedBeforeTheTarget() {
    Instant t0 = Instant.parse("2026-12-07T08:00:00Z");
    List<WalG.Backup> backups =
        List.of(
            finishedAt("a", t0),
            finishedAt("b", t0.plus(Duration.ofHours(1))),
            finishedAt("c", t0.plus(Duration.ofHours(2))));
    assertThat(CloneWithWale.choose(backups, Optional.of(t0.plus(Duration.ofMinutes(90)))))
        .get()
        .extracting(WalG.Backup::name)
        .isEqualTo("b");
    assertThat(CloneWithWale.choose(backups, Optional.empty()))
        .get()
        .extracting(WalG.Backup::name)
        .isEqualTo("c");
    assertThat(CloneWithWale.choose(backups, Optional.of(t0))).isEmpty();
  }

  @Test
  void timestampsAsZalandosManifestsWriteThem() {
    assertThat(CloneWithWale.parseTime("2017-12-19T12:40:33+01:00"))
        .isEqualTo(Instant.parse("2017-12-19T11:40:33Z"));
    assertThat(CloneWithWale.parseTime("2026-12-07T09:22:14.221699+00:00"))
        .isEqualTo(Instant.parse("2026-12-07T09:22:14.221699Z"));
    assertThat(CloneWithWale.parseTime("2026-12-07 09:22:14"))
        .isEqualTo(Instant.parse("2026-12-07T09:22:14Z"));
  }
}
