package io.tusk.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuPriorityTest {

  private static final Duration WAIT = Duration.ofMillis(200);

  @TempDir Path proc;

  private void autogroup(boolean enabled) throws Exception {
    Path flag = proc.resolve("sys/kernel/sched_autogroup_enabled");
    Files.createDirectories(flag.getParent());
    Files.writeString(flag, enabled ? "1\n" : "0\n");
  }

  /**
   * A process {@code pid} in session {@code session}, in a scheduling group at nice 0; returns the
   * group's file.
   */
  private Path process(long pid, String comm, long session) throws Exception {
    Path group = proc.resolve(pid + "/autogroup");
    Files.createDirectories(group.getParent());
    Files.writeString(group, "/autogroup-7 nice 0\n");
    // fields after the command: state ppid pgrp session tty_nr tpgid
    Files.writeString(
        proc.resolve(pid + "/stat"),
        pid + " (" + comm + ") S 1 " + session + " " + session + " 0 -1\n");
    return group;
  }

  @Test
  void withAutogroupTheProcessGroupGetsTheNiceValueAndTheCommandIsUnchanged() throws Exception {
    autogroup(true);
    Path group = process(4242, "kube-apiserver", 4242);
    List<String> cmd = List.of("/bin/kube-apiserver", "--flag");

    assertThat(CpuPriority.command(cmd, -10, proc, true)).isEqualTo(cmd);
    assertThat(CpuPriority.raise(4242, -10, proc, true, WAIT))
        .isEqualTo(CpuPriority.Outcome.AUTOGROUP);
    assertThat(Files.readString(group)).isEqualTo("-10");
  }

  @Test
  void aProcessThatDoesNotLeadItsSessionLeavesTheSessionsGroupAlone() throws Exception {
    autogroup(true);
    // still in the session of process 100 (the one that started it)
    Path group = process(4243, "setsid", 100);

    assertThat(CpuPriority.raise(4243, -10, proc, true, WAIT))
        .isEqualTo(CpuPriority.Outcome.UNCHANGED);
    assertThat(Files.readString(group)).isEqualTo("/autogroup-7 nice 0\n");
  }

  @Test
  void aRealProcessInItsOwnSessionIsRecognised() throws Exception {
    Process p = new ProcessBuilder("/usr/bin/setsid", "sleep", "5").start();
    try {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (CpuPriority.session(p.pid(), Path.of("/proc")) != p.pid()
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(CpuPriority.session(p.pid(), Path.of("/proc"))).isEqualTo(p.pid());
      assertThat(CpuPriority.session(ProcessHandle.current().pid(), Path.of("/proc")))
          .isNotEqualTo(p.pid());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void withoutAutogroupTheCommandStartsUnderNice() throws Exception {
    autogroup(false);
    List<String> cmd = List.of("/bin/etcd", "--data-dir=x");

    assertThat(CpuPriority.command(cmd, -10, proc, true))
        .containsExactly("/usr/bin/nice", "-n", "-10", "/bin/etcd", "--data-dir=x");
    assertThat(CpuPriority.raise(1, -10, proc, true, WAIT))
        .isEqualTo(CpuPriority.Outcome.STARTED_NICE);
  }

  @Test
  void withoutRootNothingChangesAndTheOutcomeSaysSo() throws Exception {
    autogroup(false);
    List<String> cmd = List.of("/bin/etcd");

    assertThat(CpuPriority.command(cmd, -10, proc, false)).isEqualTo(cmd);
    assertThat(CpuPriority.raise(1, -10, proc, false, WAIT))
        .isEqualTo(CpuPriority.Outcome.UNCHANGED);
  }

  @Test
  void aProcessThatIsGoneIsReportedAsNotChanged() throws Exception {
    autogroup(true);
    assertThat(CpuPriority.raise(999_999, -10, proc, true, WAIT))
        .isEqualTo(CpuPriority.Outcome.UNCHANGED);
  }

  @Test
  void theDefaultShareNeedsNoNice() throws Exception {
    autogroup(false);
    List<String> cmd = List.of("/bin/kube-scheduler");
    assertThat(CpuPriority.command(cmd, 0, proc, true)).isEqualTo(cmd);
  }
}
