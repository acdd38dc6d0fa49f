package io.tusk.images.spilo.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Spilo's {@code /scripts/postgres_backup.sh PGDATA}: on the primary (on a replica instead when
 * {@code WALG_BACKUP_FROM_REPLICA=true}), applies {@link Retention} and pushes a new base backup
 * with {@code nice -n 5 wal-g backup-push}. Runs with the envdir's variables in its environment.
 */
public final class PostgresBackup {

  static final String NAME = "/scripts/postgres_backup.sh";

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final Map<String, String> env;
  private final PrintStream out;

  PostgresBackup(Map<String, String> env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new PostgresBackup(System.getenv(), System.out).run(List.of(args)));
  }

  int run(List<String> args) {
    if (args.isEmpty()) {
      out.println("Usage: " + NAME + " PGDATA");
      return 1;
    }
    String pgdata = args.get(0);
    log("I was called as: " + NAME + " " + String.join(" ", args));
    try {
      String inRecovery = psql("select pg_catalog.pg_is_in_recovery()");
      boolean fromReplica = "true".equals(env.get("WALG_BACKUP_FROM_REPLICA"));
      if (inRecovery.equals("f")) {
        if (fromReplica) {
          log("Cluster is not in recovery, not running backup");
          return 0;
        }
      } else if (inRecovery.equals("t")) {
        if (!fromReplica) {
          log("Cluster is in recovery, not running backup");
          return 0;
        }
      } else {
        log("ERROR: Recovery state unknown: " + inRecovery);
        return 1;
      }
      WalG walg = new WalG(env, out, System.err);
      WalG.Target target = WalG.Target.of(env);
      int retain = parseInt(env.get("BACKUP_NUM_TO_RETAIN"), 5);
      Optional<String> before = Retention.deleteBefore(walg.list(target), retain, Instant.now());
      if (before.isPresent()) {
        int code = walg.run(List.of("delete", "before", "FIND_FULL", before.get(), "--confirm"));
        if (code != 0) {
          log("ERROR: deleting backups before " + before.get() + " failed (exit " + code + ")");
        }
      }
      log("producing a new backup");
      out.flush();
      List<String> push =
          new ArrayList<>(List.of("nice", "-n", "5", "wal-g", "backup-push", pgdata));
      int code = new ProcessBuilder(push).inheritIO().start().waitFor();
      log(code == 0 ? "backup finished" : "ERROR: wal-g backup-push failed (exit " + code + ")");
      return code;
    } catch (WalG.UsageException | IOException e) {
      log("ERROR: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private String psql(String sql) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("psql", "-tXqAc", sql, "-d", "postgres")
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    p.waitFor();
    return output;
  }

  private void log(String message) {
    out.println(LOG_TIME.format(Instant.now()) + " - " + NAME + " - " + message);
    out.flush();
  }

  private static int parseInt(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
