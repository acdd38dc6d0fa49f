package io.tusk.spec.spilo;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.tusk.api.acid.v1.CloneDescription;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.StandbyDescription;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.naming.ClusterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code CLONE_*} and {@code STANDBY_*} variables that tell Spilo how to bootstrap a new
 * cluster from another one. Mirrors {@code k8sres.go#generateCloneEnvironment} and {@code
 * generateStandbyEnvironment} (v2.0.1).
 */
public final class CloneAndStandbyEnv {

  private static final String EKS_TOKEN_FILE =
      "/var/run/secrets/eks.amazonaws.com/serviceaccount/token";

  private static final Pattern STANDBY_PREFIX_ENV =
      Pattern.compile("^STANDBY_WALE_(S3|GS|GSC|SWIFT)_PREFIX$");

  private CloneAndStandbyEnv() {}

  /**
   * Whether the manifest describes a standby cluster: a {@code standby} section, or a non-empty
   * {@code STANDBY_WALE_*_PREFIX} in the manifest env ({@code util.go#isStandbyCluster}).
   */
  public static boolean isStandbyCluster(PostgresSpec spec) {
    if (spec.getEnv() != null) {
      for (EnvVar env : spec.getEnv()) {
        if (env.getName() != null
            && STANDBY_PREFIX_ENV.matcher(env.getName()).matches()
            && env.getValue() != null
            && !env.getValue().isEmpty()) {
          return true;
        }
      }
    }
    return spec.getStandby() != null;
  }

  /**
   * Clone variables: {@code CLONE_WITH_BASEBACKUP} from the running source cluster when no
   * timestamp is given (password from the source's replication-user Secret), otherwise {@code
   * CLONE_WITH_WALE} point-in-time recovery from the WAL archive.
   */
  public static List<EnvVar> clone(
      CloneDescription clone, OperatorConfig config, ClusterNames names) {
    return clone(clone, config, names, false);
  }

  /**
   * Annotation of a new cluster's manifest (Tusk's, beyond Zalando): with the value {@value
   * #CLONE_TO_END_OF_ARCHIVE}, a clone without a timestamp recovers from the source's WAL archive
   * to its end ({@code CLONE_WITH_WALE} without a target time) instead of copying the running
   * source. That is the clone after the source is lost: a target time later than the archive's end
   * would stop PostgreSQL 13 and later ("recovery ended before configured recovery target was
   * reached").
   */
  public static final String CLONE_TARGET_ANNOTATION = "tusk.io/clone-target";

  public static final String CLONE_TO_END_OF_ARCHIVE = "end-of-archive";

