package io.tusk.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetachedProcessesTest {

  @TempDir Path dir;

  @Test
  void startsInItsOwnProcessGroupAndStopsTheWholeGroup() throws Exception {
    Path log = dir.resolve("logs/x.log");
    // The shell leads the group; its background sleep is a member that must die too.
    DetachedProcesses.Started s =
        DetachedProcesses.start(
            List.of("sh", "-c", "echo hello; sleep 300 & echo child=$!; wait"), log, dir, Map.of());
    ProcessRef ref = s.ref();
    assertThat(ref.groupLeader()).isTrue();
    assertThat(DetachedProcesses.isAlive(ref)).isTrue();
    long child = waitForChild(log);
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);

    assertThat(DetachedProcesses.stop(ref, Duration.ofSeconds(5))).isTrue();
    assertThat(DetachedProcesses.isAlive(ref)).isFalse();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Files.readString(log)).contains("hello");
  }

  @Test
  void aRecycledPidIsNotTakenForOurs() throws Exception {
    DetachedProcesses.Started s =
        DetachedProcesses.start(List.of("sleep", "300"), dir.resolve("s.log"), dir, Map.of());
    ProcessRef real = s.ref();
    ProcessRef stale = new ProcessRef(real.pid(), real.startMillis() - 3_600_000, true);
    assertThat(DetachedProcesses.isAlive(stale)).isFalse();
    // Stopping the stale reference must not kill the process that now has the pid.
    DetachedProcesses.stop(stale, Duration.ofSeconds(1));
    assertThat(DetachedProcesses.isAlive(real)).isTrue();
    DetachedProcesses.stop(real, Duration.ofSeconds(5));
    assertThat(DetachedProcesses.isAlive(real)).isFalse();
  }

  @Test
  void findsProcessesByTheDirectoryInTheirArguments() throws Exception {
    Path state = dir.resolve("state");
    Files.createDirectories(state);
    DetachedProcesses.Started s =
        DetachedProcesses.start(
            List.of("sh", "-c", "sleep 300", "--data-dir=" + state.resolve("etcd")),
            dir.resolve("t.log"),
            dir,
            Map.of());
    try {
      assertThat(DetachedProcesses.referencing(state))
          .extracting(ProcessHandle::pid)
          .contains(s.ref().pid());
      assertThat(DetachedProcesses.referencing(dir.resolve("stat")))
          .extracting(ProcessHandle::pid)
          .doesNotContain(s.ref().pid());
    } finally {
      DetachedProcesses.stop(s.ref(), Duration.ofSeconds(5));
    }
  }

  @Test
  void argumentMatchingRespectsPathBoundaries() {
    assertThat(DetachedProcesses.mentions("/tmp/a", "/tmp/a")).isTrue();
    assertThat(DetachedProcesses.mentions("--kubeconfig=/tmp/a/k", "/tmp/a")).isTrue();
    assertThat(DetachedProcesses.mentions("/tmp/ab/k", "/tmp/a")).isFalse();
    assertThat(DetachedProcesses.mentions("x/tmp/a/k", "/tmp/a")).isFalse();
  }

  private static long waitForChild(Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          if (line.startsWith("child=")) {
            return Long.parseLong(line.substring(6).trim());
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("child pid never logged");
  }
}
