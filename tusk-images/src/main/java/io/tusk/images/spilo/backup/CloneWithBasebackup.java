package io.tusk.images.spilo.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Spilo's {@code /scripts/clone_with_basebackup.py}, Patroni's custom bootstrap for a clone of a
 * running cluster: {@code pg_basebackup -X stream} from the source's primary into {@code
 * --datadir}, with the source's replication credentials from a pgpass file.
 *
 * <p>Arguments: {@code --pgpass=F --host=H --port=P --user=U}, and what Patroni appends ({@code
 * --scope=S --datadir=D}).
 */
public final class CloneWithBasebackup {

  private CloneWithBasebackup() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(List.of(args), System.out));
  }

  static int run(List<String> args, PrintStream out) throws InterruptedException {
    Optional<String> datadir = CloneWithWale.option(args, "--datadir");
    Optional<String> host = CloneWithWale.option(args, "--host");
    if (datadir.isEmpty() || host.isEmpty()) {
      out.println("clone_with_basebackup: --datadir and --host are required");
      return 2;
    }
    String port = CloneWithWale.option(args, "--port").orElse("5432");
    String user = CloneWithWale.option(args, "--user").orElse("standby");
    List<String> cmd =
        List.of(
            "pg_basebackup",
            "--pgdata=" + datadir.get(),
            "-X",
            "stream",
            "--checkpoint=fast",
            "-w",
            "--dbname=host=" + host.get() + " port=" + port + " user=" + user + " dbname=postgres");
    out.println(
        "clone_with_basebackup: pg_basebackup from " + host.get() + ":" + port + " as " + user);
    out.flush();
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    CloneWithWale.option(args, "--pgpass").ifPresent(p -> pb.environment().put("PGPASSFILE", p));
    try {
      int code = pb.start().waitFor();
      out.println("clone_with_basebackup: pg_basebackup exited with " + code);
      return code;
    } catch (IOException e) {
      out.println("clone_with_basebackup: " + e.getMessage());
      return 1;
    }
  }

  /** A pgpass line, with {@code :} and {@code \} escaped as libpq wants. */
  static String pgpassLine(String host, String port, String user, String password) {
    return String.join(":", escape(host), escape(port), "*", escape(user), escape(password));
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace(":", "\\:");
  }

  /** The pgpass content Spilo writes for the clone source. */
  public static String pgpass(Map<String, String> env) {
    return pgpassLine(
            env.getOrDefault("CLONE_HOST", ""),
            env.getOrDefault("CLONE_PORT", "5432"),
            env.getOrDefault("CLONE_USER", ""),
            env.getOrDefault("CLONE_PASSWORD", ""))
        + "\n";
  }
}
