package io.tusk.operator.sync;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.streams.FabricEventStreamSync;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.pooler.ConnectionPoolers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes a cluster's objects when its manifest is deleted, in the order of Zalando's {@code
 * cluster.go#Delete}: {@code FabricEventStream} resources (when their CRD is installed),
 * StatefulSet (and its pods), PVCs if {@code enable_persistent_volume_claim_deletion}, credential
 * Secrets if {@code enable_secrets_deletion}, PodDisruptionBudgets, Endpoints and Services, then
 * the objects Patroni created ({@code -leader}, {@code -config}, {@code -failover}, {@code -sync}
 * ConfigMaps or Endpoints, and the {@code -config} Service), then the connection poolers'
 * Deployments, Services and userlist Secrets (always, as Zalando). Objects are found by the
 * cluster's labels, so objects created by Zalando's operator before a switch to Tusk go too. Every
 * step runs even if an earlier one failed; the failures are returned.
 */
public final class ClusterDeletion {
  private final KubernetesClient client;

  public ClusterDeletion(KubernetesClient client) {
    this.client = client;
  }

  public List<String> delete(Postgresql pg, OperatorConfig config) {
    String ns = pg.getMetadata().getNamespace();
    String name = pg.getMetadata().getName();
    Map<String, String> selector =
        new java.util.LinkedHashMap<>(config.get(Options.CLUSTER_LABELS));
    selector.put(config.get(Options.CLUSTER_NAME_LABEL), name);
    List<String> errors = new ArrayList<>();

    step(errors, "event streams", () -> new FabricEventStreamSync(client).deleteAll(ns, selector));
    // Zalando's Delete removes the logical backup CronJob first, by name (its Jobs are orphaned;
    // their TTL removes them).
    step(
        errors,
        "logical backup cronjob",
        () ->
            client
                .batch()
                .v1()
                .cronjobs()
                .inNamespace(ns)
                .withName(ClusterNames.of(ClusterModel.of(pg, config)).logicalBackupCronJob())
                .withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete());
    step(
        errors,
        "statefulset",
        () ->
            client
                .apps()
                .statefulSets()
                .inNamespace(ns)
                .withName(name)
                .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete());
    step(errors, "pods", () -> client.pods().inNamespace(ns).withLabels(selector).delete());
    if (config.get(Options.ENABLE_PERSISTENT_VOLUME_CLAIM_DELETION)) {
      step(
          errors,
          "persistent volume claims",
          () -> client.persistentVolumeClaims().inNamespace(ns).withLabels(selector).delete());
    }
    if (config.get(Options.ENABLE_SECRETS_DELETION)) {
      step(errors, "secrets", () -> client.secrets().inNamespace(ns).withLabels(selector).delete());
    }
    step(
        errors,
        "pod disruption budgets",
        () ->
            client
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(ns)
                .withLabels(selector)
                .delete());
    step(
        errors,
        "endpoints",
        () -> client.endpoints().inNamespace(ns).withLabels(selector).delete());
    step(errors, "services", () -> client.services().inNamespace(ns).withLabels(selector).delete());
    for (String suffix : List.of("", "-leader", "-config", "-failover", "-sync")) {
      String patroniObject = name + suffix;
      step(
          errors,
          "patroni objects",
          () -> {
            client.configMaps().inNamespace(ns).withName(patroniObject).delete();
            client.endpoints().inNamespace(ns).withName(patroniObject).delete();
          });
    }
    step(
        errors,
        "patroni config service",
        () -> client.services().inNamespace(ns).withName(name + "-config").delete());
    // The poolers' objects carry application: db-connection-pooler instead of the cluster labels.
    Map<String, String> poolers = new java.util.LinkedHashMap<>(selector);
    poolers.put("application", ConnectionPoolers.APPLICATION);
    Set<String> deploymentsAndServices = new HashSet<>();
    Set<String> userlists = new HashSet<>();
    for (PostgresRole role : PostgresRole.values()) {
      deploymentsAndServices.add(PoolerRemoval.poolerName(name, role));
      userlists.add(PoolerRemoval.poolerName(name, role) + "-u");
    }
    step(
        errors,
        "connection pooler deployments",
        () ->
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withLabels(poolers)
                .list()
                .getItems()
                .stream()
                .filter(d -> deploymentsAndServices.contains(d.getMetadata().getName()))
                .forEach(
                    d ->
                        client
                            .apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName(d.getMetadata().getName())
                            .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                            .delete()));
    step(
        errors,
        "connection pooler services",
        () ->
            client.services().inNamespace(ns).withLabels(poolers).list().getItems().stream()
                .filter(svc -> deploymentsAndServices.contains(svc.getMetadata().getName()))
                .forEach(
                    svc ->
                        client
                            .services()
                            .inNamespace(ns)
                            .withName(svc.getMetadata().getName())
                            .delete()));
    step(
        errors,
        "connection pooler userlist secrets",
        () ->
            client.secrets().inNamespace(ns).withLabels(poolers).list().getItems().stream()
                .filter(secret -> userlists.contains(secret.getMetadata().getName()))
                .forEach(
                    secret ->
                        client
                            .secrets()
                            .inNamespace(ns)
                            .withName(secret.getMetadata().getName())
                            .delete()));
    return errors;
  }

  private static void step(List<String> errors, String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      errors.add("could not delete " + what + ": " + e.getMessage());
    }
  }
}
