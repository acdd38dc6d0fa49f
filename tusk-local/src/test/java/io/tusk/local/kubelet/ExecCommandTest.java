package io.tusk.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecCommandTest {

  @Test
  void withoutTtyTheCommandRunsAsGiven() {
    assertThat(ExecCommand.program(List.of("ls", "-l"), false)).containsExactly("ls", "-l");
  }

  @Test
  void aTtyComesFromScriptWhichExecsTheQuotedCommand() {
    assertThat(ExecCommand.program(List.of("sh", "-c", "echo 'hi' $X"), true))
        .containsExactly(
            "/usr/bin/script",
            "--quiet",
            "--return",
            "--command",
            "exec sh -c 'echo '\"'\"'hi'\"'\"' $X'",
            "/dev/null");
  }

  @Test
  void ttySetsTermUnlessTheContainerHasIt() {
    assertThat(ExecCommand.environment(Map.of("A", "1"), true)).containsEntry("TERM", "xterm");
    assertThat(ExecCommand.environment(Map.of("TERM", "dumb"), true)).containsEntry("TERM", "dumb");
    assertThat(ExecCommand.environment(Map.of("A", "1"), false)).doesNotContainKey("TERM");
  }

  @Test
  void looksExecutablesUpOnTheContainersPath() {
    assertThat(ExecCommand.lookup("sh", Map.of("PATH", "/nonexistent:/bin"))).isPresent();
    assertThat(ExecCommand.lookup("sh", Map.of("PATH", "/nonexistent"))).isEmpty();
    assertThat(ExecCommand.lookup("/bin/sh", Map.of())).isPresent();
    assertThat(ExecCommand.lookup("no-such-command-here", Map.of())).isEmpty();
    assertThat(ExecCommand.notFound("nope"))
        .isEqualTo("exec: \"nope\": executable file not found in $PATH");
  }
}
