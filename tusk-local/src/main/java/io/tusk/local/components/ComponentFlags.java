package io.tusk.local.components;

import io.tusk.local.audit.AuditPolicy;
import io.tusk.local.pki.LocalPki;
import io.tusk.local.state.StateLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line flags of each upstream component, assembled from the state layout and the chosen
 * ports (pure, unit tested). The choices mirror a kubeadm control plane shrunk onto loopback:
 *
 * <ul>
 *   <li>everything binds 127.0.0.1; etcd speaks plain HTTP there (only loopback can reach it) and
 *       skips fsync, since the state is thrown away by {@code down} anyway;
 *   <li>the API server's {@code kubernetes} Service endpoints are not reconciled ({@code
 *       --endpoint-reconciler-type=none}): Endpoints may not hold loopback addresses, and the only
 *       address we have is 127.0.0.1;
 *   <li>Service ClusterIPs come from {@value #SERVICE_CIDR}; they are only allocated, no traffic is
 *       ever sent to them (there is no kube-proxy);
 *   <li>the controller-manager runs every controller but the cloud ones, with a short node monitor
 *       period so that node health is judged quickly (the agent's heartbeat is real);
 *   <li>the API server reaches the nodes' kubelet API (logs, exec, port-forward) at their
 *       InternalIP with its own client certificate and verifies the node's serving certificate
 *       against our CA, as kubeadm configures it;
 *   <li>controller-manager and scheduler serve health checks over TLS with certificates from our
 *       CA, so {@code up} can verify them without disabling certificate checks.
 * </ul>
 */
public final class ComponentFlags {

  public static final String SERVICE_CIDR = "10.96.0.0/16";

  /** First address of {@link #SERVICE_CIDR}: the {@code kubernetes} Service's ClusterIP. */
  public static final String KUBERNETES_SERVICE_IP = "10.96.0.1";

  public static final String SERVICE_ACCOUNT_ISSUER =
      "https://kubernetes.default.svc.cluster.local";
  public static final String CLUSTER_NAME = "tusk-local";

  /** Cloud-provider controllers; they have nothing to do without a cloud. */
  static final List<String> DISABLED_CONTROLLERS =
      List.of("service-lb-controller", "node-route-controller", "cloud-node-lifecycle-controller");

  /**
   * Timing of the node-lifecycle controller.
   *
   * @param nodeMonitorPeriod how often it checks node heartbeats
   * @param nodeMonitorGracePeriod heartbeat age after which a node becomes Unknown (upstream: 50s)
   */
  public record NodeMonitoring(Duration nodeMonitorPeriod, Duration nodeMonitorGracePeriod) {
    public static final NodeMonitoring DEFAULT =
        new NodeMonitoring(Duration.ofSeconds(2), Duration.ofSeconds(20));
  }

  private ComponentFlags() {}

  public static List<String> etcd(StateLayout l, Ports p) {
    String client = "http://127.0.0.1:" + p.etcdClient();
    String peer = "http://127.0.0.1:" + p.etcdPeer();
    return List.of(
        "--name=" + CLUSTER_NAME,
        "--data-dir=" + l.etcdData(),
        "--listen-client-urls=" + client,
        "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=" + CLUSTER_NAME + "=" + peer,
        "--initial-cluster-state=new",
        "--unsafe-no-fsync=true",
        "--log-level=warn");
  }

  public static List<String> apiserver(StateLayout l, Ports p) {
    return apiserver(l, p, null, false);
  }

  /**
   * API server flags; with {@code podNetworkAddress} (real pods) the server still listens on
   * loopback only, but advertises the bridge address, where the node agent relays to it, so the
   * {@code kubernetes} Service gets that endpoint (lease reconciler) and pods reach it. With {@code
   * auditWrites} it logs every write request ({@link AuditPolicy}) to {@link
   * StateLayout#auditLog()}.
   */
  public static List<String> apiserver(
      StateLayout l, Ports p, String podNetworkAddress, boolean auditWrites) {
    List<String> f = new ArrayList<>();
    f.add("--etcd-servers=http://127.0.0.1:" + p.etcdClient());
    f.add("--bind-address=127.0.0.1");
    if (podNetworkAddress == null) {
      f.add("--advertise-address=127.0.0.1");
      f.add("--endpoint-reconciler-type=none");
    } else {
      f.add("--advertise-address=" + podNetworkAddress);
      f.add("--endpoint-reconciler-type=lease");
    }
    f.add("--secure-port=" + p.apiserver());
    f.add("--service-cluster-ip-range=" + SERVICE_CIDR);
    f.add("--tls-cert-file=" + l.pki("kube-apiserver.crt"));
    f.add("--tls-private-key-file=" + l.pki("kube-apiserver.key"));
    f.add("--client-ca-file=" + l.pki("ca.crt"));
    f.add("--service-account-issuer=" + SERVICE_ACCOUNT_ISSUER);
    f.add("--service-account-key-file=" + l.pki("sa.pub"));
    f.add("--service-account-signing-key-file=" + l.pki("sa.key"));
    f.add("--authorization-mode=Node,RBAC");
    f.add("--enable-admission-plugins=NodeRestriction");
    f.add("--allow-privileged=true");
    f.add("--requestheader-client-ca-file=" + l.pki("front-proxy-ca.crt"));
    f.add("--requestheader-allowed-names=" + LocalPki.FRONT_PROXY_CLIENT);
    f.add("--requestheader-username-headers=X-Remote-User");
    f.add("--requestheader-group-headers=X-Remote-Group");
    f.add("--requestheader-extra-headers-prefix=X-Remote-Extra-");
    f.add("--proxy-client-cert-file=" + l.pki("front-proxy-client.crt"));
    f.add("--proxy-client-key-file=" + l.pki("front-proxy-client.key"));
    f.add("--kubelet-client-certificate=" + l.pki(LocalPki.APISERVER_KUBELET_CLIENT_FILE + ".crt"));
    f.add("--kubelet-client-key=" + l.pki(LocalPki.APISERVER_KUBELET_CLIENT_FILE + ".key"));
    f.add("--kubelet-certificate-authority=" + l.pki("ca.crt"));
    f.add("--kubelet-preferred-address-types=InternalIP");
    f.add("--profiling=false");
    // Controllers of benchmarks create many objects quickly; do not throttle them at the server.
    f.add("--max-requests-inflight=1000");
    f.add("--max-mutating-requests-inflight=500");
    if (auditWrites) {
      f.addAll(AuditPolicy.apiserverFlags(l.auditPolicy(), l.auditLog()));
    }
    return f;
  }

  public static List<String> controllerManager(StateLayout l, Ports p, NodeMonitoring nodes) {
    String kubeconfig = l.componentKubeconfig(Component.KUBE_CONTROLLER_MANAGER.id()).toString();
    List<String> f = new ArrayList<>();
    f.add("--kubeconfig=" + kubeconfig);
    f.add("--authentication-kubeconfig=" + kubeconfig);
    f.add("--authorization-kubeconfig=" + kubeconfig);
    f.add("--bind-address=127.0.0.1");
    f.add("--secure-port=" + p.controllerManager());
    f.add("--tls-cert-file=" + l.pki("kube-controller-manager.crt"));
    f.add("--tls-private-key-file=" + l.pki("kube-controller-manager.key"));
    f.add("--client-ca-file=" + l.pki("ca.crt"));
    f.add("--service-account-private-key-file=" + l.pki("sa.key"));
    f.add("--root-ca-file=" + l.pki("ca.crt"));
    f.add("--use-service-account-credentials=true");
    f.add("--cluster-signing-cert-file=" + l.pki("ca.crt"));
    f.add("--cluster-signing-key-file=" + l.pki("ca.key"));
    f.add("--cluster-name=" + CLUSTER_NAME);
    f.add("--service-cluster-ip-range=" + SERVICE_CIDR);
    f.add("--allocate-node-cidrs=false");
    f.add(
        "--controllers=*,"
            + String.join(",", DISABLED_CONTROLLERS.stream().map(c -> "-" + c).toList()));
    f.add("--leader-elect=false");
    f.add("--node-monitor-period=" + seconds(nodes.nodeMonitorPeriod()));
    f.add("--node-monitor-grace-period=" + seconds(nodes.nodeMonitorGracePeriod()));
    f.add("--kube-api-qps=200");
    f.add("--kube-api-burst=400");
    return f;
  }

  public static List<String> scheduler(StateLayout l, Ports p) {
    String kubeconfig = l.componentKubeconfig(Component.KUBE_SCHEDULER.id()).toString();
    return List.of(
        "--kubeconfig=" + kubeconfig,
        "--authentication-kubeconfig=" + kubeconfig,
        "--authorization-kubeconfig=" + kubeconfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + p.scheduler(),
        "--tls-cert-file=" + l.pki("kube-scheduler.crt"),
        "--tls-private-key-file=" + l.pki("kube-scheduler.key"),
        "--client-ca-file=" + l.pki("ca.crt"),
        "--leader-elect=false");
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }
}
