package io.tusk.local.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateTest {

  @TempDir Path dir;

  @Test
  void roundTrips() throws Exception {
    Path f = dir.resolve("state.json");
    ClusterState s =
        new ClusterState(1L, 42L, true, "https://127.0.0.1:1", false, List.of())
            .with(new ComponentState("etcd", 10, 11, true, 2379, "/l/etcd.log"))
            .with(new ComponentState("kube-apiserver", 20, 21, true, 6443, "/l/a.log"))
            .markReady();
    s.write(f);
    ClusterState back = ClusterState.read(f).orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.component("etcd").orElseThrow().process().pid()).isEqualTo(10);
    assertThat(Files.exists(dir.resolve("state.json.tmp"))).isFalse();
  }

  @Test
  void replacesAComponentOfTheSameName() {
    ClusterState s =
        new ClusterState(1L, 0L, false, "u", false, List.of())
            .with(new ComponentState("etcd", 10, 11, true, 1, "l"))
            .with(new ComponentState("etcd", 12, 13, true, 1, "l"));
    assertThat(s.components()).singleElement().extracting(ComponentState::pid).isEqualTo(12L);
  }

  @Test
  void missingOrTornFilesReadAsNoState() throws Exception {
    assertThat(ClusterState.read(dir.resolve("none.json"))).isEmpty();
    Path torn = dir.resolve("torn.json");
    Files.writeString(torn, "{\"createdMillis\": 1, \"compo");
    assertThat(ClusterState.read(torn)).isEmpty();
  }

  @Test
  void onlyDirectoriesWithOurOwnEntriesCountAsOurs() throws Exception {
    StateLayout l = new StateLayout(dir.resolve("s"));
    assertThat(l.isOwnedOrAbsent()).isTrue();
    Files.createDirectories(l.logs());
    Files.createDirectories(l.pki());
    Files.writeString(l.stateFile(), "{}");
    assertThat(l.isOwnedOrAbsent()).isTrue();
    Files.writeString(dir.resolve("s/notes.txt"), "mine");
    assertThat(l.isOwnedOrAbsent()).isFalse();
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThat(new StateLayout(file).isOwnedOrAbsent()).isFalse();
  }

  @Test
  void layoutPutsTheLockBesideTheDirectory() {
    StateLayout l = new StateLayout(Path.of("/x/tusk/local"));
    assertThat(l.lockFile()).isEqualTo(Path.of("/x/tusk/.local.lock"));
    assertThat(l.log("etcd")).isEqualTo(Path.of("/x/tusk/local/logs/etcd.log"));
    assertThat(l.componentKubeconfig("kube-scheduler"))
        .isEqualTo(Path.of("/x/tusk/local/kubeconfigs/kube-scheduler.kubeconfig"));
  }
}
