package io.tusk.local.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.images.PodUser;
import io.tusk.local.pki.Kubeconfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The credentials a kubelet projects into a pod for its service account, as a kubeconfig: a token
 * from the TokenRequest API bound to the pod (so it dies with the pod) and the cluster CA, with the
 * API server at an address the pod's network namespace reaches ({@code https://10.244.0.1:<port>},
 * relayed to the API server on loopback). Patroni's Kubernetes DCS reads it through {@code
 * KUBECONFIG} and {@code kubernetes.context}.
 */
final class ServiceAccountKubeconfig {

  /** Token lifetime: a day, like the kubelet's default for projected tokens of long-lived pods. */
  static final long EXPIRATION_SECONDS = 86_400;

  private ServiceAccountKubeconfig() {}

  /** Writes the pod's kubeconfig; null when the pod's service account does not exist yet. */
  static Path write(
      KubernetesClient client, Pod pod, String server, Path caFile, Path target, PodUser user)
      throws IOException {
    String ns = pod.getMetadata().getNamespace();
    String sa =
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
    if (client.serviceAccounts().inNamespace(ns).withName(sa).get() == null) {
      return null;
    }
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(EXPIRATION_SECONDS)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    String token =
        client
            .serviceAccounts()
            .inNamespace(ns)
            .withName(sa)
            .tokenRequest(request)
            .getStatus()
            .getToken();
    String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(caFile));
    String yaml =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: "
            + Kubeconfigs.CONTEXT
            + "\n  cluster:\n    server: "
            + server
            + "\n    certificate-authority-data: "
            + ca
            + "\ncontexts:\n- name: "
            + Kubeconfigs.CONTEXT
            + "\n  context:\n    cluster: "
            + Kubeconfigs.CONTEXT
            + "\n    user: "
            + sa
            + "\n    namespace: "
            + ns
            + "\ncurrent-context: "
            + Kubeconfigs.CONTEXT
            + "\nusers:\n- name: "
            + sa
            + "\n  user:\n    token: "
            + token
            + "\n";
    user.privateFile(target, yaml);
    // The in-cluster files too, for programs that read the well-known names.
    Path sadir = target.resolveSibling("serviceaccount");
    user.directory(sadir, "rwx------");
    user.privateFile(sadir.resolve("token"), token);
    user.file(
        sadir.resolve("ca.crt"), Files.readString(caFile, StandardCharsets.UTF_8), "rw-r--r--");
    user.file(sadir.resolve("namespace"), ns, "rw-r--r--");
    return target;
  }
}
