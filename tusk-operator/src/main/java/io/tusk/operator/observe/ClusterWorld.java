package io.tusk.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tusk.operator.status.Phase;
import io.tusk.spec.Observed;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one reconcile knows about a cluster's world, read in the observe step and nowhere
 * else: the owned objects (from the informer caches), credential Secrets the caches do not show
 * (read by name), the builders' inputs ({@link Observed}) and which of Zalando's flows applies.
 *
 * @param statefulSet the cluster's StatefulSet, if it exists
 * @param services owned Services by name
 * @param endpoints owned Endpoints by name
 * @param secrets credential Secrets and other owned Secrets by {@code namespace/name}
 * @param podDisruptionBudgets owned PodDisruptionBudgets by name
 * @param configMaps ConfigMaps labelled with the cluster (Patroni's, in configmaps mode) by name
 * @param deployments Deployments labelled with the cluster (its connection poolers) by name
 * @param cronJobs CronJobs labelled with the cluster (its logical backup) by name
 * @param cachedSecrets the Secrets as the cache shows them (the database step's change check)
 * @param observed what the desired-state builders read from the cluster
 * @param phase Create, Update or Sync
 */
public record ClusterWorld(
    Optional<StatefulSet> statefulSet,
    Map<String, Service> services,
    Map<String, Endpoints> endpoints,
    Map<String, Secret> secrets,
    Map<String, PodDisruptionBudget> podDisruptionBudgets,
    Map<String, ConfigMap> configMaps,
    Map<String, Deployment> deployments,
    Map<String, CronJob> cronJobs,
    List<Secret> cachedSecrets,
    Observed observed,
    Phase phase) {

  public ClusterWorld {
    services = Map.copyOf(services);
    endpoints = Map.copyOf(endpoints);
    secrets = Map.copyOf(secrets);
    podDisruptionBudgets = Map.copyOf(podDisruptionBudgets);
    configMaps = Map.copyOf(configMaps);
    deployments = Map.copyOf(deployments);
    cronJobs = Map.copyOf(cronJobs);
    cachedSecrets = List.copyOf(cachedSecrets);
  }

  /** The same world with other builders' inputs (the reconcile's version decision). */
  public ClusterWorld withObserved(Observed other) {
    return new ClusterWorld(
        statefulSet,
        services,
        endpoints,
        secrets,
        podDisruptionBudgets,
        configMaps,
        deployments,
        cronJobs,
        cachedSecrets,
        other,
        phase);
  }

  /** {@code namespace/name}, the key of {@link #secrets()}. */
  public static String secretKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(secrets.get(secretKey(namespace, name)));
  }

  public Optional<Service> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  public Optional<Endpoints> endpoint(String name) {
    return Optional.ofNullable(endpoints.get(name));
  }

  public Optional<PodDisruptionBudget> podDisruptionBudget(String name) {
    return Optional.ofNullable(podDisruptionBudgets.get(name));
  }

  public Optional<ConfigMap> configMap(String name) {
    return Optional.ofNullable(configMaps.get(name));
  }

  public Optional<Deployment> deployment(String name) {
    return Optional.ofNullable(deployments.get(name));
  }

  public Optional<CronJob> cronJob(String name) {
    return Optional.ofNullable(cronJobs.get(name));
  }

  /** Whether the StatefulSet has all its replicas ready (zero replicas count as ready). */
  public boolean podsReady() {
    return statefulSet
        .map(
            s -> {
              int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
              Integer ready = s.getStatus() == null ? null : s.getStatus().getReadyReplicas();
              return want == 0 || (ready != null && ready >= want);
            })
        .orElse(false);
  }

  /** Owned objects whose every change matters to the object step (by resourceVersion). */
  public Collection<HasMetadata> owned() {
    List<HasMetadata> all = new ArrayList<>();
    statefulSet.ifPresent(all::add);
    all.addAll(services.values());
    all.addAll(cachedSecrets);
    all.addAll(podDisruptionBudgets.values());
    all.addAll(deployments.values());
    all.addAll(cronJobs.values());
    return all;
  }

  /**
   * Objects whose mere existence matters to the object step, not every change: Endpoints and
   * ConfigMaps, which Patroni rewrites every {@code loop_wait} (the master Endpoints, its DCS
   * objects).
   */
  public Collection<HasMetadata> ownedByExistence() {
    List<HasMetadata> all = new ArrayList<>(endpoints.values());
    all.addAll(configMaps.values());
    return all;
  }

  /**
   * The builders' inputs as plain data for a fingerprint (the password source is left out: it only
   * matters for Secrets that do not exist, and their absence is part of the inputs).
   */
  public Map<String, Object> observedInputs() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("existingPasswords", observed.existingPasswords());
    m.put("podEnvironmentConfigMap", observed.podEnvironmentConfigMap());
    m.put("podEnvironmentSecretKeys", observed.podEnvironmentSecretKeys());
    m.put("newCluster", observed.newCluster());
    m.put("masterPodIps", observed.masterPodIps());
    m.put("runningMajorVersion", observed.runningMajorVersion());
    m.put("majorVersionChangeAllowed", observed.majorVersionChangeAllowed());
    return m;
  }
}
