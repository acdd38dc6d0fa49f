package io.tusk.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code tusk backup list} makes of WAL-G's and pg_stat_archiver's answers. */
class BackupListCommandTest {

  @Test
  void walgsJsonOldestFirstEvenAfterLogLines() throws Exception {
    List<JsonNode> rows =
        BackupListCommand.parse(
            "INFO: 2026/12/07 09:00:00.000000 listing\n"
                + "[{\"backup_name\":\"base_000000010000000000000004\",\"time\":\"2026-12-07T10:00:00Z\","
                + "\"start_time\":\"2026-12-07T09:59:00Z\",\"finish_time\":\"2026-12-07T10:00:00Z\"},"
                + "{\"backup_name\":\"base_000000010000000000000002\",\"time\":\"2026-12-07T09:00:00Z\","
                + "\"start_time\":\"2026-12-07T08:59:00Z\",\"finish_time\":\"2026-12-07T09:00:00Z\"}]");
    assertThat(rows)
        .extracting(n -> n.path("backup_name").asText())
        .containsExactly("base_000000010000000000000002", "base_000000010000000000000004");
    assertThat(BackupListCommand.parse("no backups found")).isEmpty();
  }

  @Test
  void theArchiverLine() {
    assertThat(
            BackupListCommand.describeArchiver(
                "000000010000000000000007|2026-12-07 09:30:00+00|2|000000010000000000000005|2026-12-07 09:20:00+00"))
        .isEqualTo(
            "WAL archive: last archived 000000010000000000000007 at 2026-12-07 09:30:00+00;"
                + " 2 failures (last: 000000010000000000000005 at 2026-12-07 09:20:00+00)");
    assertThat(BackupListCommand.describeArchiver("||0||"))
        .isEqualTo("WAL archive: nothing archived yet; 0 failures");
  }
}
