package io.tusk.local.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.local.process.DetachedProcesses;
import io.tusk.local.state.ClusterState;
import io.tusk.local.state.ComponentState;
import io.tusk.local.state.StateLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedControlPlaneTest {

  @TempDir Path tmp;

  @Test
  void controlPlanesOfDeadTestJvmsAreRemovedOthersAreKept() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();

    StateLayout orphan = new StateLayout(tmp.resolve(SharedControlPlane.DIR_PREFIX + "orphan"));
    Files.createDirectories(orphan.logs());
    DetachedProcesses.Started leftover =
        DetachedProcesses.start(
            List.of("sleep", "300", orphan.root().resolve("etcd").toString()),
            orphan.log("etcd"),
            tmp,
            Map.of());
    new ClusterState(1, gone.pid(), true, "https://127.0.0.1:1", true, List.of())
        .with(
            new ComponentState(
                "etcd",
                leftover.ref().pid(),
                leftover.ref().startMillis(),
                true,
                1,
                orphan.log("etcd").toString()))
        .write(orphan.stateFile());

    StateLayout live = new StateLayout(tmp.resolve(SharedControlPlane.DIR_PREFIX + "live"));
    new ClusterState(1, ProcessHandle.current().pid(), true, "u", true, List.of())
        .write(live.stateFile());
    StateLayout starting = new StateLayout(tmp.resolve(SharedControlPlane.DIR_PREFIX + "starting"));
    Files.createDirectories(starting.logs());

    SharedControlPlane.removeOrphans(tmp);

    assertThat(orphan.root()).doesNotExist();
    assertThat(orphan.lockFile()).doesNotExist();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (DetachedProcesses.isAlive(leftover.ref()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(DetachedProcesses.isAlive(leftover.ref())).isFalse();
    assertThat(live.stateFile()).exists();
    assertThat(starting.logs()).exists();
  }
}
