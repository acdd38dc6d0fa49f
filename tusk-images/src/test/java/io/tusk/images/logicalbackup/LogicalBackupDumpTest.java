package io.tusk.images.logicalbackup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tusk.images.FakeInstallations;
import io.tusk.images.ImageCatalog;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of {@code dump.sh} that need no server: retention, client choice, the image. */
class LogicalBackupDumpTest {

  private static final ZonedDateTime NOW =
      ZonedDateTime.of(2026, 12, 7, 9, 30, 0, 0, ZoneOffset.UTC);

  @Test
  void retentionTimesAreGnuDateRelativeTimesWithDayPrecision() {
    assertThat(LogicalBackupDump.cutoffDay("1 week", NOW)).contains(LocalDate.of(2026, 11, 30));
    assertThat(LogicalBackupDump.cutoffDay("3 days", NOW)).contains(LocalDate.of(2026, 12, 4));
    assertThat(LogicalBackupDump.cutoffDay("2 months", NOW)).contains(LocalDate.of(2026, 10, 7));
    assertThat(LogicalBackupDump.cutoffDay("12 hours", NOW)).contains(LocalDate.of(2026, 12, 6));
    assertThat(LogicalBackupDump.cutoffDay("soon", NOW)).isEmpty();
  }

  @Test
  void outdatedKeysAreThoseModifiedBeforeTheCutoffDayOldestFirst() throws Exception {
    var listing =
        new ObjectMapper()
            .readTree(
                """
                {"Contents": [
                  {"Key": "spilo/c/u/logical_backups/1700000300.sql.gz", "LastModified": "2026-11-28T10:00:00Z"},
                  {"Key": "spilo/c/u/logical_backups/1700000100.sql.gz", "LastModified": "2026-11-20T10:00:00Z"},
                  {"Key": "spilo/c/u/logical_backups/1700000500.sql.gz", "LastModified": "2026-11-30T10:00:00Z"},
                  {"Key": "spilo/c/u/logical_backups/1700000900.sql.gz", "LastModified": "2026-12-07T09:00:00Z"}
                ]}
                """);
    // Modified on the cut-off day itself does not count (dump.sh compares dates as strings).
    assertThat(LogicalBackupDump.outdated(listing, LocalDate.of(2026, 11, 30)))
        .containsExactly(
            "spilo/c/u/logical_backups/1700000100.sql.gz",
            "spilo/c/u/logical_backups/1700000300.sql.gz");
  }

  @Test
  void theClientOfPgVersionOrTheNewest() {
    LogicalBackupDump dump =
        new LogicalBackupDump(
            Map.of(
                "PG_VERSION",
                "17",
                LogicalBackupDump.PG_BINS,
                "15=/pg/15/bin,17=/pg/17/bin,18=/pg/18/bin"),
            System.out);
    assertThat(dump.postgresBin()).isEqualTo(Path.of("/pg/17/bin"));
    LogicalBackupDump unknown =
        new LogicalBackupDump(
            Map.of("PG_VERSION", "16", LogicalBackupDump.PG_BINS, "15=/pg/15/bin,18=/pg/18/bin"),
            System.out);
    assertThat(unknown.postgresBin()).isEqualTo(Path.of("/pg/18/bin"));
  }

  @Test
  void zalandosLogicalBackupImageIsKnownToTheLocalNode() {
    ImageCatalog catalog = ImageCatalog.standard(FakeInstallations.standard());
    assertThat(catalog.resolve("ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1"))
        .get()
        .isInstanceOf(LogicalBackupImage.class);
    assertThat(catalog.resolve("registry.opensource.zalan.do/acid/logical-backup:v1.13.0"))
        .get()
        .isInstanceOf(LogicalBackupImage.class);
    assertThat(catalog.resolve("example.org/other/logical-backup:1")).isEmpty();
  }
}
