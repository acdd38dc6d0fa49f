package io.tusk.local.pki;

import io.tusk.local.components.Component;
import io.tusk.local.components.ComponentFlags;
import io.tusk.local.pki.CertificateAuthority.Issued;
import io.tusk.local.pki.CertificateAuthority.LeafSpec;
import io.tusk.local.state.StateLayout;
import java.io.IOException;
import java.security.KeyPair;
import java.util.List;

/**
 * Generates the certificates and keys of one control plane into {@code <state>/pki} and the
 * kubeconfigs that use them, following kubeadm's naming of identities:
 *
 * <ul>
 *   <li>{@code ca.crt/key}: the CA every component trusts for serving and client certificates;
 *   <li>{@code kube-apiserver.crt}: serving certificate for 127.0.0.1, localhost and the names and
 *       ClusterIP of the {@code kubernetes} Service;
 *   <li>{@code kube-controller-manager.crt}, {@code kube-scheduler.crt}: client identities {@code
 *       system:kube-controller-manager} / {@code system:kube-scheduler} (bound by the bootstrap
 *       RBAC policy), also used to serve their health endpoints on 127.0.0.1;
 *   <li>{@code admin.crt}: {@code kubernetes-admin} in {@code system:masters} for the user;
 *   <li>{@code node-agent.crt}: the node agent, also in {@code system:masters} because it acts for
 *       every node (Node and Lease objects, pod status and deletion);
 *   <li>{@code apiserver-kubelet-client.crt}: the API server's identity towards the nodes' kubelet
 *       API ({@code kube-apiserver-kubelet-client} in {@code system:masters}, as kubeadm names it);
 *   <li>{@code kubelet.crt}: serving certificate of the node agent's kubelet API on 127.0.0.1 (the
 *       nodes' InternalIP), which the API server verifies against {@code ca.crt};
 *   <li>{@code front-proxy-ca.crt}, {@code front-proxy-client.crt}: the aggregation layer's
 *       request-header CA and the API server's proxy client identity;
 *   <li>{@code sa.key/pub}: service-account token signing key pair (ES256).
 * </ul>
 */
public final class LocalPki {

  public static final String ADMIN_USER = "kubernetes-admin";
  public static final String NODE_AGENT_USER = "tusk-local:node-agent";
  public static final String FRONT_PROXY_CLIENT = "front-proxy-client";
  public static final String APISERVER_KUBELET_CLIENT = "kube-apiserver-kubelet-client";

  /** Base name of the API server's client certificate for the kubelet API. */
  public static final String APISERVER_KUBELET_CLIENT_FILE = "apiserver-kubelet-client";

  /** Base name of the kubelet API's serving certificate. */
  public static final String KUBELET_SERVING_FILE = "kubelet";

  private LocalPki() {}

  /** Writes all PKI files and kubeconfigs for an API server at {@code apiserverUrl}. */
  public static void generate(StateLayout l, String apiserverUrl) throws IOException {
    CertificateAuthority ca = CertificateAuthority.create("tusk-local-ca");
    String caPem = Pem.encode(ca.certificate());
    Pem.writeFile(l.pki("ca.crt"), caPem, false);
    Pem.writeFile(l.pki("ca.key"), Pem.encode(ca.keyPair()), true);

    write(
        l,
        "kube-apiserver",
        ca.issue(
            new LeafSpec(
                "kube-apiserver",
                List.of(),
                List.of(
                    "localhost",
                    "kubernetes",
                    "kubernetes.default",
                    "kubernetes.default.svc",
                    "kubernetes.default.svc.cluster.local"),
                // The bridge address: pods reach the API server there (see PodNetwork).
                List.of("127.0.0.1", ComponentFlags.KUBERNETES_SERVICE_IP, "10.244.0.1"),
                true,
                false)));

    write(
        l,
        APISERVER_KUBELET_CLIENT_FILE,
        ca.issue(LeafSpec.client(APISERVER_KUBELET_CLIENT, "system:masters")));
    write(
        l,
        KUBELET_SERVING_FILE,
        ca.issue(
            new LeafSpec(
                "tusk-local-kubelet",
                List.of(),
                List.of("localhost"),
                List.of("127.0.0.1"),
                true,
                false)));

    // The aggregation layer's front proxy gets its own CA, as in kubeadm; without it the
    // controller-manager and scheduler keep logging that the request-header CA is missing.
    CertificateAuthority frontProxyCa = CertificateAuthority.create("tusk-local-front-proxy-ca");
    Pem.writeFile(l.pki("front-proxy-ca.crt"), Pem.encode(frontProxyCa.certificate()), false);
    Pem.writeFile(l.pki("front-proxy-ca.key"), Pem.encode(frontProxyCa.keyPair()), true);
    write(l, "front-proxy-client", frontProxyCa.issue(LeafSpec.client(FRONT_PROXY_CLIENT)));

    KeyPair sa = CertificateAuthority.newKeyPair();
    Pem.writeFile(l.pki("sa.key"), Pem.encode(sa), true);
    Pem.writeFile(l.pki("sa.pub"), Pem.encode(sa.getPublic()), false);

    Issued admin = ca.issue(LeafSpec.client(ADMIN_USER, "system:masters"));
    write(l, "admin", admin);
    Kubeconfigs.write(l.adminKubeconfig(), apiserverUrl, caPem, ADMIN_USER, admin);

    for (Component c : List.of(Component.KUBE_CONTROLLER_MANAGER, Component.KUBE_SCHEDULER)) {
      String user = "system:" + c.id();
      Issued issued =
          ca.issue(
              new LeafSpec(
                  user, List.of(), List.of("localhost"), List.of("127.0.0.1"), true, true));
      write(l, c.id(), issued);
      Kubeconfigs.write(l.componentKubeconfig(c.id()), apiserverUrl, caPem, user, issued);
    }

    Issued agent = ca.issue(LeafSpec.client(NODE_AGENT_USER, "system:masters"));
    write(l, Component.NODE_AGENT.id(), agent);
    Kubeconfigs.write(
        l.componentKubeconfig(Component.NODE_AGENT.id()),
        apiserverUrl,
        caPem,
        NODE_AGENT_USER,
        agent);
  }

  private static void write(StateLayout l, String name, Issued issued) throws IOException {
    Pem.writeFile(l.pki(name + ".crt"), Pem.encode(issued.certificate()), false);
    Pem.writeFile(l.pki(name + ".key"), Pem.encode(issued.keyPair()), true);
  }
}
