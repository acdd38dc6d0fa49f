package io.tusk.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Installs {@code deploy/rbac.yaml} (or another RBAC file) for an operator running in a test
 * namespace: its service account in that namespace, and the cluster-wide binding renamed per
 * namespace so test classes do not take it from each other. Tests run the operator as that service
 * account (impersonated).
 */
public final class DeployedRbac {
  private DeployedRbac() {}

  public static void install(KubernetesClient admin, String ns) {
    install(admin, ns, "deploy/rbac.yaml");
  }

  /**
   * Installs another RBAC file of the checkout's (e.g. {@code deploy/ui-rbac.yaml}) the same way.
   */
  public static void install(KubernetesClient admin, String ns, String file) {
    Path rbac = Path.of(System.getProperty("tusk.root.dir", "..")).resolve(file);
    List<HasMetadata> objects;
    try (InputStream in = Files.newInputStream(rbac)) {
      objects = admin.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (HasMetadata o : objects) {
      if (o instanceof ServiceAccount sa) {
        sa.getMetadata().setNamespace(ns);
        admin.resource(sa).inNamespace(ns).serverSideApply();
      } else if (o instanceof ClusterRoleBinding binding) {
        ClusterRoleBinding perNamespace =
            new ClusterRoleBindingBuilder(binding)
                .editMetadata()
                .withName(binding.getMetadata().getName() + "-" + ns)
                .endMetadata()
                .editFirstSubject()
                .withNamespace(ns)
                .endSubject()
                .build();
        admin.resource(perNamespace).serverSideApply();
      } else {
        admin.resource(o).serverSideApply();
      }
    }
  }
}
