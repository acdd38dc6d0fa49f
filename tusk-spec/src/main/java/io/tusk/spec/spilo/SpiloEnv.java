package io.tusk.spec.spilo;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.backup.BackupAnnotations;
import io.tusk.spec.naming.ClusterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment of the {@code postgres} (Spilo) container. Mirrors {@code
 * k8sres.go#generateSpiloPodEnvVars} (v2.0.1).
 *
 * <p>Precedence, highest first (the first variable of a name wins, names compared
 * case-insensitively):
 *
 * <ol>
 *   <li>operator core variables Spilo and Patroni need to work ({@code SCOPE}, {@code PGROOT},
 *       credentials, label names, {@code SPILO_CONFIGURATION}, DCS selection ...);
 *   <li>the manifest's {@code env};
 *   <li>{@code CLONE_*} / {@code STANDBY_*} derived from the manifest;
 *   <li>keys of {@code pod_environment_secret} (as {@code secretKeyRef}, sorted by name);
 *   <li>data of {@code pod_environment_configmap} (sorted by name);
 *   <li>globals derived from the operator configuration ({@code WAL_S3_BUCKET}, ...).
 * </ol>
 *
 * <p>Difference: Zalando appends the clone and standby variables without the duplicate check, so a
 * name set in the manifest {@code env} appears twice in the pod (and Kubernetes lets the later one
 * win). Tusk never emits duplicates; the manifest value wins, as the documented precedence says.
 */
public final class SpiloEnv {

  /** Spilo's data root. */
  public static final String PGROOT = "/home/postgres/pgdata/pgroot";

  private SpiloEnv() {}

  /** The ordered variable list for the Spilo container, given the rendered configuration JSON. */
  public static List<EnvVar> build(ClusterModel model, String spiloConfiguration) {
    OperatorConfig config = model.config();
    PostgresSpec spec = model.spec();
    ClusterNames names = ClusterNames.of(model);
    String superuser = config.get(Options.SUPER_USERNAME);
    String replication = config.get(Options.REPLICATION_USERNAME);

    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.value("SCOPE", model.name()));
    env.add(EnvVars.value("PGROOT", PGROOT));
    env.add(EnvVars.fieldRef("POD_IP", "status.podIP"));
    env.add(EnvVars.fieldRef("POD_NAMESPACE", "metadata.namespace"));
    env.add(EnvVars.value("PGUSER_SUPERUSER", superuser));
    env.add(EnvVars.value("KUBERNETES_SCOPE_LABEL", config.get(Options.CLUSTER_NAME_LABEL)));
    env.add(EnvVars.value("KUBERNETES_ROLE_LABEL", config.get(Options.POD_ROLE_LABEL)));
    env.add(
        EnvVars.secretKeyRef(
            "PGPASSWORD_SUPERUSER", names.credentialSecret(superuser), "password"));
    env.add(EnvVars.value("PGUSER_STANDBY", replication));
    env.add(
        EnvVars.secretKeyRef(
            "PGPASSWORD_STANDBY", names.credentialSecret(replication), "password"));
    env.add(EnvVars.value("PAM_OAUTH2", config.get(Options.PAM_CONFIGURATION)));
    env.add(EnvVars.value("HUMAN_ROLE", config.get(Options.PAM_ROLE_NAME)));
    if (Boolean.TRUE.equals(config.get(Options.ENABLE_SPILO_WAL_PATH_COMPAT))) {
      env.add(EnvVars.value("ENABLE_WAL_PATH_COMPAT", "true"));
    }
    if (Boolean.TRUE.equals(config.get(Options.ENABLE_PGVERSION_ENV_VAR))) {
      env.add(EnvVars.value("PGVERSION", MajorVersion.applied(model)));
    }
    // Spilo expects the cluster labels as a JSON object.
    env.add(
        EnvVars.value(
            "KUBERNETES_LABELS", GoJson.write(new TreeMap<>(config.get(Options.CLUSTER_LABELS)))));
    if (spiloConfiguration != null && !spiloConfiguration.isEmpty()) {
      env.add(EnvVars.value("SPILO_CONFIGURATION", spiloConfiguration));
    }
    if (DcsMode.usesKubernetes(config)) {
      env.add(EnvVars.value("DCS_ENABLE_KUBERNETES_API", "true"));
      if (Boolean.TRUE.equals(config.get(Options.ENABLE_POD_DISRUPTION_BUDGET))) {
        env.add(EnvVars.value("KUBERNETES_BOOTSTRAP_LABELS", "{\"critical-operation\":\"true\"}"));
      }
    } else {
      env.add(EnvVars.value("ETCD_HOST", config.get(Options.ETCD_HOST)));
    }
    if (DcsMode.usesConfigMaps(config)) {
      env.add(EnvVars.value("KUBERNETES_USE_CONFIGMAPS", "true"));
    }

    env = EnvVars.appendIfAbsent(env, spec.getEnv());
    env = EnvVars.appendIfAbsent(env, BackupAnnotations.env(model));

    if (spec.getClone() != null && notEmpty(spec.getClone().getCluster())) {
      boolean toEnd =
          CloneAndStandbyEnv.CLONE_TO_END_OF_ARCHIVE.equals(
              model.annotations().get(CloneAndStandbyEnv.CLONE_TARGET_ANNOTATION));
      env =
          EnvVars.appendIfAbsent(
              env, CloneAndStandbyEnv.clone(spec.getClone(), config, names, toEnd));
    }
    if (spec.getStandby() != null) {
      env = EnvVars.appendIfAbsent(env, CloneAndStandbyEnv.standby(spec.getStandby(), config));
    }

    env = EnvVars.appendIfAbsent(env, podEnvironmentSecret(model));
    env = EnvVars.appendIfAbsent(env, podEnvironmentConfigMap(model));
    env = EnvVars.appendIfAbsent(env, configurationGlobals(model));
    return env;
  }

  /** The keys of {@code pod_environment_secret} as {@code secretKeyRef}s, sorted by name. */
  static List<EnvVar> podEnvironmentSecret(ClusterModel model) {
    String secret = model.config().get(Options.POD_ENVIRONMENT_SECRET);
    List<EnvVar> result = new ArrayList<>();
    if (secret == null || secret.isEmpty()) {
      return result;
    }
    for (String key : model.observed().podEnvironmentSecretKeys()) {
      result.add(EnvVars.secretKeyRef(key, secret, key));
    }
    return result;
  }

  /** The data of {@code pod_environment_configmap}, sorted by name. */
  static List<EnvVar> podEnvironmentConfigMap(ClusterModel model) {
    String configMap = model.config().get(Options.POD_ENVIRONMENT_CONFIGMAP);
    List<EnvVar> result = new ArrayList<>();
    if (configMap == null || configMap.isEmpty()) {
      return result;
    }
    for (Map.Entry<String, String> e : model.observed().podEnvironmentConfigMap().entrySet()) {
      result.add(EnvVars.value(e.getKey(), e.getValue()));
    }
    return result;
  }

  /** WAL archive, GCS credentials and log shipping derived from the operator configuration. */
  static List<EnvVar> configurationGlobals(ClusterModel model) {
    OperatorConfig config = model.config();
    String suffix = CloneAndStandbyEnv.bucketScopeSuffix(model.uid());
    List<EnvVar> result = new ArrayList<>();
    String s3 = config.get(Options.WAL_S3_BUCKET);
    if (notEmpty(s3)) {
      result.add(EnvVars.value("WAL_S3_BUCKET", s3));
      result.add(EnvVars.value("WAL_BUCKET_SCOPE_SUFFIX", suffix));
      result.add(EnvVars.value("WAL_BUCKET_SCOPE_PREFIX", ""));
    }
    String gs = config.get(Options.WAL_GS_BUCKET);
    if (notEmpty(gs)) {
      result.add(EnvVars.value("WAL_GS_BUCKET", gs));
      result.add(EnvVars.value("WAL_BUCKET_SCOPE_SUFFIX", suffix));
      result.add(EnvVars.value("WAL_BUCKET_SCOPE_PREFIX", ""));
    }
    String az = config.get(Options.WAL_AZ_STORAGE_ACCOUNT);
    if (notEmpty(az)) {
      result.add(EnvVars.value("AZURE_STORAGE_ACCOUNT", az));
      result.add(EnvVars.value("WAL_BUCKET_SCOPE_SUFFIX", suffix));
      result.add(EnvVars.value("WAL_BUCKET_SCOPE_PREFIX", ""));
    }
    String gcp = config.get(Options.GCP_CREDENTIALS);
    if (notEmpty(gcp)) {
      result.add(EnvVars.value("GOOGLE_APPLICATION_CREDENTIALS", gcp));
    }
    String logs = config.get(Options.LOG_S3_BUCKET);
    if (notEmpty(logs)) {
      result.add(EnvVars.value("LOG_S3_BUCKET", logs));
      result.add(EnvVars.value("LOG_BUCKET_SCOPE_SUFFIX", suffix));
      result.add(EnvVars.value("LOG_BUCKET_SCOPE_PREFIX", ""));
    }
    // Within this group Zalando also de-duplicates (appendEnvVars), e.g. two buckets set.
    return EnvVars.appendIfAbsent(List.of(), result);
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
