package io.tusk.images.spilo.backup;

import io.tusk.images.spilo.SpiloStartupEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The envdir {@code configure_spilo.py#write_wale_environment} writes for S3 ({@code
 * /run/etc/wal-e.d/env}): the WAL prefix, the S3 endpoint and keys, and the settings of the backup
 * scripts. Pure: the container's environment in, the envdir's files out.
 *
 * <p>Rules (Spilo 4.0): the prefix is {@code WALG_S3_PREFIX}, else {@code WALE_S3_PREFIX}, else
 * {@code s3://<WAL_S3_BUCKET>/spilo/<WAL_BUCKET_SCOPE_PREFIX><SCOPE><WAL_BUCKET_SCOPE_SUFFIX>/wal/
 * <PGVERSION>}, with the scope prefix defaulting to {@code <namespace>-} outside the {@code
 * default} namespace (Zalando's operator sets it to ""). An {@code AWS_ENDPOINT} (or {@code
 * WALE_S3_ENDPOINT}) means S3-compatible storage: path-style addressing and no server-side
 * encryption.
 */
public final class WalEnvironment {

  /** Variables copied into the envdir as they are, when set. */
  static final List<String> COPIED =
      List.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_ROLE_ARN",
          "AWS_WEB_IDENTITY_TOKEN_FILE",
          "AWS_STS_REGIONAL_ENDPOINTS",
          "WALG_DELTA_MAX_STEPS",
          "WALG_DELTA_ORIGIN",
          "WALG_DOWNLOAD_CONCURRENCY",
          "WALG_UPLOAD_CONCURRENCY",
          "WALG_UPLOAD_DISK_CONCURRENCY",
          "WALG_DISK_RATE_LIMIT",
          "WALG_NETWORK_RATE_LIMIT",
          "WALG_COMPRESSION_METHOD",
          "WALG_BACKUP_COMPRESSION_METHOD",
          "WALG_SENTINEL_USER_DATA",
          "WALG_PREVENT_WAL_OVERWRITE",
          "WALG_S3_CA_CERT_FILE",
          "WALG_S3_SSE",
          "WALG_S3_SSE_KMS_ID",
          "http_proxy",
          "https_proxy",
          "no_proxy");

  /** Storage other than S3 (archiving is then refused here, with a note). */
  static final List<String> OTHER_STORES =
      List.of(
          "WALG_AZ_PREFIX",
          "WALG_SSH_PREFIX",
          "WAL_GS_BUCKET",
          "WAL_GCS_BUCKET",
          "WALE_GS_PREFIX",
          "WALE_GCS_PREFIX",
          "WALG_GS_PREFIX",
          "WAL_SWIFT_BUCKET",
          "WALE_SWIFT_PREFIX");

  private static final Pattern ENDPOINT = Pattern.compile("^(https?)://([^/]+)(/.*)?$");

  private WalEnvironment() {}

  /** What the container's environment asks for. */
  public sealed interface Outcome {}

  /** No WAL storage configured: {@code archive_command} stays {@code /bin/true}, as in Spilo. */
  public record NotConfigured() implements Outcome {}

  /** WAL storage that the local image cannot use (not S3). */
  public record Unsupported(String reason) implements Outcome {}

  /** S3 storage: the envdir's files, name to content, in a stable order. */
  public record Envdir(Map<String, String> files) implements Outcome {
    public String prefix() {
      return files.get("WALG_S3_PREFIX");
    }
  }

  /**
   * The envdir for archiving and base backups.
   *
   * @param pgMajor the PostgreSQL major the container runs (the prefix's last element)
   * @param namespace the pod's namespace
   * @param tmpDir what Spilo writes as {@code TMPDIR} ({@code WALE_TMPDIR})
   */
  public static Outcome of(SpiloStartupEnv env, int pgMajor, String namespace, String tmpDir) {
    return of(env, "", String.valueOf(pgMajor), namespace, tmpDir);
  }

  /**
   * The envdir of a clone ({@code CLONE_}) or a standby ({@code STANDBY_}) source: every variable
   * read with that prefix, the scope from {@code <prefix>SCOPE}, and no version at the prefix's end
   * unless {@code <prefix>PGVERSION} names one (Spilo's clone then looks for the version).
   */
  public static Outcome source(
      SpiloStartupEnv env, String varPrefix, String namespace, String tmpDir) {
    return of(env, varPrefix, env.value(varPrefix + "PGVERSION", ""), namespace, tmpDir);
  }

  private static Outcome of(
      SpiloStartupEnv all, String varPrefix, String version, String namespace, String tmpDir) {
    SpiloStartupEnv env = prefixed(all, varPrefix);
    Optional<String> prefix = env.value("WALG_S3_PREFIX").or(() -> env.value("WALE_S3_PREFIX"));
    if (prefix.isEmpty() && env.isSet("WAL_S3_BUCKET")) {
      // Spilo's namespace default applies to the cluster's own archive only; a clone's or a
      // standby's source reads its prefixed variable, empty when unset.
      String scopePrefix =
          env.raw("WAL_BUCKET_SCOPE_PREFIX")
              .orElse(varPrefix.isEmpty() && !"default".equals(namespace) ? namespace + "-" : "");
      String scopeSuffix = env.raw("WAL_BUCKET_SCOPE_SUFFIX").orElse("");
      prefix =
          Optional.of(
              "s3://"
                  + env.value("WAL_S3_BUCKET").orElseThrow()
                  + "/spilo/"
                  + scopePrefix
                  + env.scope()
                  + scopeSuffix
                  + "/wal/"
                  + version);
    }
    if (prefix.isEmpty()) {
      for (String other : OTHER_STORES) {
        if (env.isSet(other)) {
          return new Unsupported(
              other
                  + " is set, but the local image archives to S3-compatible storage only"
                  + " (WAL_S3_BUCKET, WALG_S3_PREFIX or WALE_S3_PREFIX); archive_command is"
                  + " /bin/true");
        }
      }
      return new NotConfigured();
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put("WALE_S3_PREFIX", prefix.get());
    files.put("WALG_S3_PREFIX", prefix.get());
    for (String name : COPIED) {
      env.value(name).ifPresent(v -> files.put(name, v));
    }
    Optional<String> endpoint =
        env.value("AWS_ENDPOINT")
            .or(() -> env.value("WALE_S3_ENDPOINT").map(WalEnvironment::awsEndpoint));
    if (endpoint.isPresent()) {
      files.put("AWS_ENDPOINT", endpoint.get());
      files.put(
          "WALE_S3_ENDPOINT", env.value("WALE_S3_ENDPOINT").orElse(waleEndpoint(endpoint.get())));
      files.put("AWS_S3_FORCE_PATH_STYLE", "true");
      files.put("WALE_DISABLE_S3_SSE", "true");
      files.put("WALG_DISABLE_S3_SSE", "true");
      files.remove("WALG_S3_SSE");
    } else {
      env.value("AWS_S3_FORCE_PATH_STYLE").ifPresent(v -> files.put("AWS_S3_FORCE_PATH_STYLE", v));
      if (!env.isTrue("WALG_DISABLE_S3_SSE")) {
        files.putIfAbsent("WALG_S3_SSE", "AES256");
      }
    }
    // Without a region boto refuses to sign; S3's default region is what WAL-G assumes too.
    files.put("AWS_REGION", env.value("AWS_REGION").orElse("us-east-1"));
    if (!env.isSet("AWS_ACCESS_KEY_ID") && !env.isSet("AWS_ROLE_ARN")) {
      files.put("AWS_INSTANCE_PROFILE", "true");
    }
    env.value("WALG_BACKUP_FROM_REPLICA")
        .ifPresent(v -> files.put("WALG_BACKUP_FROM_REPLICA", v.toLowerCase(Locale.ROOT)));
    // wal-g is the only tool here (Spilo 4.1 dropped WAL-E too).
    files.put("USE_WALG_BACKUP", "true");
    files.put("USE_WALG_RESTORE", "true");
    files.put("WALE_LOG_DESTINATION", "stderr");
    files.put("PGPORT", String.valueOf(all.pgPort()));
    if (varPrefix.isEmpty()) {
      files.put("BACKUP_NUM_TO_RETAIN", env.value("BACKUP_NUM_TO_RETAIN", "5"));
    }
    files.put("TMPDIR", tmpDir);
    return new Envdir(files);
  }

  /**
   * The variables that start with {@code varPrefix}, without it ({@code CLONE_SCOPE} as {@code
   * SCOPE}); with an empty prefix, all of them.
   */
  private static SpiloStartupEnv prefixed(SpiloStartupEnv env, String varPrefix) {
    if (varPrefix.isEmpty()) {
      return env;
    }
    Map<String, String> out = new LinkedHashMap<>();
    env.asMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith(varPrefix)) {
                out.put(k.substring(varPrefix.length()), v);
              }
            });
    return new SpiloStartupEnv(out);
  }

  /** {@code https+path://host:port} (WAL-E's form) to {@code https://host:port}. */
  static String awsEndpoint(String waleEndpoint) {
    return waleEndpoint.replaceFirst("^(https?)\\+(path|virtualhost)://", "$1://");
  }

  /** {@code http://host:port} to WAL-E's {@code http+path://host:port}. */
  static String waleEndpoint(String awsEndpoint) {
    Matcher m = ENDPOINT.matcher(awsEndpoint);
    if (!m.matches()) {
      return awsEndpoint;
    }
    return m.group(1) + "+path://" + m.group(2);
  }
}
