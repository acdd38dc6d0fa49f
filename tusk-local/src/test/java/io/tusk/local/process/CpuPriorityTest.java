package io.tusk.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuPriorityTest {

  @TempDir Path proc;

  private void autogroup(boolean enabled) throws Exception {
    Path flag = proc.resolve("sys/kernel/sched_autogroup_enabled");
    Files.createDirectories(flag.getParent());
    Files.writeString(flag, enabled ? "1\n" : "0\n");
  }

  @Test
  void withAutogroupTheProcessGroupGetsTheNiceValueAndTheCommandIsUnchanged() throws Exception {
    autogroup(true);
    Path group = proc.resolve("4242/autogroup");
    Files.createDirectories(group.getParent());
    Files.writeString(group, "/autogroup-7 nice 0\n");
    List<String> cmd = List.of("/bin/kube-apiserver", "--flag");

    assertThat(CpuPriority.command(cmd, -10, proc, true)).isEqualTo(cmd);
    assertThat(CpuPriority.raise(4242, -10, proc, true)).isEqualTo(CpuPriority.Outcome.AUTOGROUP);
    assertThat(Files.readString(group)).isEqualTo("-10");
  }

  @Test
  void withoutAutogroupTheCommandStartsUnderNice() throws Exception {
    autogroup(false);
    List<String> cmd = List.of("/bin/etcd", "--data-dir=x");

    assertThat(CpuPriority.command(cmd, -10, proc, true))
        .containsExactly("/usr/bin/nice", "-n", "-10", "/bin/etcd", "--data-dir=x");
    assertThat(CpuPriority.raise(1, -10, proc, true)).isEqualTo(CpuPriority.Outcome.STARTED_NICE);
  }

  @Test
  void withoutRootNothingChangesAndTheOutcomeSaysSo() throws Exception {
    autogroup(false);
    List<String> cmd = List.of("/bin/etcd");

    assertThat(CpuPriority.command(cmd, -10, proc, false)).isEqualTo(cmd);
    assertThat(CpuPriority.raise(1, -10, proc, false)).isEqualTo(CpuPriority.Outcome.UNCHANGED);
  }

  @Test
  void aProcessThatIsGoneIsReportedAsNotChanged() throws Exception {
    autogroup(true);
    assertThat(CpuPriority.raise(999_999, -10, proc, true))
        .isEqualTo(CpuPriority.Outcome.UNCHANGED);
  }

  @Test
  void theDefaultShareNeedsNoNice() throws Exception {
    autogroup(false);
    List<String> cmd = List.of("/bin/kube-scheduler");
    assertThat(CpuPriority.command(cmd, 0, proc, true)).isEqualTo(cmd);
  }
}
