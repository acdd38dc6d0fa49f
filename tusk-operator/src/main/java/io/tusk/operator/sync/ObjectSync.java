package io.tusk.operator.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.config.OperatorConfig;
import io.tusk.operator.observe.ClusterWorld;
import io.tusk.spec.DesiredState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object step: brings a cluster's Kubernetes objects to the desired state, one kind after the
 * other in Zalando's order, with each kind's rule in one place:
 *
 * <ul>
 *   <li>the pods' ServiceAccount and RoleBinding: created when missing, never updated ({@link
 *       NamespaceObjects}, which also reports a missing {@code postgres-pod} ClusterRole);
 *   <li>the master Endpoints (Endpoints mode): created when missing only, since Patroni owns it;
 *   <li>Services and PodDisruptionBudgets: server-side apply where the cached object differs;
 *   <li>credential Secrets: through their one writer ({@link CredentialSecretWriter}), never
 *       replacing a stored password;
 *   <li>the StatefulSet: {@link StatefulSetSync} (update, replace on immutable changes, rolling
 *       update flags).
 * </ul>
 *
 * Current objects come from the observe step's {@link ClusterWorld}; nothing is read here.
 */
public final class ObjectSync {

  /**
   * What the step did.
   *
   * @param changes a human-readable line per change, for the cluster's Normal Event
   * @param podProblem what the pods lack (e.g. the ClusterRole), or empty
   */
  public record Applied(List<String> changes, Optional<String> podProblem) {}

  private final ObjectApplier applier;
  private final NamespaceObjects namespaceObjects;
  private final CredentialSecretWriter secrets;
  private final StatefulSetSync statefulSets;

  public ObjectSync(KubernetesClient client) {
    this.applier = new ObjectApplier(client);
    this.namespaceObjects = new NamespaceObjects(client, applier);
    this.secrets = new CredentialSecretWriter(client, applier);
    this.statefulSets = new StatefulSetSync(client, applier);
  }

  public Applied apply(DesiredState desired, ClusterWorld world, OperatorConfig config) {
    NamespaceObjects.Result namespace =
        namespaceObjects.ensure(desired.podServiceAccount(), desired.podRoleBinding());
    List<String> changes = new ArrayList<>(namespace.created());

    desired
        .masterEndpoints()
        .ifPresent(
            ep -> {
              if (applier.createIfMissing(ep, world.endpoint(ep.getMetadata().getName()))
                  == ObjectApplier.Outcome.CREATED) {
                changes.add("created Endpoints " + ep.getMetadata().getName());
              }
            });
    for (Service svc : List.of(desired.masterService(), desired.replicaService())) {
      note(changes, "Service", svc, applier.apply(svc, world.service(svc.getMetadata().getName())));
    }
    for (Secret built : desired.secrets()) {
      String ns =
          built.getMetadata().getNamespace() == null
              ? desired.statefulSet().getMetadata().getNamespace()
              : built.getMetadata().getNamespace();
      Optional<Secret> stored = world.secret(ns, built.getMetadata().getName());
      note(changes, "Secret", built, secrets.apply(built, stored));
    }
    for (PodDisruptionBudget pdb : List.of(desired.masterPdb(), desired.criticalOpPdb())) {
      note(
          changes,
          "PodDisruptionBudget",
          pdb,
          applier.apply(pdb, world.podDisruptionBudget(pdb.getMetadata().getName())));
    }
    Map<String, String> podSelector =
        new LinkedHashMap<>(desired.statefulSet().getSpec().getSelector().getMatchLabels());
    StatefulSetSync.Result sts =
        statefulSets.sync(desired.statefulSet(), world.statefulSet(), podSelector, config);
    if (sts.created()) {
      changes.add("created StatefulSet " + desired.statefulSet().getMetadata().getName());
    } else if (sts.changed()) {
      String what =
          switch (sts.action()) {
            case REPLACE -> "replaced StatefulSet (pods orphaned and kept)";
            case ROLLING_UPDATE -> "updated StatefulSet; pods flagged for rolling update";
            default -> "updated StatefulSet";
          };
      changes.add(what + ": " + String.join(", ", sts.reasons()));
    }
    return new Applied(changes, namespace.problem());
  }

  private static void note(
      List<String> changes, String kind, HasMetadata o, ObjectApplier.Outcome outcome) {
    switch (outcome) {
      case CREATED -> changes.add("created " + kind + " " + o.getMetadata().getName());
      case UPDATED -> changes.add("updated " + kind + " " + o.getMetadata().getName());
      case UNCHANGED -> {}
    }
  }
}
