package io.tusk.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tusk.api.acid.v1.BackupStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the operator and {@code tusk backup list} make of WAL-G's and pg_stat_archiver's answers.
 */
class BackupReportTest {

  @Test
  void walgsJsonOldestFirstEvenAfterLogLines() throws Exception {
    List<JsonNode> rows =
        BackupReport.baseBackups(
            "INFO: 2026/12/07 09:00:00.000000 listing\n"
                + "[{\"backup_name\":\"base_000000010000000000000004\",\"time\":\"2026-12-07T10:00:00Z\","
                + "\"start_time\":\"2026-12-07T09:59:00Z\",\"finish_time\":\"2026-12-07T10:00:00Z\"},"
                + "{\"backup_name\":\"base_000000010000000000000002\",\"time\":\"2026-12-07T09:00:00Z\","
                + "\"start_time\":\"2026-12-07T08:59:00Z\",\"finish_time\":\"2026-12-07T09:00:00Z\"}]");
    assertThat(rows)
        .extracting(n -> n.path("backup_name").asText())
        .containsExactly("base_000000010000000000000002", "base_000000010000000000000004");
    assertThat(BackupReport.baseBackups("no backups found")).isEmpty();
  }

  @Test
  void theArchiverLine() {
    assertThat(
            BackupReport.archiver(
                    "000000010000000000000007|2026-12-07 09:30:00+00|2|000000010000000000000005|2026-12-07 09:20:00+00")
                .orElseThrow()
                .describe())
        .isEqualTo(
            "WAL archive: last archived 000000010000000000000007 at 2026-12-07 09:30:00+00;"
                + " 2 failures (last: 000000010000000000000005 at 2026-12-07 09:20:00+00)");
    assertThat(BackupReport.archiver("||0||").orElseThrow().describe())
        .isEqualTo("WAL archive: nothing archived yet; 0 failures");
  }

  @Test
  void theStatusNamesTheNewestBackupAndTheOldestOnesEnd() throws Exception {
    List<JsonNode> rows =
        BackupReport.baseBackups(
            "[{\"backup_name\":\"b2\",\"start_time\":\"2026-12-07T09:59:00Z\","
                + "\"finish_time\":\"2026-12-07T10:00:00Z\"},"
                + "{\"backup_name\":\"b1\",\"start_time\":\"2026-12-07T08:59:00Z\","
                + "\"finish_time\":\"2026-12-07T09:00:00Z\"}]");
    BackupStatus s =
        BackupReport.status(
            rows,
            BackupReport.archiver("000000010000000000000007|2026-12-07 10:30:00+00|0||")
                .orElseThrow(),
            "2026-12-07T00:30:05Z",
            List.of(),
            Instant.parse("2026-12-07T11:00:00Z"));
    assertThat(s.getBaseBackups()).isEqualTo(2);
    assertThat(s.getLastBaseBackup()).isEqualTo("b2");
    assertThat(s.getLastBaseBackupTime()).isEqualTo("2026-12-07T10:00:00Z");
    assertThat(s.getFirstRecoverablePoint()).isEqualTo("2026-12-07T09:00:00Z");
    assertThat(s.getLastArchivedWal()).isEqualTo("000000010000000000000007");
    assertThat(s.getArchiveFailures()).isZero();
    assertThat(s.getLastFailedWal()).isNull();
    assertThat(s.getLastLogicalBackupTime()).isEqualTo("2026-12-07T00:30:05Z");
    assertThat(s.getCheckedAt()).isEqualTo("2026-12-07T11:00:00Z");
    assertThat(s.getMessage()).isNull();
  }

  @Test
  void whatCouldNotBeReadIsSaidAndTheRestLeftOut() {
    BackupStatus s =
        BackupReport.status(
            null,
            null,
            null,
            List.of("no ready primary pod to ask"),
            Instant.parse("2026-12-07T11:00:00Z"));
    assertThat(s.getBaseBackups()).isNull();
    assertThat(s.getLastArchivedWal()).isNull();
    assertThat(s.getMessage()).isEqualTo("no ready primary pod to ask");
    assertThat(BackupReport.archiver("not|a|number|x|y")).isEmpty();
  }

  @Test
  void aFailedReadingKeepsTheLastKnownFindingsAndSaysWhatFailed() throws Exception {
    BackupStatus before =
        BackupReport.status(
            BackupReport.baseBackups(
                "[{\"backup_name\":\"b1\",\"start_time\":\"2026-12-07T08:59:00Z\","
                    + "\"finish_time\":\"2026-12-07T09:00:00Z\"}]"),
            BackupReport.archiver("000000010000000000000007|t|1|000000010000000000000005|u")
                .orElseThrow(),
            null,
            List.of(),
            Instant.parse("2026-12-07T10:00:00Z"));
    BackupStatus now =
        BackupReport.withEarlierFindings(
            BackupReport.status(
                null,
                BackupReport.archiver("000000010000000000000009|t2|1|000000010000000000000005|u")
                    .orElseThrow(),
                null,
                List.of("wal-g backup-list failed (exit 1)"),
                Instant.parse("2026-12-07T10:05:00Z")),
            before);
    assertThat(now.getBaseBackups()).isEqualTo(1);
    assertThat(now.getLastBaseBackup()).isEqualTo("b1");
    assertThat(now.getFirstRecoverablePoint()).isEqualTo("2026-12-07T09:00:00Z");
    assertThat(now.getLastArchivedWal()).isEqualTo("000000010000000000000009");
    assertThat(now.getMessage()).isEqualTo("wal-g backup-list failed (exit 1)");
    assertThat(now.getCheckedAt()).isEqualTo("2026-12-07T10:05:00Z");
  }
}
