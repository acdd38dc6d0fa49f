package io.tusk.images.spilo.backup;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * What Spilo's container runs besides Patroni when WAL archiving is configured: the initial base
 * backup once this member is the primary ({@code launch.sh}'s {@code patroni_wait.sh -t 3600 --
 * postgres_backup.sh}), and the cron line {@code BACKUP_SCHEDULE} (default {@code 0 1 * * *}, UTC)
 * running {@link PostgresBackup}. It lives as long as the process that started it (Patroni): when
 * Patroni is restarted, so is this.
 *
 * <p>Arguments: {@code SCHEDULE PGDATA PATRONI_URL}.
 */
public final class BackupCron {

  static final String DEFAULT_SCHEDULE = "0 1 * * *";

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private BackupCron() {}

  /** The schedule's executions, or empty with the reason printed for one that does not parse. */
  static Optional<ExecutionTime> schedule(String expression, PrintStream out) {
    try {
      CronParser parser =
          new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
      return Optional.of(ExecutionTime.forCron(parser.parse(expression.strip())));
    } catch (IllegalArgumentException e) {
      log(
          out,
          "ERROR: BACKUP_SCHEDULE '"
              + expression
              + "' is not a cron expression ("
              + e.getMessage()
              + "); no scheduled backups");
      return Optional.empty();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = System.out;
    if (args.length != 3) {
      out.println("usage: BackupCron SCHEDULE PGDATA PATRONI_URL");
      System.exit(2);
    }
    String pgdata = args[1];
    exitWithParent();
    Optional<ExecutionTime> schedule = schedule(args[0], out);
    // The initial backup, as launch.sh takes it: once this member is the primary (an hour at most).
    if (awaitPrimary(args[2], Duration.ofHours(1))) {
      runBackup(pgdata);
    }
    if (schedule.isEmpty()) {
      Thread.sleep(Long.MAX_VALUE);
    }
    while (true) {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      Optional<ZonedDateTime> next = schedule.get().nextExecution(now);
      if (next.isEmpty()) {
        Thread.sleep(Long.MAX_VALUE);
      }
      log(
          out,
          "next base backup at " + next.get().toInstant() + " (BACKUP_SCHEDULE " + args[0] + ")");
      Thread.sleep(Math.max(0, Duration.between(now, next.get()).toMillis()));
      runBackup(pgdata);
    }
  }

  private static void runBackup(String pgdata) {
    try {
      new PostgresBackup(System.getenv(), System.out).run(List.of(pgdata));
    } catch (RuntimeException e) {
      log(System.out, "ERROR: " + e);
    }
  }

  /** What {@code patroni_wait.sh --role primary} does: polls Patroni's {@code /primary}. */
  private static boolean awaitPrimary(String patroniUrl, Duration timeout)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(patroniUrl + "/primary"))
                    .timeout(Duration.ofSeconds(3))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return true;
        }
      } catch (java.io.IOException e) {
        // Patroni not answering yet
      }
      Thread.sleep(2000);
    }
    return false;
  }

  /**
   * Ends this process when the one that started it (Patroni) is gone: Spilo's cron runs under runit
   * beside Patroni and goes with the container.
   */
  private static void exitWithParent() {
    Optional<ProcessHandle> parent = ProcessHandle.current().parent();
    Thread t =
        new Thread(
            () -> {
              while (true) {
                if (parent.isEmpty() || !parent.get().isAlive()) {
                  // A backup in flight (nice, wal-g, barman-cloud) goes with it.
                  ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                  Runtime.getRuntime().halt(0);
                }
                try {
                  Thread.sleep(2000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "parent-watch");
    t.setDaemon(true);
    t.start();
  }

  static void log(PrintStream out, String message) {
    out.println(LOG_TIME.format(Instant.now()) + " - backup cron - " + message);
    out.flush();
  }
}
