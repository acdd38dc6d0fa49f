package io.tusk.operator.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tusk.api.acid.v1.BackupStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a Spilo primary says of its backups: WAL-G's {@code backup-list --json --detail} and
 * one line of {@code pg_stat_archiver} ({@link #ARCHIVER_SQL}). Pure.
 */
public final class BackupReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The base backups as WAL-G lists them, run with Spilo's envdir of the WAL archive. */
  public static final List<String> BACKUP_LIST =
      List.of("envdir", "/run/etc/wal-e.d/env", "wal-g", "backup-list", "--json", "--detail");

  /** The archiver's state as one line of fields separated by {@code |}. */
  public static final String ARCHIVER_SQL =
      "select coalesce(last_archived_wal, '') || '|' || coalesce(last_archived_time::text, '')"
          + " || '|' || failed_count || '|' || coalesce(last_failed_wal, '') || '|'"
          + " || coalesce(last_failed_time::text, '') from pg_stat_archiver";

  /** One line of {@link #ARCHIVER_SQL}; empty strings where PostgreSQL has nothing yet. */
  public record Archiver(
      String lastArchivedWal,
      String lastArchivedTime,
      long failedCount,
      String lastFailedWal,
      String lastFailedTime) {

    /** A sentence for people: what was archived last, and the failures. */
    public String describe() {
      StringBuilder s = new StringBuilder("WAL archive: ");
      s.append(
          lastArchivedWal.isEmpty()
              ? "nothing archived yet"
              : "last archived " + lastArchivedWal + " at " + lastArchivedTime);
      s.append("; ").append(failedCount).append(" failure").append(failedCount == 1 ? "" : "s");
      if (!lastFailedWal.isEmpty()) {
        s.append(" (last: ")
            .append(lastFailedWal)
            .append(" at ")
            .append(lastFailedTime)
            .append(')');
      }
      return s.toString();
    }
  }

  private BackupReport() {}

  /** WAL-G's JSON array, oldest first; lines before the array (logs) are skipped. */
  public static List<JsonNode> baseBackups(String output) throws IOException {
    int start = output.indexOf('[');
    if (start < 0) {
      return List.of();
    }
    JsonNode array = JSON.readTree(output.substring(start));
    List<JsonNode> rows = new ArrayList<>();
    array.forEach(rows::add);
    rows.sort(Comparator.comparing(BackupReport::started));
    return rows;
  }

  /** When a backup of {@link #baseBackups} started. */
  public static String started(JsonNode backup) {
    return backup.path("start_time").asText(backup.path("time").asText());
  }

  /** When a backup of {@link #baseBackups} finished. */
  public static String finished(JsonNode backup) {
    return backup.path("finish_time").asText(backup.path("time").asText());
  }

  /** The line of {@link #ARCHIVER_SQL}, when it has the five fields. */
  public static Optional<Archiver> archiver(String line) {
    String[] f = line.strip().split("\\|", -1);
    if (f.length < 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Archiver(f[0], f[1], Long.parseLong(f[2].strip()), f[3], f[4]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The {@code status.backup} of a cluster.
   *
   * @param backups the base backups, oldest first; null when they could not be listed
   * @param archiver the archiver's state; null when it could not be read
   * @param lastLogicalBackup when the logical backup job last succeeded; null when it never did
   * @param problems why something could not be read; empty when everything was
   */
  public static BackupStatus status(
      List<JsonNode> backups,
      Archiver archiver,
      String lastLogicalBackup,
      List<String> problems,
      Instant now) {
    BackupStatus s = new BackupStatus();
    s.setCheckedAt(now.toString());
    if (archiver != null) {
      s.setLastArchivedWal(blankToNull(archiver.lastArchivedWal()));
      s.setLastArchivedTime(blankToNull(archiver.lastArchivedTime()));
      s.setArchiveFailures(archiver.failedCount());
      s.setLastFailedWal(blankToNull(archiver.lastFailedWal()));
      s.setLastFailedTime(blankToNull(archiver.lastFailedTime()));
    }
    if (backups != null) {
      s.setBaseBackups(backups.size());
      if (!backups.isEmpty()) {
        JsonNode newest = backups.get(backups.size() - 1);
        s.setLastBaseBackup(newest.path("backup_name").asText(null));
        s.setLastBaseBackupTime(finished(newest));
        s.setFirstRecoverablePoint(finished(backups.get(0)));
      }
    }
    s.setLastLogicalBackupTime(lastLogicalBackup);
    s.setMessage(problems.isEmpty() ? null : String.join("; ", problems));
    return s;
  }

  /**
   * {@code now} with what it could not read this time taken from {@code before}: a listing or a
   * query that failed once (the storage briefly away, a backup being written) leaves the last known
   * base backups and archive state in place, and {@code message} says what failed.
   */
  public static BackupStatus withEarlierFindings(BackupStatus now, BackupStatus before) {
    if (before == null) {
      return now;
    }
    if (now.getBaseBackups() == null && before.getBaseBackups() != null) {
      now.setBaseBackups(before.getBaseBackups());
      now.setLastBaseBackup(before.getLastBaseBackup());
      now.setLastBaseBackupTime(before.getLastBaseBackupTime());
      now.setFirstRecoverablePoint(before.getFirstRecoverablePoint());
    }
    if (now.getArchiveFailures() == null && before.getArchiveFailures() != null) {
      now.setLastArchivedWal(before.getLastArchivedWal());
      now.setLastArchivedTime(before.getLastArchivedTime());
      now.setArchiveFailures(before.getArchiveFailures());
      now.setLastFailedWal(before.getLastFailedWal());
      now.setLastFailedTime(before.getLastFailedTime());
    }
    return now;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
