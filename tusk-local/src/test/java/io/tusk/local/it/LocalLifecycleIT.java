package io.tusk.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.NodeReadiness;
import io.tusk.local.nodes.LocalNodes;
import io.tusk.local.pki.Kubeconfigs;
import io.tusk.local.process.DetachedProcesses;
import io.tusk.local.state.ClusterState;
import io.tusk.local.state.ComponentState;
import io.tusk.local.state.StateLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-facing lifecycle through the CLI: up (detached processes, pod simulation on), up again,
 * status, kubeconfig, kubelet-less pod termination, down, and a taken port.
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalLifecycleIT {

  @TempDir static Path tmp;

  static Path dir() {
    return tmp.resolve("state");
  }

  static StateLayout layout() {
    return new StateLayout(dir());
  }

  @AfterAll
  static void cleanUp() {
    Cli.run("down", "--state-dir", dir().toString());
  }

  @Test
  @Order(1)
  void upStartsTheControlPlaneAndEndsWithTheExportLine() throws Exception {
    Cli.Result r = Cli.run("up", "--simulate-pods", "--state-dir", dir().toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lastLine()).isEqualTo("export KUBECONFIG=" + layout().adminKubeconfig());
    assertThat(r.out())
        .containsPattern("\\[ *\\d+\\.\\ds\\] starting etcd")
        .contains("kube-apiserver is healthy", "nodes Ready", "installed CRDs");

    ClusterState state = ClusterState.read(layout().stateFile()).orElseThrow();
    assertThat(state.components())
        .extracting(ComponentState::name)
        .containsExactly(
            "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "node-agent");
    for (ComponentState c : state.components()) {
      assertThat(DetachedProcesses.isAlive(c.process())).as(c.name()).isTrue();
    }
    // up returns only once the agent watches pods (a pod created now gets a "kubelet").
    assertThat(layout().agentReady()).exists();
    assertControlPlaneCpuShare(state, r.out());

    try (KubernetesClient client = Kubeconfigs.client(layout().adminKubeconfig())) {
      List<Node> nodes = client.nodes().withLabel(LocalNodes.MANAGED_LABEL).list().getItems();
      assertThat(nodes).hasSize(3).allMatch(NodeReadiness::schedulable);
      assertThat(nodes)
          .extracting(n -> n.getMetadata().getLabels().get("topology.kubernetes.io/zone"))
          .containsExactlyInAnyOrder("zone-a", "zone-b", "zone-c");
      assertThat(
              client
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName("postgresqls.acid.zalan.do")
                  .get())
          .isNotNull();
    }
  }

  /**
   * etcd and the API server run with a larger CPU share than the other components: through their
   * scheduling group's nice value where the kernel schedules by autogroup, else their own.
   */
  private static void assertControlPlaneCpuShare(ClusterState state, String upOutput)
      throws Exception {
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    boolean autogroup =
        Files.readString(Path.of("/proc/sys/kernel/sched_autogroup_enabled")).trim().equals("1");
    for (ComponentState c : state.components()) {
      boolean favoured = c.name().equals("etcd") || c.name().equals("kube-apiserver");
      if (!root) {
        if (favoured) {
          assertThat(upOutput).contains(c.name() + " runs at the default CPU share");
        }
        continue;
      }
      String expected = favoured ? "-10" : "0";
      if (autogroup) {
        assertThat(Files.readString(Path.of("/proc", Long.toString(c.pid()), "autogroup")).trim())
            .as(c.name())
            .endsWith("nice " + expected);
      } else {
        String stat = Files.readString(Path.of("/proc", Long.toString(c.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(fields[16]).as(c.name() + " nice").isEqualTo(expected);
      }
    }
  }

  @Test
  @Order(2)
  void statusAndKubeconfigReportTheRunningControlPlane() {
    Cli.Result status = Cli.run("status", "--state-dir", dir().toString());
    assertThat(status.code()).isZero();
    for (String c :
        List.of(
            "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "node-agent")) {
      assertThat(status.out())
          .containsPattern("(?m)^" + c + " +\\d+ +(\\d+|-) +yes +yes +" + dir().resolve("logs"));
    }
    Cli.Result kc = Cli.run("kubeconfig", "--state-dir", dir().toString());
    assertThat(kc.code()).isZero();
    assertThat(kc.out().trim()).isEqualTo(layout().adminKubeconfig().toString());
  }

  @Test
  @Order(3)
  void upWhenAlreadyUpSaysSoAndChangesNothing() throws Exception {
    String before = Files.readString(layout().stateFile());
    String kubeconfig = Files.readString(layout().adminKubeconfig());
    Cli.Result r = Cli.run("up", "--simulate-pods", "--state-dir", dir().toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("already up");
    assertThat(r.lastLine()).isEqualTo("export KUBECONFIG=" + layout().adminKubeconfig());
    assertThat(Files.readString(layout().stateFile())).isEqualTo(before);
    assertThat(Files.readString(layout().adminKubeconfig())).isEqualTo(kubeconfig);
  }

  @Test
  @Order(4)
  void simulatedPodsRunAndTerminatingPodsAreFinalised() throws Exception {
    try (KubernetesClient client = Kubeconfigs.client(layout().adminKubeconfig())) {
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName("bound")
              .withNamespace("default")
              .endMetadata()
              .withNewSpec()
              .withNodeName("tusk-local-a")
              .withTerminationGracePeriodSeconds(2L)
              .addNewContainer()
              .withName("c")
              .withImage("example.invalid/none:1")
              .endContainer()
              .endSpec()
              .build();
      client.pods().inNamespace("default").resource(pod).create();
      Eventually.await(
          "the simulated pod to run",
          Duration.ofSeconds(20),
          () -> {
            Pod seen = client.pods().inNamespace("default").withName("bound").get();
            return seen.getStatus() != null && "Running".equals(seen.getStatus().getPhase());
          });
      Pod seen = client.pods().inNamespace("default").withName("bound").get();
      assertThat(seen.getStatus().getPodIP())
          .startsWith(io.tusk.local.pods.PodNetwork.privileged() ? "10.245.0." : "127.0.1.");

      client.pods().inNamespace("default").withName("bound").delete();
      // Without a kubelet the API server only marks the pod; the agent removes it.
      Eventually.await(
          "the agent to finalise the terminating pod",
          Duration.ofSeconds(20),
          () -> client.pods().inNamespace("default").withName("bound").get() == null);
    }
  }

  @Test
  @Order(5)
  void downStopsEveryProcessAndRemovesTheState() throws Exception {
    ClusterState state = ClusterState.read(layout().stateFile()).orElseThrow();
    Cli.Result r = Cli.run("down", "--state-dir", dir().toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("stopping kube-apiserver", "down; removed");
    for (ComponentState c : state.components()) {
      assertThat(DetachedProcesses.isAlive(c.process())).as(c.name()).isFalse();
    }
    assertThat(DetachedProcesses.referencing(dir())).isEmpty();
    assertThat(dir()).doesNotExist();
    assertThat(Cli.run("status", "--state-dir", dir().toString()).code()).isEqualTo(3);
  }

  @Test
  @Order(6)
  void aTakenApiserverPortIsAClearErrorAndStartsNothing() throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Cli.Result r =
          Cli.run(
              "up",
              "--simulate-pods",
              "--state-dir",
              dir().toString(),
              "--port",
              Integer.toString(s.getLocalPort()));
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("port " + s.getLocalPort() + " on 127.0.0.1 is already in use");
      assertThat(dir().resolve("state.json")).doesNotExist();
      assertThat(DetachedProcesses.referencing(dir())).isEmpty();
    }
  }
}
