package io.tusk.operator.pooler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.pooler.AdminTarget;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.network.Services;
import io.tusk.spec.pooler.ConnectionPoolers;
import io.tusk.spec.secret.UserSecrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A cluster's master pooler as it runs: its Deployment, the admin console of each running pod, and
 * the pooler role's login (a user of the consoles' {@code admin_users}, as Zalando's pooler image
 * configures them).
 */
final class MasterPoolers {

  /**
   * @param deployment the Deployment {@code {cluster}-pooler}
   * @param consoles the admin console of every running pod with an address
   * @param login the pooler role and its password (from its credentials Secret)
   */
  record Found(Deployment deployment, List<AdminTarget> consoles, Login login) {
    String name() {
      return deployment.getMetadata().getName();
    }

    String namespace() {
      return deployment.getMetadata().getNamespace();
    }

    String pods() {
      return String.join(", ", consoles.stream().map(AdminTarget::instance).toList());
    }
  }

  /** A role and its password; the password is never part of {@link #toString()}. */
  record Login(String user, String password) {
    @Override
    public String toString() {
      return "Login[" + user + "]";
    }
  }

  private MasterPoolers() {}

  /** The Deployment name of the cluster's master pooler. */
  static String name(Postgresql pg, OperatorConfig cfg) {
    return ClusterNames.of(ClusterModel.of(pg, cfg)).pooler(PostgresRole.MASTER);
  }

  /**
   * Reads the Deployment, its pods and the pooler role's Secret; empty when the cluster has no
   * master pooler Deployment or its Secret has no password yet.
   */
  static Optional<Found> find(KubernetesClient client, Postgresql pg, OperatorConfig cfg) {
    ClusterModel model = ClusterModel.of(pg, cfg);
    String namespace = pg.getMetadata().getNamespace();
    String name = ClusterNames.of(model).pooler(PostgresRole.MASTER);
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      return Optional.empty();
    }
    String user = ConnectionPoolers.poolerUser(model);
    Secret secret =
        client
            .secrets()
            .inNamespace(namespace)
            .withName(ClusterNames.of(model).credentialSecret(user))
            .get();
    String password = UserSecrets.passwordOf(secret);
    if (password == null) {
      return Optional.empty();
    }
    String username = decoded(secret, "username");
    Login login = new Login(username != null ? username : user, password);
    List<Pod> pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabels(ConnectionPoolers.labels(model, PostgresRole.MASTER, false))
            .list()
            .getItems();
    List<AdminTarget> consoles =
        pods.stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
            .filter(p -> p.getStatus().getPodIP() != null && !p.getStatus().getPodIP().isBlank())
            .map(
                p ->
                    AdminTarget.of(
                        namespace + "/" + p.getMetadata().getName(),
                        p.getStatus().getPodIP(),
                        Services.PORT,
                        login.user(),
                        login.password()))
            .sorted(java.util.Comparator.comparing(AdminTarget::instance))
            .toList();
    return Optional.of(new Found(deployment, consoles, login));
  }

  private static String decoded(Secret secret, String key) {
    if (secret.getData() == null || secret.getData().get(key) == null) {
      return null;
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
