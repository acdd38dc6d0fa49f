package io.tusk.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.NamespacedName;
import io.tusk.operator.status.Phase;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Observed;
import io.tusk.spec.PasswordSource;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.roles.ClusterRole;
import io.tusk.spec.roles.ClusterRoles;
import io.tusk.spec.secret.UserSecrets;
import io.tusk.spec.spilo.MajorVersion;
import io.tusk.spec.volume.VolumeGrowth;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The observe step: every read of a cluster's world for one reconcile, in one place, returned as a
 * {@link ClusterWorld}. Builders never read the API themselves (contract). Owned objects come from
 * the informer caches ({@link ClusterCache}); the API server is read only for what the caches
 * cannot show:
 *
 * <ul>
 *   <li>a credential Secret the cluster should have that the cache does not show (created by a user
 *       before the cluster, without its labels, to choose the password: Zalando reads Secrets by
 *       name too), so its password is reused;
 *   <li>the {@code pod_environment_configmap} and {@code pod_environment_secret} named in the
 *       configuration (few, and owned by no cluster);
 *   <li>the IPs of the pods labelled master, only when the master Endpoints of an existing cluster
 *       in Endpoints mode is missing and must be recreated with them.
 * </ul>
 */
public final class ClusterObserver {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ClusterObserver.class);

  private final KubernetesClient client;
  private final ClusterCache cache;
  private final PasswordSource passwords;

  public ClusterObserver(KubernetesClient client, ClusterCache cache, PasswordSource passwords) {
    this.client = client;
    this.cache = cache;
    this.passwords = passwords;
  }

  public ClusterWorld observe(Postgresql pg, OperatorConfig config) {
    String ns = pg.getMetadata().getNamespace();
    Optional<StatefulSet> statefulSet = cache.statefulSet(pg);
    Phase phase = Phase.of(pg, statefulSet.isPresent());
    Map<String, Endpoints> endpoints = byName(cache.endpoints(pg));

    List<Secret> cachedSecrets = List.copyOf(cache.secrets(pg));
    Map<String, Secret> secrets = new LinkedHashMap<>();
    for (Secret s : cachedSecrets) {
      secrets.put(
          ClusterWorld.secretKey(s.getMetadata().getNamespace(), s.getMetadata().getName()), s);
    }
    ClusterModel model = ClusterModel.of(pg, config);
    ClusterNames names = ClusterNames.of(model);
    for (ClusterRole role : ClusterRoles.of(pg, config).withSecrets()) {
      String namespace = role.secretNamespace().isEmpty() ? ns : role.secretNamespace();
      String name = names.credentialSecret(role.name());
      String key = ClusterWorld.secretKey(namespace, name);
      if (!secrets.containsKey(key)) {
        Secret live = client.secrets().inNamespace(namespace).withName(name).get();
        if (live != null) {
          secrets.put(key, live);
        }
      }
    }
    Map<String, String> existing = new HashMap<>();
    for (Secret s : secrets.values()) {
      String password = UserSecrets.passwordOf(s);
      if (password != null && !password.isEmpty()) {
        existing.put(s.getMetadata().getName(), password);
      }
    }

    // One definition of a new cluster: Zalando's Create flow.
    boolean newCluster = phase == Phase.CREATE;
    Observed observed =
        new Observed(
            existing,
            passwords,
            podEnvironmentConfigMap(config, ns),
            podEnvironmentSecretKeys(config, ns),
            newCluster,
            newCluster ? List.of() : masterPodIpsIfNeeded(pg, config, model, endpoints),
            statefulSet.map(VolumeGrowth::claimTemplateSize).orElse(null),
            // The version the pods run now; the reconcile decides whether it may change.
            newCluster ? null : statefulSet.flatMap(MajorVersion::running).orElse(null),
            true,
            logicalBackupSecretKeys(pg, config, ns));
    return new ClusterWorld(
        statefulSet,
        byName(cache.services(pg)),
        endpoints,
        secrets,
        byName(cache.podDisruptionBudgets(pg)),
        byName(cache.configMaps(pg)),
        byName(cache.deployments(pg)),
        byName(cache.cronJobs(pg)),
        cachedSecrets,
        observed,
        phase);
  }

  /**
   * The master pods' IPs when the master Endpoints (Endpoints mode) of an existing cluster is gone:
   * the recreated object carries them, as Zalando's {@code generateEndpointSubsets} does.
   */
  private List<String> masterPodIpsIfNeeded(
      Postgresql pg, OperatorConfig config, ClusterModel model, Map<String, Endpoints> endpoints) {
    if (config.get(Options.KUBERNETES_USE_CONFIGMAPS)
        || endpoints.containsKey(ClusterNames.of(model).endpoints(PostgresRole.MASTER))) {
      return List.of();
    }
    return client
        .pods()
        .inNamespace(pg.getMetadata().getNamespace())
        .withLabels(Labels.of(model).role(PostgresRole.MASTER, false))
        .list()
        .getItems()
        .stream()
        .map(Pod::getStatus)
        .filter(s -> s != null && s.getPodIP() != null && !s.getPodIP().isEmpty())
        .map(s -> s.getPodIP())
        .sorted()
        .toList();
  }

  private Map<String, String> podEnvironmentConfigMap(OperatorConfig config, String clusterNs) {
    String ref = config.get(Options.POD_ENVIRONMENT_CONFIGMAP);
    if (ref == null || ref.isBlank()) {
      return Map.of();
    }
    NamespacedName cmRef = NamespacedName.parse(ref, clusterNs);
    ConfigMap cm = client.configMaps().inNamespace(cmRef.namespace()).withName(cmRef.name()).get();
    if (cm == null) {
      // Zalando fails the sync here; Tusk does too, naming what is missing.
      throw new IllegalStateException("pod_environment_configmap " + ref + " does not exist");
    }
    return cm.getData() == null ? Map.of() : cm.getData();
  }

  private Set<String> podEnvironmentSecretKeys(OperatorConfig config, String clusterNs) {
    String name = config.get(Options.POD_ENVIRONMENT_SECRET);
    if (name == null || name.isBlank()) {
      return Set.of();
    }
    Secret s = client.secrets().inNamespace(clusterNs).withName(name).get();
    if (s == null) {
      throw new IllegalStateException(
          "pod_environment_secret " + name + " does not exist in namespace " + clusterNs);
    }
    return s.getData() == null ? Set.of() : s.getData().keySet();
  }

  /**
   * The key names of {@code logical_backup_cronjob_environment_secret}, read only for a cluster
   * with logical backups (Zalando fails the job's generation when it cannot be read; so does this).
   */
  private Set<String> logicalBackupSecretKeys(Postgresql pg, OperatorConfig config, String ns) {
    String name = config.get(Options.LOGICAL_BACKUP_CRONJOB_ENVIRONMENT_SECRET);
    if (name == null
        || name.isBlank()
        || !Boolean.TRUE.equals(pg.getSpec().getEnableLogicalBackup())) {
      return Set.of();
    }
    Secret s = client.secrets().inNamespace(ns).withName(name).get();
    if (s == null) {
      // Only the backup job needs it: the cluster is kept as declared and the job runs without
      // those variables, as Zalando fails only its job step.
      LOG.warn(
          "{}/{}: logical_backup_cronjob_environment_secret {} does not exist; the logical backup"
              + " job gets none of its variables",
          ns,
          pg.getMetadata().getName(),
          name);
      return Set.of();
    }
    return s.getData() == null ? Set.of() : s.getData().keySet();
  }

  private static <T extends HasMetadata> Map<String, T> byName(Collection<T> objects) {
    return objects.stream()
        .collect(
            Collectors.toMap(
                o -> o.getMetadata().getName(),
                Function.identity(),
                (a, b) -> a,
                LinkedHashMap::new));
  }
}
