package io.tusk.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the builders need that lives in the cluster rather than in the manifest or the
 * operator configuration. The operator's observe step fills it; builders never read the API.
 *
 * <p>These are exactly the API reads Zalando does inside its generators: the passwords of existing
 * credential Secrets ({@code sync.go#updateSecret} reads them back and never replaces them), the
 * data of {@code pod_environment_configmap} and the key names of {@code pod_environment_secret}
 * ({@code k8sres.go#getPodEnvironmentConfigMapVariables/getPodEnvironmentSecretVariables}), and
 * whether the cluster is new plus the current master pod IPs ({@code
 * resources.go#createEndpoint/generateEndpointSubsets}).
 *
 * @param existingPasswords password per existing credential Secret name; such passwords are reused
 * @param passwordSource source for Secrets that do not exist yet
 * @param podEnvironmentConfigMap data of the {@code pod_environment_configmap} (empty if unset or
 *     missing)
 * @param podEnvironmentSecretKeys key names of the {@code pod_environment_secret}; the pod
 *     references them with {@code secretKeyRef} and never sees the values here
 * @param newCluster whether the cluster is being created (status {@code Creating} or no StatefulSet
 *     yet)
 * @param masterPodIps IPs of pods currently labelled master; only used to seed the master Endpoints
 *     of an existing cluster in endpoints mode
 * @param dataVolumeTemplateSize the storage request of the existing StatefulSet's {@code pgdata}
 *     claim template, null without a StatefulSet: the template never shrinks below it ({@link
 *     io.tusk.spec.volume.VolumeGrowth#templateSize})
 * @param runningMajorVersion the PostgreSQL major version the cluster's pods are set to run now
 *     (the live StatefulSet's {@code PGVERSION}), null for a new cluster or when unknown: then the
 *     manifest's version applies
 * @param majorVersionChangeAllowed whether a change of the running major version may be applied now
 *     (inside a maintenance window, or none applies); see {@link
 *     io.tusk.spec.spilo.MajorVersionChange}
 * @param logicalBackupSecretKeys key names of {@code logical_backup_cronjob_environment_secret};
 *     the logical backup job references them with {@code secretKeyRef}
 */
public record Observed(
    Map<String, String> existingPasswords,
    PasswordSource passwordSource,
    Map<String, String> podEnvironmentConfigMap,
    Set<String> podEnvironmentSecretKeys,
    boolean newCluster,
    List<String> masterPodIps,
    Quantity dataVolumeTemplateSize,
    String runningMajorVersion,
    boolean majorVersionChangeAllowed,
    Set<String> logicalBackupSecretKeys) {

  public Observed {
    // null collections mean "nothing observed"
    existingPasswords = existingPasswords == null ? Map.of() : Map.copyOf(existingPasswords);
    Objects.requireNonNull(passwordSource, "passwordSource");
    // Sorted copies: Zalando sorts both lists by name before appending them to the env.
    podEnvironmentConfigMap =
        Collections.unmodifiableSortedMap(
            podEnvironmentConfigMap == null
                ? new TreeMap<>()
                : new TreeMap<>(podEnvironmentConfigMap));
    logicalBackupSecretKeys =
        Collections.unmodifiableSortedSet(
            logicalBackupSecretKeys == null
                ? new TreeSet<>()
                : new TreeSet<>(logicalBackupSecretKeys));
    podEnvironmentSecretKeys =
        Collections.unmodifiableSortedSet(
            podEnvironmentSecretKeys == null
                ? new TreeSet<>()
                : new TreeSet<>(podEnvironmentSecretKeys));
    masterPodIps = masterPodIps == null ? List.of() : List.copyOf(masterPodIps);
    runningMajorVersion =
        runningMajorVersion == null || runningMajorVersion.isBlank() ? null : runningMajorVersion;
  }

  /**
   * Nothing observed: a new cluster, no existing Secrets, empty pod-environment sources, and
   * deterministic placeholder passwords. For {@code tusk render} and tests.
   */
  public static Observed none() {
    return new Observed(
        Map.of(),
        PasswordSource.deterministic("tusk"),
        Map.of(),
        Set.of(),
        true,
        List.of(),
        null,
        null,
        true,
        Set.of());
  }

  /** A builder holding this record's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copies of an {@link Observed} with some values changed; unset values are the original's. */
  public static final class Builder {
    private Map<String, String> existingPasswords;
    private PasswordSource passwordSource;
    private Map<String, String> podEnvironmentConfigMap;
    private Set<String> podEnvironmentSecretKeys;
    private boolean newCluster;
    private List<String> masterPodIps;
    private Quantity dataVolumeTemplateSize;
    private String runningMajorVersion;
    private boolean majorVersionChangeAllowed;
    private Set<String> logicalBackupSecretKeys;

    private Builder(Observed from) {
      existingPasswords = from.existingPasswords;
      passwordSource = from.passwordSource;
      podEnvironmentConfigMap = from.podEnvironmentConfigMap;
      podEnvironmentSecretKeys = from.podEnvironmentSecretKeys;
      newCluster = from.newCluster;
      masterPodIps = from.masterPodIps;
      dataVolumeTemplateSize = from.dataVolumeTemplateSize;
      runningMajorVersion = from.runningMajorVersion;
      majorVersionChangeAllowed = from.majorVersionChangeAllowed;
      logicalBackupSecretKeys = from.logicalBackupSecretKeys;
    }

    public Builder existingPasswords(Map<String, String> value) {
      existingPasswords = value;
      return this;
    }

    public Builder passwordSource(PasswordSource value) {
      passwordSource = value;
      return this;
    }

    public Builder podEnvironmentConfigMap(Map<String, String> value) {
      podEnvironmentConfigMap = value;
      return this;
    }

    public Builder podEnvironmentSecretKeys(Set<String> value) {
      podEnvironmentSecretKeys = value;
      return this;
    }

    public Builder newCluster(boolean value) {
      newCluster = value;
      return this;
    }

    public Builder masterPodIps(List<String> value) {
      masterPodIps = value;
      return this;
    }

    public Builder dataVolumeTemplateSize(Quantity value) {
      dataVolumeTemplateSize = value;
      return this;
    }

    public Builder runningMajorVersion(String value) {
      runningMajorVersion = value;
      return this;
    }

    public Builder logicalBackupSecretKeys(Set<String> value) {
      logicalBackupSecretKeys = value;
      return this;
    }

    public Builder majorVersionChangeAllowed(boolean value) {
      majorVersionChangeAllowed = value;
      return this;
    }

    public Observed build() {
      return new Observed(
          existingPasswords,
          passwordSource,
          podEnvironmentConfigMap,
          podEnvironmentSecretKeys,
          newCluster,
          masterPodIps,
          dataVolumeTemplateSize,
          runningMajorVersion,
          majorVersionChangeAllowed,
          logicalBackupSecretKeys);
    }
  }
}
