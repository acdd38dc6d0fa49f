package io.tusk.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.NamespacedName;
import io.tusk.spec.Observed;
import io.tusk.spec.PasswordSource;
import io.tusk.spec.secret.UserSecrets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The observe step: reads what the builders need from the cluster (contract: builders never read
 * the API themselves) and returns it as {@link Observed}. Credential Secrets come from the
 * informer cache; the pod-environment ConfigMap and Secret named in the configuration are read from
 * the API server, since they are few and not owned by any cluster.
 */
public final class ClusterObserver {
  private final KubernetesClient client;
  private final PasswordSource passwords;

  public ClusterObserver(KubernetesClient client, PasswordSource passwords) {
    this.client = client;
    this.passwords = passwords;
  }

  public Observed observe(
      Postgresql pg, OperatorConfig config, Collection<Secret> clusterSecrets, boolean statefulSetExists) {
    String ns = pg.getMetadata().getNamespace();
    Map<String, String> existing = new HashMap<>();
    for (Secret s : clusterSecrets) {
      String password = UserSecrets.passwordOf(s);
      if (password != null && !password.isEmpty()) {
        existing.put(s.getMetadata().getName(), password);
      }
    }
    PostgresStatus status = pg.getStatus();
    boolean creating =
        status == null
            || status.getPostgresClusterStatus() == null
            || PostgresStatus.CREATING.equals(status.getPostgresClusterStatus())
            || PostgresStatus.UNKNOWN.equals(status.getPostgresClusterStatus());
    return new Observed(
        existing,
        passwords,
        podEnvironmentConfigMap(config, ns),
        podEnvironmentSecretKeys(config, ns),
        creating || !statefulSetExists,
        List.of());
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
      throw new IllegalStateException("pod_environment_secret " + name + " does not exist in namespace " + clusterNs);
    }
    return s.getData() == null ? Set.of() : s.getData().keySet();
  }


}
