package io.tusk.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.NodeReadiness;
import io.tusk.local.Progress;
import io.tusk.local.binaries.Binaries;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import io.tusk.local.nodes.LocalNodes;
import io.tusk.local.pki.Kubeconfigs;
import io.tusk.local.process.DetachedProcesses;
import io.tusk.local.state.ClusterState;
import io.tusk.local.state.ComponentState;
import io.tusk.local.state.StateLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery from a crashed run, and a component that dies while the control plane starts. */
@Order(2)
class StaleStateRecoveryIT {

  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("state");
  }

  @AfterEach
  void down() {
    Cli.run("down", "--state-dir", dir().toString());
  }

  @Test
  void upAfterACrashCleansUpAndStartsAFreshControlPlane() throws Exception {
    StateLayout layout = new StateLayout(dir());
    assertThat(Cli.run("up", "--simulate-pods", "--state-dir", dir().toString()).code()).isZero();
    ClusterState crashed = ClusterState.read(layout.stateFile()).orElseThrow();

    // Simulate a crash: the API server and the agent die hard, etcd and the others linger.
    kill(crashed.component("kube-apiserver").orElseThrow());
    kill(crashed.component("node-agent").orElseThrow());
    // A stray process that still uses the state directory, e.g. from a start that never recorded
    // it.
    DetachedProcesses.Started stray =
        DetachedProcesses.start(
            List.of("sleep", "300", dir().resolve("stray").toString()),
            tmp.resolve("stray.log"),
            tmp,
            Map.of());

    Cli.Result status = Cli.run("status", "--state-dir", dir().toString());
    assertThat(status.code()).isEqualTo(1);
    assertThat(status.out())
        .containsPattern("(?m)^kube-apiserver +\\d+ +\\d+ +NO")
        .contains("degraded");

    Cli.Result up = Cli.run("up", "--simulate-pods", "--state-dir", dir().toString());
    assertThat(up.code()).as(up.err()).isZero();
    assertThat(up.out()).contains("not running properly", "kube-apiserver", "cleaning it up");
    assertThat(up.lastLine()).startsWith("export KUBECONFIG=");

    for (ComponentState old : crashed.components()) {
      assertThat(DetachedProcesses.isAlive(old.process())).as("old " + old.name()).isFalse();
    }
    assertThat(DetachedProcesses.isAlive(stray.ref())).isFalse();
    ClusterState fresh = ClusterState.read(layout.stateFile()).orElseThrow();
    assertThat(fresh.ready()).isTrue();
    assertThat(fresh.components()).hasSize(5).allMatch(c -> DetachedProcesses.isAlive(c.process()));
    assertThat(fresh.component("kube-apiserver").orElseThrow().pid())
        .isNotEqualTo(crashed.component("kube-apiserver").orElseThrow().pid());
    try (KubernetesClient client = Kubeconfigs.client(layout.adminKubeconfig())) {
      assertThat(client.nodes().withLabel(LocalNodes.MANAGED_LABEL).list().getItems())
          .hasSize(3)
          .allMatch(NodeReadiness::schedulable);
    }
  }

  @Test
  void aComponentDyingDuringStartIsNamedWithItsLog() throws Exception {
    Binaries real =
        new BinaryResolver(BinaryCache.defaultCache(), new Progress(System.out))
            .resolve(Optional.empty(), true);
    Path bin = tmp.resolve("bin");
    Files.createDirectories(bin);
    Files.createSymbolicLink(bin.resolve("etcd"), real.etcd());
    Files.createSymbolicLink(bin.resolve("kube-controller-manager"), real.kubeControllerManager());
    Files.createSymbolicLink(bin.resolve("kube-scheduler"), real.kubeScheduler());
    Path fake = bin.resolve("kube-apiserver");
    Files.writeString(
        fake,
        "#!/bin/sh\necho 'E0101 fake failure: cannot load the storage backend' >&2\nexit 3\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

    Cli.Result r =
        Cli.run(
            "up", "--simulate-pods", "--state-dir", dir().toString(), "--bin-dir", bin.toString());
    assertThat(r.code()).isEqualTo(1);
    Path log = dir().resolve("logs/kube-apiserver.log");
    assertThat(r.err())
        .contains("kube-apiserver exited with code 3")
        .contains("Log: " + log)
        .contains("fake failure: cannot load the storage backend");
    // Nothing keeps running; the logs stay for the user until the next up or down.
    Eventually.await(
        "no process to use the state directory",
        Duration.ofSeconds(10),
        () -> DetachedProcesses.referencing(dir()).isEmpty());
    assertThat(log).exists();
    assertThat(Cli.run("down", "--state-dir", dir().toString()).code()).isZero();
    assertThat(dir()).doesNotExist();
  }

  private static void kill(ComponentState c) throws Exception {
    new ProcessBuilder("kill", "-s", "KILL", "--", "-" + c.pid()).inheritIO().start().waitFor();
    Eventually.await(
        c.name() + " to die",
        Duration.ofSeconds(10),
        () -> !DetachedProcesses.isAlive(c.process()));
  }
}
