package io.tusk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code tusk kubectl-plugin} writes. */
class KubectlPluginCommandTest {

  @Test
  void theScriptRunsTheLauncherOrTheMainClassWithItsArguments() {
    assertThat(KubectlPluginCommand.script("/src/tusk's checkout/tusk"))
        .startsWith("#!/bin/sh\n")
        .endsWith("exec '/src/tusk'\\''s checkout/tusk' \"$@\"\n");
    assertThat(KubectlPluginCommand.script("/usr/bin/java", "/a.jar:/b.jar"))
        .endsWith("exec '/usr/bin/java' -cp '/a.jar:/b.jar' io.tusk.cli.TuskCli \"$@\"\n");
  }

  @Test
  void installsAnExecutableKubectlTusk(@TempDir Path dir) throws Exception {
    var cl = TuskCli.newCommandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("kubectl-plugin", "--dir", dir.toString())).isZero();
    Path plugin = dir.resolve("kubectl-tusk");
    assertThat(plugin).isExecutable();
    assertThat(Files.readString(plugin)).contains("io.tusk.cli.TuskCli \"$@\"");
    assertThat(out.toString()).contains("installed " + plugin, "is not on the PATH");
  }
}
