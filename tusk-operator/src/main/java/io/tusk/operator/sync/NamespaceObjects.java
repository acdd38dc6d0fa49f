package io.tusk.operator.sync;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod ServiceAccount and its RoleBinding, shared by every cluster of a namespace. Like
 * Zalando's {@code controller/postgresql.go#submitRBACCredentials}, both are created when missing.
 * The ServiceAccount is then kept as configured ({@code pod_service_account_definition}, {@code
 * irsa_role_arn}): what the configuration adds later (e.g. an IRSA annotation) is applied, and what
 * it drops is removed if Tusk had applied it, while what administrators add stays (Zalando v2 syncs
 * only the IRSA annotation). The RoleBinding is not updated (its role reference cannot change). A
 * namespace is checked at most once a minute, or at once when the desired objects changed, so
 * hundreds of clusters in one namespace cost three reads a minute, not three per reconcile.
 *
 * <p>The check also reads the ClusterRole the RoleBinding grants (Zalando's {@code postgres-pod}):
 * without it Patroni in the pods cannot write its leader lock or its pod's role label, so no pod
 * ever becomes the leader, and nothing else says why.
 */
public final class NamespaceObjects {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceObjects.class);
  private static final Duration RECHECK = Duration.ofMinutes(1);

  /**
   * @param created what was created or updated, for the cluster's Normal Event
   * @param problem what is missing for the pods, e.g. the ClusterRole, or empty
   */
  public record Result(List<String> created, Optional<String> problem) {}

  private record Checked(
      Instant at, Optional<String> problem, ServiceAccount account, RoleBinding binding) {}

  private final KubernetesClient client;
  private final ObjectApplier applier;
  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  public NamespaceObjects(KubernetesClient client, ObjectApplier applier) {
    this.client = client;
    this.applier = applier;
  }

  public Result ensure(ServiceAccount account, RoleBinding binding) {
    String ns = account.getMetadata().getNamespace();
    String key = ns + "/" + account.getMetadata().getName() + "/" + binding.getMetadata().getName();
    Checked last = checked.get(key);
    if (last != null
        && last.at().plus(RECHECK).isAfter(Instant.now())
        && last.account().equals(account)
        && last.binding().equals(binding)) {
      return new Result(List.of(), last.problem());
    }
    List<String> created = new ArrayList<>();
    ServiceAccount currentAccount =
        client.serviceAccounts().inNamespace(ns).withName(account.getMetadata().getName()).get();
    switch (applier.apply(account, Optional.ofNullable(currentAccount))) {
      case CREATED -> created.add("created ServiceAccount " + account.getMetadata().getName());
      case UPDATED -> created.add("updated ServiceAccount " + account.getMetadata().getName());
      case UNCHANGED -> {}
    }
    RoleBinding currentBinding =
        client
            .rbac()
            .roleBindings()
            .inNamespace(ns)
            .withName(binding.getMetadata().getName())
            .get();
    if (applier.createIfMissing(binding, Optional.ofNullable(currentBinding))
        == ObjectApplier.Outcome.CREATED) {
      created.add("created RoleBinding " + binding.getMetadata().getName());
    }
    Optional<String> problem =
        missingClusterRole(currentBinding != null ? currentBinding : binding, account);
    checked.put(key, new Checked(Instant.now(), problem, account, binding));
    return new Result(created, problem);
  }

  /** The ClusterRole the binding grants, when it does not exist. */
  private Optional<String> missingClusterRole(RoleBinding binding, ServiceAccount account) {
    RoleRef ref = binding.getRoleRef();
    if (ref == null || !"ClusterRole".equals(ref.getKind()) || ref.getName() == null) {
      return Optional.empty();
    }
    try {
      if (client.rbac().clusterRoles().withName(ref.getName()).get() != null) {
        return Optional.empty();
      }
    } catch (KubernetesClientException e) {
      // Not allowed to read it (RBAC grants get on postgres-pod only): nothing to tell.
      LOG.debug("cannot read ClusterRole {}: {}", ref.getName(), e.getMessage());
      return Optional.empty();
    }
    return Optional.of(
        missingClusterRoleMessage(
            ref.getName(),
            binding.getMetadata().getName(),
            binding.getMetadata().getNamespace(),
            account.getMetadata().getName()));
  }

  static String missingClusterRoleMessage(
      String clusterRole, String binding, String namespace, String serviceAccount) {
    return "ClusterRole "
        + clusterRole
        + " does not exist: RoleBinding "
        + namespace
        + "/"
        + binding
        + " grants it to the pods' service account "
        + serviceAccount
        + ", and without it Patroni"
        + " cannot elect a leader (create the ClusterRole, e.g. with deploy/rbac.yaml)";
  }
}
