package io.tusk.cli.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tusk.cli.cluster.ClusterTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
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

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String ARCHIVER_SQL =
      "select coalesce(last_archived_wal, '') || '|' || coalesce(last_archived_time::text, '')"
          + " || '|' || failed_count || '|' || coalesce(last_failed_wal, '') || '|'"
          + " || coalesce(last_failed_time::text, '') from pg_stat_archiver";

  @Spec CommandSpec spec;
  @Mixin ClusterTarget target;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ClusterTarget.Session session = target.open()) {
      PrimaryExec primary = PrimaryExec.open(session);
      List<String> list = new ArrayList<>(PrimaryExec.ENVDIR);
      list.addAll(List.of("wal-g", "backup-list", "--json", "--detail"));
      PrimaryExec.Result backups = primary.run(list, Duration.ofMinutes(2));
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
      List<JsonNode> rows = parse(backups.output());
      out.printf(
          "%-26s %-28s %-28s %-26s %s%n", "NAME", "STARTED", "FINISHED", "WAL START", "SIZE");
      for (JsonNode b : rows) {
        out.printf(
            "%-26s %-28s %-28s %-26s %s%n",
            b.path("backup_name").asText(),
            b.path("start_time").asText(),
            b.path("finish_time").asText(b.path("time").asText()),
            b.path("wal_file_name").asText(),
            size(b.path("uncompressed_size").asLong()));
      }
      if (rows.isEmpty()) {
        out.println("(no base backups)");
      } else {
        out.println(
            "first recoverable point: "
                + rows.get(0).path("finish_time").asText(rows.get(0).path("time").asText())
                + " (the oldest backup's end)");
      }
      PrimaryExec.Result archiver =
          primary.run(
              List.of(
                  "psql",
                  "-U",
                  session.config().get(io.tusk.config.Options.SUPER_USERNAME),
                  "-d",
                  "postgres",
                  "-tAXc",
                  ARCHIVER_SQL),
              Duration.ofSeconds(30));
      if (archiver.code() == 0) {
        out.println(describeArchiver(archiver.output().strip()));
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

  /** WAL-G's JSON array, oldest first; lines before the array (logs) are skipped. */
  static List<JsonNode> parse(String output) throws IOException {
    int start = output.indexOf('[');
    if (start < 0) {
      return List.of();
    }
    JsonNode array = JSON.readTree(output.substring(start));
    List<JsonNode> rows = new ArrayList<>();
    array.forEach(rows::add);
    rows.sort(
        java.util.Comparator.comparing(n -> n.path("start_time").asText(n.path("time").asText())));
    return rows;
  }

  /** One line from {@link #ARCHIVER_SQL}'s answer. */
  static String describeArchiver(String line) {
    String[] f = line.split("\\|", -1);
    if (f.length < 5) {
      return "WAL archive: " + line;
    }
    StringBuilder s = new StringBuilder("WAL archive: ");
    s.append(f[0].isEmpty() ? "nothing archived yet" : "last archived " + f[0] + " at " + f[1]);
    s.append("; ").append(f[2]).append(" failure").append("1".equals(f[2]) ? "" : "s");
    if (!f[3].isEmpty()) {
      s.append(" (last: ").append(f[3]).append(" at ").append(f[4]).append(')');
    }
    return s.toString();
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