  /**
   * @param toEndOfArchive without a timestamp, recover from the archive to its end rather than copy
   *     the running source ({@link #CLONE_TARGET_ANNOTATION})
   */
  public static List<EnvVar> clone(
      CloneDescription clone, OperatorConfig config, ClusterNames names, boolean toEndOfArchive) {
    List<EnvVar> result = new ArrayList<>();
    String source = nz(clone.getCluster());
    if (source.isEmpty()) {
      return result;
    }
    result.add(EnvVars.value("CLONE_SCOPE", source));
    if (nz(clone.getTimestamp()).isEmpty() && !toEndOfArchive) {
      String replication = config.get(Options.REPLICATION_USERNAME);
      result.add(EnvVars.value("CLONE_METHOD", "CLONE_WITH_BASEBACKUP"));
      // Zalando assumes the source lives in the same namespace and listens on 5432.
      result.add(EnvVars.value("CLONE_HOST", source));
      result.add(EnvVars.value("CLONE_PORT", "5432"));
      result.add(EnvVars.value("CLONE_USER", replication));
      result.add(
          EnvVars.secretKeyRef(
              "CLONE_PASSWORD", names.credentialSecret(replication, source), "password"));
    } else {
      if (nz(clone.getS3WalPath()).isEmpty()) {
        String s3 = nz(config.get(Options.WAL_S3_BUCKET));
        String gs = nz(config.get(Options.WAL_GS_BUCKET));
        String az = nz(config.get(Options.WAL_AZ_STORAGE_ACCOUNT));
        if (!s3.isEmpty()) {
          result.add(EnvVars.value("CLONE_WAL_S3_BUCKET", s3));
        } else if (!gs.isEmpty()) {
          result.add(EnvVars.value("CLONE_WAL_GS_BUCKET", gs));
          String credentials = nz(config.get(Options.GCP_CREDENTIALS));
          if (!credentials.isEmpty()) {
            result.add(EnvVars.value("CLONE_GOOGLE_APPLICATION_CREDENTIALS", credentials));
          }
        } else if (!az.isEmpty()) {
          result.add(EnvVars.value("CLONE_AZURE_STORAGE_ACCOUNT", az));
        }
        // The bucket alone is not the whole WAL location: Spilo appends /{uid}.
        result.add(
            EnvVars.value("CLONE_WAL_BUCKET_SCOPE_SUFFIX", bucketScopeSuffix(clone.getUid())));
      } else {
        result.add(EnvVars.value("CLONE_WALE_S3_PREFIX", clone.getS3WalPath()));
      }
      result.add(EnvVars.value("CLONE_METHOD", "CLONE_WITH_WALE"));
      result.add(EnvVars.value("CLONE_TARGET_TIME", nz(clone.getTimestamp())));
      result.add(EnvVars.value("CLONE_WAL_BUCKET_SCOPE_PREFIX", ""));
      if (!nz(clone.getS3Endpoint()).isEmpty()) {
        result.add(EnvVars.value("CLONE_AWS_ENDPOINT", clone.getS3Endpoint()));
        result.add(EnvVars.value("CLONE_WALE_S3_ENDPOINT", clone.getS3Endpoint()));
      }
      if (!nz(clone.getS3AccessKeyId()).isEmpty()) {
        result.add(EnvVars.value("CLONE_AWS_ACCESS_KEY_ID", clone.getS3AccessKeyId()));
      }
      if (!nz(clone.getS3SecretAccessKey()).isEmpty()) {
        result.add(EnvVars.value("CLONE_AWS_SECRET_ACCESS_KEY", clone.getS3SecretAccessKey()));
      }
      if (clone.getS3ForcePathStyle() != null) {
        result.add(
            EnvVars.value(
                "CLONE_AWS_S3_FORCE_PATH_STYLE", clone.getS3ForcePathStyle() ? "1" : "0"));
      }
    }
    String irsa = nz(config.get(Options.IRSA_ROLE_ARN));
    if (!irsa.isEmpty()) {
      result.add(EnvVars.value("CLONE_AWS_ROLE_ARN", irsa));
      result.add(EnvVars.value("CLONE_AWS_WEB_IDENTITY_TOKEN_FILE", EKS_TOKEN_FILE));
    }
    return result;
  }

  /**
   * Standby variables: streaming from {@code standby_host[:standby_port]} and/or restoring from the
   * S3 (preferred) or GCS WAL archive.
   */
  public static List<EnvVar> standby(StandbyDescription standby, OperatorConfig config) {
    List<EnvVar> result = new ArrayList<>();
    if (!nz(standby.getStandbyHost()).isEmpty()) {
      result.add(EnvVars.value("STANDBY_HOST", standby.getStandbyHost()));
      if (!nz(standby.getStandbyPort()).isEmpty()) {
        result.add(EnvVars.value("STANDBY_PORT", standby.getStandbyPort()));
      }
      if (!nz(standby.getStandbyPrimarySlotName()).isEmpty()) {
        result.add(EnvVars.value("STANDBY_PRIMARY_SLOT_NAME", standby.getStandbyPrimarySlotName()));
      }
    }
    if (!nz(standby.getS3WalPath()).isEmpty()) {
      result.add(EnvVars.value("STANDBY_WALE_S3_PREFIX", standby.getS3WalPath()));
      result.add(EnvVars.value("STANDBY_METHOD", "STANDBY_WITH_WALE"));
      result.add(EnvVars.value("STANDBY_WAL_BUCKET_SCOPE_PREFIX", ""));
    } else if (!nz(standby.getGsWalPath()).isEmpty()) {
      result.add(EnvVars.value("STANDBY_WALE_GS_PREFIX", standby.getGsWalPath()));
      result.add(EnvVars.value("STANDBY_METHOD", "STANDBY_WITH_WALE"));
      result.add(EnvVars.value("STANDBY_WAL_BUCKET_SCOPE_PREFIX", ""));
    }
    String irsa = nz(config.get(Options.IRSA_ROLE_ARN));
    if (!irsa.isEmpty()) {
      result.add(EnvVars.value("STANDBY_AWS_ROLE_ARN", irsa));
      result.add(EnvVars.value("STANDBY_AWS_WEB_IDENTITY_TOKEN_FILE", EKS_TOKEN_FILE));
    }
    return result;
  }

  /** {@code /{uid}}, or empty without a UID ({@code k8sres.go#getBucketScopeSuffix}). */
  public static String bucketScopeSuffix(String uid) {
    return uid == null || uid.isEmpty() ? "" : "/" + uid;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
