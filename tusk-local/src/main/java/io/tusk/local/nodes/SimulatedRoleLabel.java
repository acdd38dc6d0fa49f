package io.tusk.local.nodes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Patroni's part in a simulated Spilo pod: the role label it gives its own pod. A Spilo pod says
 * which label and which cluster in its environment ({@code KUBERNETES_ROLE_LABEL}, {@code
 * KUBERNETES_SCOPE_LABEL}, {@code SCOPE}); the first pod of a cluster becomes {@code master}, the
 * others {@code replica}. Only the cluster's Spilo pods count, as only they are Patroni members:
 * its connection pooler's pods carry the cluster and role labels too. The node agent writes the
 * label as the pod's service account would (only if that account may patch pods), so a pod whose
 * service account lacks the RBAC Patroni needs stays unlabelled, as a real one would. Pure; the
 * agent does the writing.
 */
final class SimulatedRoleLabel {
  static final String MASTER = "master";
  static final String REPLICA = "replica";

  private SimulatedRoleLabel() {}

  /**
   * What Patroni would label: the role label key, the scope label key and the cluster.
   *
   * @param roleLabel {@code KUBERNETES_ROLE_LABEL}
   * @param scopeLabel {@code KUBERNETES_SCOPE_LABEL} (Patroni's default {@code cluster-name})
   * @param scope {@code SCOPE}, the cluster's name
   */
  record Spilo(String roleLabel, String scopeLabel, String scope) {}

  /** The Spilo settings of a pod whose role label is not set yet; empty for any other pod. */
  static Optional<Spilo> unlabelled(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return Optional.empty();
    }
    for (Container c : pod.getSpec().getContainers()) {
      String role = env(c, "KUBERNETES_ROLE_LABEL");
      String scope = env(c, "SCOPE");
      if (role == null || role.isEmpty() || scope == null || scope.isEmpty()) {
        continue;
      }
      String scopeLabel = Objects.requireNonNullElse(env(c, "KUBERNETES_SCOPE_LABEL"), "");
      Map<String, String> labels = pod.getMetadata().getLabels();
      if (labels != null && labels.get(role) != null) {
        return Optional.empty();
      }
      return Optional.of(
          new Spilo(role, scopeLabel.isEmpty() ? "cluster-name" : scopeLabel, scope));
    }
    return Optional.empty();
  }

  /**
   * The role for {@code pod}: {@code master} unless another pod of the same cluster in its
   * namespace, not being deleted, already is (or was just made) the master.
   *
   * @param assignedMaster the pod the agent made master of this cluster last, if any
   */
  static String role(Pod pod, Spilo spilo, Collection<Pod> pods, Optional<String> assignedMaster) {
    String ns = pod.getMetadata().getNamespace();
    for (Pod other : pods) {
      if (other.getMetadata().getName().equals(pod.getMetadata().getName())
          || !ns.equals(other.getMetadata().getNamespace())
          || other.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      Map<String, String> labels = other.getMetadata().getLabels();
      if (labels == null
          || !spilo.scope().equals(labels.get(spilo.scopeLabel()))
          || !runsSpilo(other, spilo.scope())) {
        continue;
      }
      if (MASTER.equals(labels.get(spilo.roleLabel()))
          || assignedMaster.filter(other.getMetadata().getName()::equals).isPresent()) {
        return REPLICA;
      }
    }
    return MASTER;
  }

  /** Whether the pod runs a Spilo container of this scope (a Patroni member of the cluster). */
  private static boolean runsSpilo(Pod pod, String scope) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return false;
    }
    return pod.getSpec().getContainers().stream()
        .anyMatch(c -> scope.equals(env(c, "SCOPE")) && env(c, "KUBERNETES_ROLE_LABEL") != null);
  }

  private static String env(Container c, String name) {
    if (c.getEnv() == null) {
      return null;
    }
    return c.getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .map(EnvVar::getValue)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
