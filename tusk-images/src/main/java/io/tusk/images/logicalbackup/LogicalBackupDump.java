package io.tusk.images.logicalbackup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * What Zalando's logical backup image runs ({@code logical-backup/dump.sh}, v2.0.1), for S3:
 *
 * <ol>
 *   <li>the pod to dump, through the Kubernetes API with the job's service account: a replica on
 *       this job's node, else any replica, else the master;
 *   <li>{@code pg_isready} until it answers ({@code LOGICAL_BACKUP_CONNECT_RETRIES}, default 10,
 *       {@code LOGICAL_BACKUP_CONNECT_RETRY_DELAY} seconds apart, default 2);
 *   <li>{@code pg_dumpall} of {@code PG_VERSION}, gzip, and {@code aws s3 cp -} to {@code
 *       s3://<bucket>/<prefix>/<cluster><suffix>/logical_backups/<epoch>.sql.gz}, with the expected
 *       size (a fifth of the databases' size), the endpoint, region and server-side encryption when
 *       set;
 *   <li>with {@code LOGICAL_BACKUP_S3_RETENTION_TIME} (e.g. {@code 1 week}): the backups last
 *       modified before the cut-off day are deleted, except the newest of them, and never the one
 *       just made.
 * </ol>
 *
 * <p>The exit code counts the failed stages of dump, compression and upload, as the script's
 * pipeline does. Set by the local image besides the job's environment: {@value #AWS}, {@value
 * #PG_BINS}, {@value #API_SERVER}, {@value #TOKEN_FILE}, {@value #CA_FILE}.
 */
public final class LogicalBackupDump {

  static final String AWS = "TUSK_AWS";
  static final String PG_BINS = "TUSK_PG_BINS";
  static final String API_SERVER = "TUSK_KUBERNETES_SERVER";
  static final String TOKEN_FILE = "TUSK_KUBERNETES_TOKEN_FILE";
  static final String CA_FILE = "TUSK_KUBERNETES_CA_FILE";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RETENTION =
      Pattern.compile("^\\s*(\\d+)\\s*(minute|hour|day|week|month|year)s?\\s*$");

  private final Map<String, String> env;
  private final PrintStream out;

  LogicalBackupDump(Map<String, String> env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new LogicalBackupDump(System.getenv(), System.out).run());
  }

  int run() {
    try {
      String provider = get("LOGICAL_BACKUP_PROVIDER", "s3");
      if (!provider.equals("s3")) {
        log("LOGICAL_BACKUP_PROVIDER " + provider + " is not supported here (only s3)");
        return 1;
      }
      String host = choosePod();
      Path bin = postgresBin();
      waitForPostgres(bin, host);
      long expected = expectedSize(bin, host);
      String key =
          join(
                  get("LOGICAL_BACKUP_S3_BUCKET_PREFIX", ""),
                  get("SCOPE", "") + get("LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX", ""),
                  "logical_backups")
              + "/"
              + Instant.now().getEpochSecond()
              + ".sql.gz";
      String url = "s3://" + get("LOGICAL_BACKUP_S3_BUCKET", "") + "/" + key;
      log("dumping " + host + " to " + url);
      int failed = dumpAndUpload(bin, host, url, expected);
      if (failed != 0) {
        log("ERROR: " + failed + " stage(s) of dump | gzip | upload failed");
        return failed;
      }
      log("uploaded " + url);
      prune(key);
      return 0;
    } catch (IOException | IllegalStateException e) {
      log("ERROR: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** A replica on this node, else any replica, else the master: its pod IP. */
  String choosePod() throws IOException, InterruptedException {
    String ns = get("POD_NAMESPACE", "default");
    String label = get("CLUSTER_NAME_LABEL", "cluster-name");
    String scope = get("SCOPE", "");
    JsonNode self = pods(ns, null, "metadata.name=" + get("HOSTNAME", ""));
    String node = self.path("items").path(0).path("spec").path("nodeName").asText("");
    List<String[]> tries = new ArrayList<>();
    tries.add(new String[] {label + "=" + scope + ",spilo-role=replica", "spec.nodeName=" + node});
    tries.add(new String[] {label + "=" + scope + ",spilo-role=replica", null});
    tries.add(new String[] {label + "=" + scope + ",spilo-role=master", null});
    for (String[] t : tries) {
      if (t[1] != null && node.isEmpty()) {
        continue;
      }
      for (JsonNode pod : pods(ns, t[0], t[1]).path("items")) {
        String ip = pod.path("status").path("podIP").asText("");
        if (!ip.isEmpty()) {
          log("dumping pod " + pod.path("metadata").path("name").asText() + " (" + t[0] + ")");
          return ip;
        }
      }
    }
    throw new IllegalStateException("no pod of cluster " + scope + " found to dump");
  }

  private JsonNode pods(String ns, String labelSelector, String fieldSelector)
      throws IOException, InterruptedException {
    StringBuilder uri =
        new StringBuilder(get(API_SERVER, ""))
            .append("/api/v1/namespaces/")
            .append(ns)
            .append("/pods?");
    if (labelSelector != null) {
      uri.append("labelSelector=")
          .append(URLEncoder.encode(labelSelector, StandardCharsets.UTF_8))
          .append('&');
    }
    if (fieldSelector != null) {
      uri.append("fieldSelector=").append(URLEncoder.encode(fieldSelector, StandardCharsets.UTF_8));
    }
    HttpClient http;
    try {
      http =
          HttpClient.newBuilder()
              .sslContext(io.tusk.images.TrustedCa.context(Path.of(get(CA_FILE, ""))))
              .build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the cluster CA: " + e.getMessage(), e);
    }
    String token = Files.readString(Path.of(get(TOKEN_FILE, ""))).strip();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("listing pods failed: HTTP " + r.statusCode());
    }
    return JSON.readTree(r.body());
  }

  /** {@code PG_VERSION}'s client, or the newest one here when that major is not installed. */
  Path postgresBin() {
    String wanted = get("PG_VERSION", "");
    Path newest = null;
    int newestMajor = -1;
    for (String entry : get(PG_BINS, "").split(",")) {
      int eq = entry.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String major = entry.substring(0, eq).strip();
      Path dir = Path.of(entry.substring(eq + 1).strip());
      if (major.equals(wanted)) {
        return dir;
      }
      if (Integer.parseInt(major) > newestMajor) {
        newestMajor = Integer.parseInt(major);
        newest = dir;
      }
    }
    if (newest == null) {
      throw new IllegalStateException("no PostgreSQL client is installed here");
    }
    return newest;
  }

  private void waitForPostgres(Path bin, String host) throws IOException, InterruptedException {
    int retries = Integer.parseInt(get("LOGICAL_BACKUP_CONNECT_RETRIES", "10"));
    int delay = Integer.parseInt(get("LOGICAL_BACKUP_CONNECT_RETRY_DELAY", "2"));
    for (int i = 1; i <= retries; i++) {
      Process p =
          new ProcessBuilder(
                  bin.resolve("pg_isready").toString(),
                  "-h",
                  host,
                  "-p",
                  get("PGPORT", "5432"),
                  "-q")
              .inheritIO()
              .start();
      if (p.waitFor() == 0) {
        return;
      }
      log("waiting for PostgreSQL at " + host + " (" + i + "/" + retries + ")");
      Thread.sleep(delay * 1000L);
    }
    throw new IllegalStateException("PostgreSQL at " + host + " did not answer");
  }

  private long expectedSize(Path bin, String host) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                bin.resolve("psql").toString(),
                "-h",
                host,
                "-tqAc",
                "select sum(pg_database_size(datname)::numeric) from pg_database;")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String text;
    try (InputStream in = p.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    if (p.waitFor() != 0 || text.isEmpty()) {
      return 0;
    }
    return new java.math.BigDecimal(text).longValue() / 5;
  }

  /** {@code pg_dumpall | gzip | aws s3 cp -}; returns how many of the three failed. */
  private int dumpAndUpload(Path bin, String host, String url, long expected)
      throws IOException, InterruptedException {
    Process dump =
        new ProcessBuilder(bin.resolve("pg_dumpall").toString(), "-h", host)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<String> cp = aws("s3", "cp", "-", url);
    if (expected > 0) {
      cp.add("--expected-size=" + expected);
    }
    Process upload =
        new ProcessBuilder(cp)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    CompletableFuture<Boolean> gzip =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = dump.getInputStream();
                  OutputStream os = upload.getOutputStream();
                  GZIPOutputStream gz = new GZIPOutputStream(os, 1 << 16)) {
                in.transferTo(gz);
                return true;
              } catch (IOException e) {
                log("ERROR: compressing: " + e.getMessage());
                return false;
              }
            });
    int failed = 0;
    if (dump.waitFor() != 0) {
      failed++;
    }
    if (!gzip.join()) {
      failed++;
    }
    if (upload.waitFor() != 0) {
      failed++;
    }
    return failed;
  }

  /** The retention cleanup of {@code dump.sh}: day precision, the newest outdated one spared. */
  void prune(String justUploaded) throws IOException, InterruptedException {
    String retention = get("LOGICAL_BACKUP_S3_RETENTION_TIME", "");
    if (retention.isBlank()) {
      return;
    }
    Optional<LocalDate> cutoff = cutoffDay(retention, ZonedDateTime.now(ZoneOffset.UTC));
    if (cutoff.isEmpty()) {
      log(
          "ERROR: LOGICAL_BACKUP_S3_RETENTION_TIME '"
              + retention
              + "' is not understood; nothing deleted");
      return;
    }
    String prefix =
        join(
                get("LOGICAL_BACKUP_S3_BUCKET_PREFIX", ""),
                get("SCOPE", "") + get("LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX", ""),
                "logical_backups")
            + "/";
    List<String> list =
        aws(
            "s3api",
            "list-objects",
            "--no-paginate",
            "--output=json",
            "--prefix=" + prefix,
            "--bucket=" + get("LOGICAL_BACKUP_S3_BUCKET", ""));
    Process p = new ProcessBuilder(list).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String text;
    try (InputStream in = p.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (p.waitFor() != 0) {
      log("ERROR: listing " + prefix + " failed; nothing deleted");
      return;
    }
    List<String> outdated =
        outdated(text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text), cutoff.get());
    outdated.remove(justUploaded);
    if (outdated.isEmpty()) {
      return;
    }
    // The newest outdated backup is kept, as dump.sh drops the last key of its sorted list.
    outdated.remove(outdated.size() - 1);
    for (String key : outdated) {
      List<String> rm =
          aws(
              "s3api",
              "delete-object",
              "--bucket=" + get("LOGICAL_BACKUP_S3_BUCKET", ""),
              "--key=" + key);
      if (new ProcessBuilder(rm).inheritIO().start().waitFor() == 0) {
        log("deleted " + key + " (older than " + retention + ")");
      }
    }
  }

  /** Keys last modified before the cut-off day, oldest first. */
  static List<String> outdated(JsonNode listing, LocalDate cutoff) {
    List<String[]> found = new ArrayList<>();
    for (JsonNode o : listing.path("Contents")) {
      String modified = o.path("LastModified").asText("");
      if (modified.length() >= 10 && modified.substring(0, 10).compareTo(cutoff.toString()) < 0) {
        found.add(new String[] {o.path("Key").asText(), modified});
      }
    }
    found.sort(Comparator.comparing((String[] a) -> a[0]));
    List<String> keys = new ArrayList<>();
    found.forEach(a -> keys.add(a[0]));
    return keys;
  }

  /** GNU date's {@code -d "N unit ago"} for the forms retention times use, as a day. */
  static Optional<LocalDate> cutoffDay(String retention, ZonedDateTime now) {
    Matcher m = RETENTION.matcher(retention.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    ZonedDateTime t =
        switch (m.group(2)) {
          case "minute" -> now.minusMinutes(n);
          case "hour" -> now.minusHours(n);
          case "day" -> now.minusDays(n);
          case "week" -> now.minusWeeks(n);
          case "month" -> now.minusMonths(n);
          default -> now.minusYears(n);
        };
    return Optional.of(t.toLocalDate());
  }

  private List<String> aws(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(get(AWS, "aws"));
    cmd.addAll(List.of(args));
    for (String[] opt :
        List.of(
            new String[] {"--endpoint-url=", "LOGICAL_BACKUP_S3_ENDPOINT"},
            new String[] {"--region=", "LOGICAL_BACKUP_S3_REGION"})) {
      String v = get(opt[1], "");
      if (!v.isEmpty()) {
        cmd.add(opt[0] + v.replace("'", ""));
      }
    }
    String sse = get("LOGICAL_BACKUP_S3_SSE", "");
    if (!sse.isEmpty() && args[0].equals("s3")) {
      cmd.add("--sse=" + sse.replace("'", ""));
    }
    return cmd;
  }

  private static String join(String... parts) {
    List<String> kept = new ArrayList<>();
    for (String p : parts) {
      String t = p.replaceAll("^/+|/+$", "");
      if (!t.isEmpty()) {
        kept.add(t);
      }
    }
    return String.join("/", kept);
  }

  private String get(String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  private void log(String message) {
    out.println(Instant.now() + " logical-backup: " + message);
    out.flush();
  }
}
