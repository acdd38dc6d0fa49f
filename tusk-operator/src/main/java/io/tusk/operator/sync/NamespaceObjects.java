package io.tusk.operator.sync;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pod ServiceAccount and its RoleBinding, shared by every cluster of a namespace. Like
 * Zalando's {@code controller/postgresql.go#submitRBACCredentials}, they are created when missing
 * and not updated afterwards (administrators may adapt them). A namespace is checked at most once a
 * minute, so hundreds of clusters in one namespace cost two reads a minute, not two per reconcile.
 */
public final class NamespaceObjects {
  private static final Duration RECHECK = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final ObjectApplier applier;
  private final Map<String, Instant> checked = new ConcurrentHashMap<>();

  public NamespaceObjects(KubernetesClient client, ObjectApplier applier) {
    this.client = client;
    this.applier = applier;
  }

  public List<String> ensure(ServiceAccount account, RoleBinding binding) {
    String ns = account.getMetadata().getNamespace();
    String key = ns + "/" + account.getMetadata().getName() + "/" + binding.getMetadata().getName();
    Instant last = checked.get(key);
    if (last != null && last.plus(RECHECK).isAfter(Instant.now())) {
      return List.of();
    }
    List<String> created = new ArrayList<>();
    ServiceAccount currentAccount =
        client.serviceAccounts().inNamespace(ns).withName(account.getMetadata().getName()).get();
    if (applier.createIfMissing(account, Optional.ofNullable(currentAccount)) == ObjectApplier.Outcome.CREATED) {
      created.add("created ServiceAccount " + account.getMetadata().getName());
    }
    RoleBinding currentBinding =
        client.rbac().roleBindings().inNamespace(ns).withName(binding.getMetadata().getName()).get();
    if (applier.createIfMissing(binding, Optional.ofNullable(currentBinding)) == ObjectApplier.Outcome.CREATED) {
      created.add("created RoleBinding " + binding.getMetadata().getName());
    }
    checked.put(key, Instant.now());
    return created;
  }
}
