package io.tusk.cli.restore;

import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The logical backups of a cluster in S3, where Zalando's logical backup job puts them: {@code
 * s3://{logical_backup_s3_bucket}/{logical_backup_s3_bucket_prefix}/{cluster}/{uid}/logical_backups/{epoch}.sql.gz}.
 */
public final class LogicalBackups implements AutoCloseable {

  /** A dump: its key, size in bytes and when it was written. */
  public record Dump(String key, long size, Instant written) {}

  /**
   * Where the dumps are and the keys to read them.
   *
   * @param endpoint the S3 endpoint URL; empty for AWS itself
   */
  public record Settings(
      String bucket, String endpoint, String region, String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      // Never shows the secret key.
      return "s3://" + bucket + (endpoint.isEmpty() ? "" : " at " + endpoint);
    }
  }

  private final S3Client s3;
  private final String bucket;

  private LogicalBackups(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /**
   * The settings from, in this order: the operator configuration ({@code logical_backup_s3_*}), the
   * variables of {@code logical_backup_cronjob_environment_secret} (what the job itself reads), and
   * this process's environment ({@code AWS_*}) for the keys; fails naming what is missing.
   */
  public static Settings settings(
      OperatorConfig config, Map<String, String> jobSecret, Map<String, String> env) {
    String bucket =
        first(
            config.get(Options.LOGICAL_BACKUP_S3_BUCKET),
            jobSecret.get("LOGICAL_BACKUP_S3_BUCKET"));
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException(
          "logical_backup_s3_bucket is not set in the operator configuration: no logical backups"
              + " to restore from");
    }
    String endpoint =
        first(
            config.get(Options.LOGICAL_BACKUP_S3_ENDPOINT),
            jobSecret.get("LOGICAL_BACKUP_S3_ENDPOINT"),
            jobSecret.get("AWS_ENDPOINT"),
            env.get("AWS_ENDPOINT_URL"));
    String region =
        first(
            config.get(Options.LOGICAL_BACKUP_S3_REGION),
            jobSecret.get("LOGICAL_BACKUP_S3_REGION"),
            jobSecret.get("AWS_REGION"),
            env.get("AWS_REGION"),
            "us-east-1");
    String keyId =
        first(
            env.get("AWS_ACCESS_KEY_ID"),
            config.get(Options.LOGICAL_BACKUP_S3_ACCESS_KEY_ID),
            jobSecret.get("AWS_ACCESS_KEY_ID"));
    String secret =
        first(
            env.get("AWS_SECRET_ACCESS_KEY"),
            config.get(Options.LOGICAL_BACKUP_S3_SECRET_ACCESS_KEY),
            jobSecret.get("AWS_SECRET_ACCESS_KEY"));
    if (keyId.isEmpty() || secret.isEmpty()) {
      throw new IllegalArgumentException(
          "no S3 keys for "
              + bucket
              + ": set logical_backup_s3_access_key_id and logical_backup_s3_secret_access_key,"
              + " or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in"
              + " logical_backup_cronjob_environment_secret or in this shell");
    }
    return new Settings(bucket, endpoint, region, keyId, secret);
  }

  /** The key prefix of a cluster's dumps (Zalando's dump.sh). */
  public static String prefix(OperatorConfig config, String cluster, String uid) {
    String base = config.get(Options.LOGICAL_BACKUP_S3_BUCKET_PREFIX);
    base = base == null || base.isEmpty() ? "" : base.replaceAll("/+$", "") + "/";
    return base + cluster + "/" + uid + "/logical_backups/";
  }

  public static LogicalBackups connect(Settings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        settings.accessKeyId(), settings.secretAccessKey())));
    if (!settings.endpoint().isEmpty()) {
      builder.endpointOverride(URI.create(settings.endpoint())).forcePathStyle(true);
    }
    return new LogicalBackups(builder.build(), settings.bucket());
  }

  /** The dumps under {@code prefix}, oldest first. */
  public List<Dump> list(String prefix) {
    List<Dump> dumps = new ArrayList<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
    for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
      if (o.key().endsWith(".sql.gz")) {
        dumps.add(new Dump(o.key(), o.size(), o.lastModified()));
      }
    }
    dumps.sort(Comparator.comparing(Dump::key));
    return dumps;
  }

  /** The dump's bytes as stored (gzip). */
  public InputStream open(String key) {
    return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
  }

  @Override
  public void close() {
    s3.close();
  }

  private static String first(String... values) {
    return Stream.of(values).filter(v -> v != null && !v.isBlank()).findFirst().orElse("");
  }
}
