package io.tusk.cli.backup;

import io.tusk.cli.cluster.ClusterTarget;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk backup create CLUSTER}: an on-demand base backup, taken as Spilo's cron takes it
 * ({@code envdir "/run/etc/wal-e.d/env" /scripts/postgres_backup.sh PGDATA} in the primary, with
 * its retention first). Its output is shown as it comes.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Takes a base backup now, in the primary, as Spilo's scheduled backups do.")
public final class BackupCreateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClusterTarget target;

  @Option(
      names = "--timeout",
      defaultValue = "PT2H",
      description = "How long the backup may take (default: 2 hours).")
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ClusterTarget.Session session = target.open()) {
      PrimaryExec primary = PrimaryExec.open(session);
      out.println("taking a base backup in " + primary.pod() + " ...");
      out.flush();
      io.tusk.operator.backup.PodExec.Result r =
          primary.run(
              java.util.List.of(
                  "bash",
                  "-c",
                  "envdir \"/run/etc/wal-e.d/env\" /scripts/postgres_backup.sh"
                      + " /home/postgres/pgdata/pgroot/data"),
              timeout,
              System.out);
      if (r.timedOut()) {
        err.println(
            "error: the backup still runs in "
                + primary.pod()
                + " after "
                + timeout
                + "; it goes on there (`tusk backup list` shows it once it is done)");
        return 1;
      }
      if (r.code() != 0) {
        err.println("error: the backup failed (exit " + r.code() + ")");
        return 1;
      }
      out.println(
          "done; `tusk backup list " + session.manifest().getMetadata().getName() + "` shows it");
      return 0;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
