package io.tusk.images.spilo.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code wal-g} command of the local Spilo image: the subcommands Spilo's scripts and Patroni's
 * configuration use, carried out by barman-cloud (WAL-G itself cannot be had here).
 *
 * <ul>
 *   <li>{@code wal-push PATH}: {@code barman-cloud-wal-archive};
 *   <li>{@code wal-fetch NAME DESTINATION}: {@code barman-cloud-wal-restore};
 *   <li>{@code backup-push [PGDATA]}: {@code barman-cloud-backup} over the container's socket;
 *   <li>{@code backup-list [--json] [--detail]}: {@code barman-cloud-backup-list}, printed in
 *       WAL-G's columns ({@code name modified wal_segment_backup_start});
 *   <li>{@code backup-fetch DESTINATION NAME|LATEST}: {@code barman-cloud-restore};
 *   <li>{@code delete before [FIND_FULL] NAME [--confirm]} and {@code delete retain
 *       [FULL|FIND_FULL] N [--confirm]}: {@code barman-cloud-backup-delete} for each older backup
 *       (without {@code --confirm} only what would go is printed, as WAL-G does).
 * </ul>
 *
 * <p>It reads what WAL-G reads from its environment (Spilo's envdir): {@code WALG_S3_PREFIX} (or
 * {@code WALE_S3_PREFIX}), {@code AWS_ENDPOINT}, {@code AWS_S3_FORCE_PATH_STYLE}, {@code
 * AWS_REGION}, the keys, {@code WALG_COMPRESSION_METHOD}; and {@value #BARMAN_BIN} from its
 * launcher. The prefix's last path element is barman's server name, the rest its destination, so
 * the objects lie under Spilo's prefix ({@code .../wal/15/wals/...}, {@code .../wal/15/base/...}),
 * in barman's format rather than WAL-G's.
 */
public final class WalG {

  /** Where barman-cloud's commands are (set by the launcher script). */
  public static final String BARMAN_BIN = "TUSK_BARMAN_BIN";

  static final int USAGE = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  WalG(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new WalG(System.getenv(), System.out, System.err).run(List.of(args)));
  }

  /** Thrown for a command line or environment WAL-G would refuse. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** Where backups and WAL go, in barman's terms. */
  record Target(String destination, String server, List<String> options) {

    static Target of(Map<String, String> env) throws UsageException {
      String prefix = nonEmpty(env.get("WALG_S3_PREFIX"));
      if (prefix == null) {
        prefix = nonEmpty(env.get("WALE_S3_PREFIX"));
      }
      if (prefix == null) {
        throw new UsageException(
            "WALG_S3_PREFIX is not set (the local wal-g stores to S3-compatible storage only)");
      }
      prefix = prefix.replaceAll("/+$", "");
      if (!prefix.startsWith("s3://")) {
        throw new UsageException("WALG_S3_PREFIX " + prefix + " is not an s3:// URL");
      }
      int slash = prefix.lastIndexOf('/');
      if (slash <= "s3://".length() || prefix.indexOf('/', "s3://".length()) == -1) {
        throw new UsageException(
            "WALG_S3_PREFIX " + prefix + " names only a bucket; it needs a path below it");
      }
      List<String> options = new ArrayList<>(List.of("--cloud-provider", "aws-s3"));
      String endpoint = nonEmpty(env.get("AWS_ENDPOINT"));
      if (endpoint != null) {
        options.add("--endpoint-url");
        options.add(endpoint);
      }
      if ("true".equalsIgnoreCase(env.get("AWS_S3_FORCE_PATH_STYLE"))) {
        options.add("--addressing-style");
        options.add("path");
      }
      return new Target(prefix.substring(0, slash), prefix.substring(slash + 1), options);
    }
  }

  /** One base backup as barman lists it. */
  record Backup(
      String name,
      Instant start,
      Instant finish,
      String walFileName,
      String startLsn,
      String finishLsn,
      long size,
      long systemIdentifier,
      int pgVersion,
      String dataDir) {}

  int run(List<String> args) {
    if (args.isEmpty()) {
      err.println(
          "usage: wal-g wal-push|wal-fetch|backup-push|backup-list|backup-fetch|delete ...");
      return USAGE;
    }
    try {
      Target target = Target.of(env);
      List<String> rest = args.subList(1, args.size());
      return switch (args.get(0)) {
        case "wal-push" -> walPush(target, rest);
        case "wal-fetch" -> walFetch(target, rest);
        case "backup-push" -> backupPush(target);
        case "backup-list" -> backupList(target, rest);
        case "backup-fetch" -> backupFetch(target, rest);
        case "delete" -> delete(target, rest);
        default ->
            throw new UsageException(
                "unknown command "
                    + args.get(0)
                    + " (the local wal-g knows wal-push, wal-fetch, backup-push, backup-list,"
                    + " backup-fetch and delete)");
      };
    } catch (UsageException e) {
      err.println("wal-g: " + e.getMessage());
      return USAGE;
    } catch (IOException e) {
      err.println("wal-g: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int walPush(Target t, List<String> args)
      throws UsageException, IOException, InterruptedException {
    if (args.size() != 1) {
      throw new UsageException("usage: wal-push WAL_PATH");
    }
    List<String> cmd = command("barman-cloud-wal-archive", t);
    compression().ifPresent(cmd::add);
    cmd.add(t.destination());
    cmd.add(t.server());
    cmd.add(args.get(0));
    return runInherited(cmd);
  }

  private int walFetch(Target t, List<String> args)
      throws UsageException, IOException, InterruptedException {
    if (args.size() != 2) {
      throw new UsageException("usage: wal-fetch WAL_NAME DESTINATION");
    }
    List<String> cmd = command("barman-cloud-wal-restore", t);
    cmd.add(t.destination());
    cmd.add(t.server());
    cmd.add(args.get(0));
    cmd.add(args.get(1));
    return runInherited(cmd);
  }

  private int backupPush(Target t) throws UsageException, IOException, InterruptedException {
    List<String> cmd = command("barman-cloud-backup", t);
    compression().ifPresent(cmd::add);
    // WAL-G starts its backups with a fast checkpoint.
    cmd.add("--immediate-checkpoint");
    for (String[] conn :
        List.of(
            new String[] {"-h", "PGHOST"},
            new String[] {"-p", "PGPORT"},
            new String[] {"-U", "PGUSER"})) {
      String v = nonEmpty(env.get(conn[1]));
      if (v != null) {
        cmd.add(conn[0]);
        cmd.add(v);
      }
    }
    cmd.add(t.destination());
    cmd.add(t.server());
    return runInherited(cmd);
  }

  private int backupList(Target t, List<String> args)
      throws UsageException, IOException, InterruptedException {
    boolean json = args.contains("--json");
    List<Backup> backups = list(t);
    if (json) {
      ArrayNode array = JSON.createArrayNode();
      for (Backup b : backups) {
        ObjectNode o = array.addObject();
        o.put("backup_name", b.name());
        o.put("time", b.finish().toString());
        o.put("wal_file_name", b.walFileName());
        o.put("start_time", b.start().toString());
        o.put("finish_time", b.finish().toString());
        o.put("start_lsn", b.startLsn());
        o.put("finish_lsn", b.finishLsn());
        o.put("uncompressed_size", b.size());
        o.put("system_identifier", b.systemIdentifier());
        o.put("pg_version", b.pgVersion());
        o.put("data_dir", b.dataDir());
      }
      out.println(JSON.writeValueAsString(array));
    } else {
      out.printf(Locale.ROOT, "%-24s %-30s %s%n", "name", "modified", "wal_segment_backup_start");
      for (Backup b : backups) {
        out.printf(
            Locale.ROOT, "%-24s %-30s %s%n", b.name(), b.finish().toString(), b.walFileName());
      }
    }
    out.flush();
    return 0;
  }

  private int backupFetch(Target t, List<String> args)
      throws UsageException, IOException, InterruptedException {
    if (args.size() != 2) {
      throw new UsageException("usage: backup-fetch DESTINATION BACKUP_NAME|LATEST");
    }
    String name = args.get(1);
    List<Backup> backups = list(t);
    Backup chosen =
        name.equals("LATEST")
            ? backups.stream()
                .max(Comparator.comparing(Backup::start))
                .orElseThrow(() -> new IOException("no backups found under " + describe(t)))
            : backups.stream()
                .filter(b -> b.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IOException("backup " + name + " not found"));
    List<String> cmd = command("barman-cloud-restore", t);
    cmd.add(t.destination());
    cmd.add(t.server());
    cmd.add(chosen.name());
    cmd.add(args.get(0));
    return runInherited(cmd);
  }

  private int delete(Target t, List<String> args)
      throws UsageException, IOException, InterruptedException {
    boolean confirm = args.contains("--confirm");
    List<String> words = args.stream().filter(a -> !a.startsWith("--")).toList();
    List<Backup> backups = new ArrayList<>(list(t));
    backups.sort(Comparator.comparing(Backup::start));
    List<Backup> doomed;
    if (words.size() >= 2 && words.get(0).equals("before")) {
      String name = words.get(words.size() - 1);
      Backup bound =
          backups.stream()
              .filter(b -> b.name().equals(name))
              .findFirst()
              .orElseThrow(() -> new IOException("backup " + name + " not found"));
      doomed = backups.stream().filter(b -> b.start().isBefore(bound.start())).toList();
    } else if (words.size() >= 2 && words.get(0).equals("retain")) {
      int keep;
      try {
        keep = Integer.parseInt(words.get(words.size() - 1));
      } catch (NumberFormatException e) {
        throw new UsageException("usage: delete retain [FULL|FIND_FULL] COUNT [--confirm]");
      }
      doomed = backups.subList(0, Math.max(0, backups.size() - Math.max(keep, 0)));
    } else {
      throw new UsageException(
          "usage: delete before [FIND_FULL] BACKUP_NAME [--confirm] | delete retain"
              + " [FULL|FIND_FULL] COUNT [--confirm]");
    }
    for (Backup b : doomed) {
      if (!confirm) {
        out.println("would delete backup " + b.name() + " (dry run: add --confirm)");
        continue;
      }
      out.println("deleting backup " + b.name());
      out.flush();
      List<String> cmd = command("barman-cloud-backup-delete", t);
      cmd.add("-b");
      cmd.add(b.name());
      cmd.add(t.destination());
      cmd.add(t.server());
      int code = runInherited(cmd);
      if (code != 0) {
        return code;
      }
    }
    out.flush();
    return 0;
  }

  /**
   * The finished backups, oldest first. barman-cloud-backup-list fails now and then when it reads a
   * backup that is being written or deleted at that moment (exit 4, a general error); it is asked
   * again, three times in all, two seconds apart.
   */
  List<Backup> list(Target t) throws UsageException, IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 1; attempt <= LIST_ATTEMPTS; attempt++) {
      try {
        return listOnce(t);
      } catch (IOException e) {
        last = e;
        if (attempt < LIST_ATTEMPTS) {
          Thread.sleep(LIST_RETRY_MILLIS);
        }
      }
    }
    throw last;
  }

  static final int LIST_ATTEMPTS = 3;
  static long LIST_RETRY_MILLIS = 2000;

  private List<Backup> listOnce(Target t) throws UsageException, IOException, InterruptedException {
    List<String> cmd = command("barman-cloud-backup-list", t);
    cmd.add("--format");
    cmd.add("json");
    cmd.add(t.destination());
    cmd.add(t.server());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(childEnvironment());
    java.io.File errors = java.io.File.createTempFile("backup-list", ".err");
    pb.redirectError(errors);
    try {
      Process p = pb.start();
      byte[] output;
      try (InputStream in = p.getInputStream()) {
        output = in.readAllBytes();
      }
      int code = p.waitFor();
      String said = java.nio.file.Files.readString(errors.toPath(), StandardCharsets.UTF_8);
      err.print(said);
      if (code != 0) {
        String last =
            said.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .reduce((a, b) -> b)
                .orElse("");
        throw new IOException(
            "barman-cloud-backup-list failed (exit "
                + code
                + ") for "
                + describe(t)
                + (last.isEmpty() ? "" : ": " + last));
      }
      return parseList(new String(output, StandardCharsets.UTF_8));
    } finally {
      java.nio.file.Files.deleteIfExists(errors.toPath());
    }
  }

  static List<Backup> parseList(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    List<Backup> out = new ArrayList<>();
    for (JsonNode b : root.path("backups_list")) {
      if (!"DONE".equals(b.path("status").asText())) {
        continue;
      }
      out.add(
          new Backup(
              b.path("backup_id").asText(),
              OffsetDateTime.parse(b.path("begin_time_iso").asText()).toInstant(),
              OffsetDateTime.parse(b.path("end_time_iso").asText()).toInstant(),
              b.path("begin_wal").asText(),
              b.path("begin_xlog").asText(),
              b.path("end_xlog").asText(),
              b.path("cluster_size").asLong(),
              Long.parseLong(b.path("systemid").asText("0")),
              b.path("version").asInt() / 10000,
              b.path("pgdata").asText()));
    }
    out.sort(Comparator.comparing(Backup::start));
    return out;
  }

  private Optional<String> compression() {
    String method = nonEmpty(env.get("WALG_COMPRESSION_METHOD"));
    // barman-cloud here has gzip and bzip2 built in (lz4, zstd and brotli need libraries the
    // local installation does not carry): any method asked for becomes gzip.
    return method == null ? Optional.empty() : Optional.of("--gzip");
  }

  private List<String> command(String program, Target t) throws UsageException {
    String bin = nonEmpty(env.get(BARMAN_BIN));
    if (bin == null) {
      throw new UsageException(BARMAN_BIN + " is not set: barman-cloud is not installed here");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(bin).resolve(program).toString());
    cmd.addAll(t.options());
    return cmd;
  }

  private Map<String, String> childEnvironment() {
    Map<String, String> e = new LinkedHashMap<>();
    String region = nonEmpty(env.get("AWS_REGION"));
    if (region != null) {
      e.put("AWS_DEFAULT_REGION", region);
    }
    return e;
  }

  private int runInherited(List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().putAll(childEnvironment());
    out.flush();
    return pb.start().waitFor();
  }

  private static String describe(Target t) {
    return t.destination() + "/" + t.server();
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
