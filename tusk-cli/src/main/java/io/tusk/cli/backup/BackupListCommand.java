package io.tusk.cli.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.tusk.cli.cluster.ClusterTarget;
import io.tusk.operator.backup.BackupReport;
import io.tusk.operator.backup.PodExec;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tusk backup list CLUSTER}: the base backups ({@code wal-g backup-list --json --detail} in
 * the primary, with Spilo's envdir) and the WAL archive ({@code pg_stat_archiver}): the last
 * archived segment, the failures, and the first point a recovery can reach.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists a cluster's base backups and the state of its WAL archiving.")
public final class BackupListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClusterTarget target;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ClusterTarget.Session session = target.open()) {
      PrimaryExec primary = PrimaryExec.open(session);
      PodExec.Result backups = primary.run(BackupReport.BACKUP_LIST, Duration.ofMinutes(2));
      if (backups.code() != 0) {
        err.println(
            "error: wal-g backup-list in "
                + primary.pod()
                + " failed (exit "
                + backups.code()
                + "); is WAL archiving configured (wal_s3_bucket)?\n"
                + (backups.output() + backups.errors()).strip());
        return 1;
      }
      List<JsonNode> rows = BackupReport.baseBackups(backups.output());
      out.printf(
          "%-26s %-28s %-28s %-26s %s%n", "NAME", "STARTED", "FINISHED", "WAL START", "SIZE");
      for (JsonNode b : rows) {
        out.printf(
            "%-26s %-28s %-28s %-26s %s%n",
            b.path("backup_name").asText(),
            BackupReport.started(b),
            BackupReport.finished(b),
            b.path("wal_file_name").asText(),
            size(b.path("uncompressed_size").asLong()));
      }
      if (rows.isEmpty()) {
        out.println("(no base backups)");
      } else {
        out.println(
            "first recoverable point: "
                + BackupReport.finished(rows.get(0))
                + " (the oldest backup's end)");
      }
      PodExec.Result archiver =
          primary.run(
              List.of(
                  "psql",
                  "-U",
                  session.config().get(io.tusk.config.Options.SUPER_USERNAME),
                  "-d",
                  "postgres",
                  "-tAXc",
                  BackupReport.ARCHIVER_SQL),
              Duration.ofSeconds(30));
      java.util.Optional<BackupReport.Archiver> archive =
          archiver.ok() ? BackupReport.archiver(archiver.output()) : java.util.Optional.empty();
      if (archive.isPresent()) {
        out.println(archive.get().describe());
      } else {
        err.println(
            "warning: pg_stat_archiver could not be read: "
                + (archiver.output() + archiver.errors()).strip());
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static String size(long bytes) {
    if (bytes <= 0) {
      return "-";
    }
    if (bytes < 1024 * 1024) {
      return (bytes / 1024) + " kB";
    }
    return (bytes / (1024 * 1024)) + " MB";
  }
}
