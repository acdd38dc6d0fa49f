package io.tusk.operator.database;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Labels;
import java.util.Map;
import java.util.Optional;

/**
 * The default {@link PrimaryResolver}: the primary is ready when a pod of the cluster carries the
 * master role label ({@code pod_role_label}, set by Patroni) and its Ready condition is true; the
 * sync then connects to {@code {cluster}.{namespace}.svc.{cluster_domain}:5432} with {@code
 * sslmode=require}, as Zalando's {@code database.go#pgConnectionString} does (v2.0.1).
 *
 * <p>Zalando waits for the master label during Create ({@code waitStatefulsetPodsReady}) and simply
 * fails the role sync when the primary is unreachable. Tusk checks first, so a cluster whose
 * Postgres is not up yet (or pods that never run Patroni, as in a simulated environment) skips the
 * sync cleanly instead of failing.
 */
public final class ServiceDnsPrimaryResolver implements PrimaryResolver {
  private final KubernetesClient client;

  public ServiceDnsPrimaryResolver(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Primary> resolve(Postgresql cluster, OperatorConfig config) {
    if (readyMaster(client, cluster, config).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Primary(serviceHost(cluster, config), 5432, "require"));
  }

  /** A pod of the cluster labelled master ({@code pod_role_label}) that is Ready, if any. */
  public static Optional<Pod> readyMaster(
      KubernetesClient client, Postgresql cluster, OperatorConfig config) {
    Map<String, String> selector =
        Labels.of(ClusterModel.of(cluster, config)).role(PostgresRole.MASTER, false);
    return client
        .pods()
        .inNamespace(cluster.getMetadata().getNamespace())
        .withLabels(selector)
        .list()
        .getItems()
        .stream()
        .filter(ServiceDnsPrimaryResolver::isReady)
        .findFirst();
  }

  /** {@code {cluster}.{namespace}.svc.{cluster_domain}}: the master Service. */
  public static String serviceHost(Postgresql cluster, OperatorConfig config) {
    return cluster.getMetadata().getName()
        + "."
        + cluster.getMetadata().getNamespace()
        + ".svc."
        + config.get(Options.CLUSTER_DOMAIN);
  }

  /** Running, not being deleted, and condition Ready=True. */
  public static boolean isReady(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null
        || pod.getStatus().getConditions() == null) {
      return false;
    }
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
