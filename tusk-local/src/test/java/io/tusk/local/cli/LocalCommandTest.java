package io.tusk.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocalCommandTest {

  @TempDir Path dir;

  @Test
  void parsesUpOptions() {
    CommandLine cl = new CommandLine(new LocalCommand());
    CommandLine.ParseResult r =
        cl.parseArgs(
            "up",
            "--simulate-pods",
            "--port",
            "6443",
            "--crds",
            "a.yaml,b",
            "--state-dir",
            "/s",
            "--bin-dir",
            "/b");
    UpCommand up = (UpCommand) r.subcommand().commandSpec().userObject();
    assertThat(up.simulatePods).isTrue();
    assertThat(up.port).isEqualTo(6443);
    assertThat(up.crds).containsExactly(Path.of("a.yaml"), Path.of("b"));
    assertThat(up.binDir).isEqualTo(Path.of("/b"));
    assertThat(up.state.layout().root()).isEqualTo(Path.of("/s"));
  }

  @Test
  void hasItsSubcommands() {
    assertThat(new CommandLine(new LocalCommand()).getSubcommands().keySet())
        .containsExactlyInAnyOrder(
            "up", "down", "status", "kubeconfig", "install", "check", "kubectl", "helm", "crash");
  }

  @Test
  void kubectlPassesItsArgumentsInTheirOriginalOrder() {
    CommandLine cl = new CommandLine(new LocalCommand());
    CommandLine.ParseResult r =
        cl.parseArgs("kubectl", "--state-dir", "/s", "get", "pods", "-n", "x", "-o", "wide");
    KubectlCommand k = (KubectlCommand) r.subcommand().commandSpec().userObject();
    assertThat(k.kubectlArguments()).containsExactly("get", "pods", "-n", "x", "-o", "wide");
    assertThat(k.state.layout().root()).isEqualTo(Path.of("/s"));
  }

  @Test
  void helmPassesItsArgumentsInTheirOriginalOrder() {
    CommandLine cl = new CommandLine(new LocalCommand());
    CommandLine.ParseResult r =
        cl.parseArgs("helm", "--state-dir", "/s", "install", "tusk", "deploy/helm/tusk", "--wait");
    HelmCommand h = (HelmCommand) r.subcommand().commandSpec().userObject();
    assertThat(KubectlCommand.argumentsAfter(h.spec, "helm"))
        .containsExactly("install", "tusk", "deploy/helm/tusk", "--wait");
    assertThat(h.state.layout().root()).isEqualTo(Path.of("/s"));
  }

  @Test
  void statusOfNothingSaysNotRunningWithExitThree() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new LocalCommand()).setOut(new PrintWriter(out));
    int code = cl.execute("status", "--state-dir", dir.resolve("none").toString());
    assertThat(code).isEqualTo(3);
    assertThat(out.toString()).contains("not running");
  }

  @Test
  void kubeconfigPrintsThePathAndFailsWhenDown() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl =
        new CommandLine(new LocalCommand())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err));
    int code = cl.execute("kubeconfig", "--state-dir", dir.toString());
    assertThat(out.toString().trim()).isEqualTo(dir.resolve("kubeconfig").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("not up");
  }

  @Test
  void neverRemovesADirectoryWithForeignFiles() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("home/logs"));
    java.nio.file.Files.writeString(dir.resolve("home/thesis.tex"), "precious");
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new LocalCommand())
            .setErr(new PrintWriter(err))
            .execute("down", "--state-dir", dir.resolve("home").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("did not create; refusing to remove it");
    assertThat(dir.resolve("home/thesis.tex")).hasContent("precious");
  }

  @Test
  void downOfNothingSucceeds() {
    StringWriter out = new StringWriter();
    int code =
        new CommandLine(new LocalCommand())
            .setOut(new PrintWriter(out))
            .execute("down", "--state-dir", dir.resolve("none").toString());
    assertThat(code).isZero();
    assertThat(out.toString()).contains("nothing to stop");
  }
}
