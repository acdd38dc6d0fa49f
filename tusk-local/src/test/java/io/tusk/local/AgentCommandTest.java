package io.tusk.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCommandTest {

  @TempDir Path tmp;

  @Test
  void projectEntriesAreCopiedRepositoryJarsAreShared() throws Exception {
    Path repoJar =
        Path.of(
            picocli.CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path classes = tmp.resolve("module/target/classes");
    Files.createDirectories(classes.resolve("io/tusk"));
    Files.writeString(classes.resolve("io/tusk/A.class"), "a");
    Path jar = Files.writeString(tmp.resolve("module/target/module.jar"), "jar");

    List<String> cp =
        AgentCommand.snapshot(
            List.of(repoJar.toString(), classes.toString(), jar.toString()),
            tmp.resolve("state/agent-classpath"));

    if (repoJar.startsWith(Path.of(System.getProperty("user.home"), ".m2", "repository"))) {
      assertThat(cp.get(0)).isEqualTo(repoJar.toString());
    }
    assertThat(cp.get(1)).startsWith(tmp.resolve("state/agent-classpath").toString());
    assertThat(Path.of(cp.get(1)).resolve("io/tusk/A.class")).hasContent("a");
    assertThat(Path.of(cp.get(2))).hasContent("jar");
    // A rebuild of the project no longer affects the agent's copy.
    Files.writeString(classes.resolve("io/tusk/A.class"), "changed");
    assertThat(Path.of(cp.get(1)).resolve("io/tusk/A.class")).hasContent("a");
  }

  @Test
  void theAgentRunsTheNodeAgentMainOfTheStateDirectory() throws Exception {
    List<String> cmd = AgentCommand.forStateDir(tmp.resolve("s"));
    assertThat(cmd.get(0)).endsWith("java");
    assertThat(cmd).endsWith("io.tusk.local.nodes.NodeAgentMain", tmp.resolve("s").toString());
    String cp = cmd.get(cmd.indexOf("-cp") + 1);
    assertThat(cp).contains("picocli");
  }
}
