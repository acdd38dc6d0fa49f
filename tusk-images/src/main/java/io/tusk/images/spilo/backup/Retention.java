package io.tusk.images.spilo.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Spilo's retention rule ({@code postgres_backup.sh}), applied before each new base backup: with
 * {@code N = max(BACKUP_NUM_TO_RETAIN, 2)}, a backup goes only when it is at least N days old
 * <em>and</em> at least N backups younger than N days remain. The newest backup older than N days
 * is kept (it is where {@code wal-g delete before} starts deleting), so point-in-time recovery
 * reaches back at least N days.
 */
public final class Retention {

  private Retention() {}

  /**
   * The backup before which everything may be deleted, if any.
   *
   * @param backups the finished backups (any order)
   * @param numToRetain {@code BACKUP_NUM_TO_RETAIN}
   */
  public static Optional<String> deleteBefore(
      List<WalG.Backup> backups, int numToRetain, Instant now) {
    int days = Math.max(numToRetain, 2);
    WalG.Backup before = null;
    int left = 0;
    for (WalG.Backup b : backups) {
      long ageDays = Duration.between(b.finish(), now).toSeconds() / 86400;
      if (ageDays >= days) {
        if (before == null || b.finish().isAfter(before.finish())) {
          before = b;
        }
      } else {
        left++;
      }
    }
    return before != null && left >= days ? Optional.of(before.name()) : Optional.empty();
  }
}
