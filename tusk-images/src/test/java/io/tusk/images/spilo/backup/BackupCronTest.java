package io.tusk.images.spilo.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class BackupCronTest {

  @Test
  void spilosDefaultScheduleRunsAtOneInTheNightUtc() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var schedule = BackupCron.schedule(BackupCron.DEFAULT_SCHEDULE, new PrintStream(out));
    ZonedDateTime noon = ZonedDateTime.of(2026, 12, 7, 12, 0, 0, 0, ZoneOffset.UTC);
    assertThat(schedule.orElseThrow().nextExecution(noon))
        .contains(ZonedDateTime.of(2026, 12, 8, 1, 0, 0, 0, ZoneOffset.UTC));
    assertThat(
            BackupCron.schedule("*/15 * * * *", new PrintStream(out))
                .orElseThrow()
                .nextExecution(noon))
        .contains(noon.plusMinutes(15));
  }

  @Test
  void anInvalidScheduleIsReportedAndMeansNoScheduledBackups() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(BackupCron.schedule("every night", new PrintStream(out, true))).isEmpty();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("BACKUP_SCHEDULE 'every night' is not a cron expression");
  }
}
