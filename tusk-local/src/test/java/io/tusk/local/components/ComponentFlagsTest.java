package io.tusk.local.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.local.components.ComponentFlags.NodeMonitoring;
import io.tusk.local.state.StateLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentFlagsTest {

  private final StateLayout layout = new StateLayout(Path.of("/state"));
  private final Ports ports = new Ports(2001, 2002, 6001, 7001, 8001, 9001);

  @Test
  void etcdListensOnLoopbackWithChosenPorts() {
    List<String> f = ComponentFlags.etcd(layout, ports);
    assertThat(f)
        .contains(
            "--data-dir=/state/etcd",
            "--listen-client-urls=http://127.0.0.1:2001",
            "--advertise-client-urls=http://127.0.0.1:2001",
            "--listen-peer-urls=http://127.0.0.1:2002",
            "--initial-cluster=tusk-local=http://127.0.0.1:2002");
  }

  @Test
  void apiserverUsesGeneratedPkiAndLoopback() {
    List<String> f = ComponentFlags.apiserver(layout, ports);
    assertThat(f)
        .contains(
            "--etcd-servers=http://127.0.0.1:2001",
            "--secure-port=6001",
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            "--endpoint-reconciler-type=none",
            "--service-cluster-ip-range=10.96.0.0/16",
            "--tls-cert-file=/state/pki/kube-apiserver.crt",
            "--tls-private-key-file=/state/pki/kube-apiserver.key",
            "--client-ca-file=/state/pki/ca.crt",
            "--service-account-key-file=/state/pki/sa.pub",
            "--service-account-signing-key-file=/state/pki/sa.key",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--authorization-mode=Node,RBAC",
            "--allow-privileged=true",
            "--requestheader-client-ca-file=/state/pki/front-proxy-ca.crt",
            "--requestheader-allowed-names=front-proxy-client",
            "--proxy-client-cert-file=/state/pki/front-proxy-client.crt",
            "--proxy-client-key-file=/state/pki/front-proxy-client.key");
  }

  @Test
  void apiserverReachesTheKubeletApiWithItsOwnClientCertificate() {
    assertThat(ComponentFlags.apiserver(layout, ports))
        .contains(
            "--kubelet-client-certificate=/state/pki/apiserver-kubelet-client.crt",
            "--kubelet-client-key=/state/pki/apiserver-kubelet-client.key",
            "--kubelet-certificate-authority=/state/pki/ca.crt",
            "--kubelet-preferred-address-types=InternalIP");
  }

  @Test
  void apiserverAuditsWritesOnlyWhenAsked() {
    assertThat(ComponentFlags.apiserver(layout, ports)).noneMatch(f -> f.startsWith("--audit"));
    assertThat(ComponentFlags.apiserver(layout, ports, null, true))
        .contains(
            "--audit-policy-file=/state/audit-policy.yaml",
            "--audit-log-path=/state/logs/audit.log",
            "--audit-log-format=json");
  }

  @Test
  void controllerManagerRunsAllButCloudControllersWithTunedNodeMonitoring() {
    List<String> f =
        ComponentFlags.controllerManager(
            layout, ports, new NodeMonitoring(Duration.ofSeconds(3), Duration.ofSeconds(25)));
    assertThat(f)
        .contains(
            "--kubeconfig=/state/kubeconfigs/kube-controller-manager.kubeconfig",
            "--secure-port=7001",
            "--bind-address=127.0.0.1",
            "--service-account-private-key-file=/state/pki/sa.key",
            "--root-ca-file=/state/pki/ca.crt",
            "--use-service-account-credentials=true",
            "--leader-elect=false",
            "--node-monitor-period=3s",
            "--node-monitor-grace-period=25s",
            "--controllers=*,-service-lb-controller,-node-route-controller,-cloud-node-lifecycle-controller");
    // The controllers the operator depends on stay on: '*' keeps them, nothing disables them.
    String controllers =
        f.stream().filter(s -> s.startsWith("--controllers=")).findFirst().orElseThrow();
    assertThat(controllers.substring("--controllers=".length()).split(","))
        .doesNotContain(
            "-garbage-collector-controller",
            "-statefulset-controller",
            "-endpoints-controller",
            "-endpointslice-controller",
            "-node-lifecycle-controller");
  }

  @Test
  void schedulerUsesItsOwnKubeconfigAndPort() {
    assertThat(ComponentFlags.scheduler(layout, ports))
        .contains(
            "--kubeconfig=/state/kubeconfigs/kube-scheduler.kubeconfig",
            "--secure-port=8001",
            "--bind-address=127.0.0.1",
            "--leader-elect=false");
  }

  @Test
  void nothingBindsAllInterfaces() {
    List<List<String>> all =
        List.of(
            ComponentFlags.etcd(layout, ports),
            ComponentFlags.apiserver(layout, ports),
            ComponentFlags.controllerManager(layout, ports, NodeMonitoring.DEFAULT),
            ComponentFlags.scheduler(layout, ports));
    for (List<String> flags : all) {
      assertThat(flags).noneMatch(s -> s.contains("0.0.0.0") || s.contains("localhost:"));
    }
  }

  @Test
  void portsMapToComponents() {
    assertThat(ports.of(Component.ETCD)).isEqualTo(2001);
    assertThat(ports.of(Component.KUBE_APISERVER)).isEqualTo(6001);
    assertThat(ports.of(Component.KUBE_CONTROLLER_MANAGER)).isEqualTo(7001);
    assertThat(ports.of(Component.KUBE_SCHEDULER)).isEqualTo(8001);
    assertThat(ports.of(Component.NODE_AGENT)).isZero();
  }
}
