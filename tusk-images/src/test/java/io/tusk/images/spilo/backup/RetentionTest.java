package io.tusk.images.spilo.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spilo's retention: at least N backups and at least N days. */
class RetentionTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  private static WalG.Backup backup(String name, Duration age) {
    Instant t = NOW.minus(age);
    return new WalG.Backup(
        name, t.minusSeconds(60), t, "000000010000000000000002", "0/2", "0/3", 1, 1, 17, "/data");
  }

  /** One backup a day, the newest {@code newestAgeDays} old. */
  private static List<WalG.Backup> daily(int count) {
    List<WalG.Backup> out = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      out.add(backup("day" + i, Duration.ofDays(i).plusHours(1)));
    }
    return out;
  }

  @Test
  void oldBackupsGoOnceEnoughYoungOnesRemainAndTheNewestOldOneIsKept() {
    // 8 daily backups (ages 0..7 days), N = 5: ages 5, 6, 7 are old; 5 young ones remain.
    assertThat(Retention.deleteBefore(daily(8), 5, NOW)).contains("day5");
  }

  @Test
  void nothingGoesWhileFewerThanNYoungBackupsExist() {
    List<WalG.Backup> sparse =
        List.of(
            backup("old1", Duration.ofDays(30)),
            backup("old2", Duration.ofDays(20)),
            backup("young", Duration.ofHours(2)));
    assertThat(Retention.deleteBefore(sparse, 5, NOW)).isEmpty();
  }

  @Test
  void manyBackupsOnOneDayAreAllKept() {
    List<WalG.Backup> hourly = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      hourly.add(backup("h" + i, Duration.ofHours(i)));
    }
    assertThat(Retention.deleteBefore(hourly, 5, NOW)).isEmpty();
  }

  @Test
  void retentionBelowTwoCountsAsTwo() {
    // ages 0..3 days; N = max(1, 2) = 2: ages 2 and 3 are old, 2 young ones remain.
    assertThat(Retention.deleteBefore(daily(4), 1, NOW)).contains("day2");
    assertThat(Retention.deleteBefore(daily(2), 1, NOW)).isEmpty();
  }
}
