package io.tusk.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk kubectl-plugin}: writes {@code kubectl-tusk}, with which {@code kubectl tusk ...}
 * runs this CLI (kubectl runs any {@code kubectl-NAME} on the PATH as {@code kubectl NAME}). From a
 * checkout it runs the checkout's {@code ./tusk} launcher, so the plugin follows the checkout;
 * otherwise it runs this JVM's class path.
 */
@Command(
    name = "kubectl-plugin",
    mixinStandardHelpOptions = true,
    description = {
      "Installs the CLI as the kubectl plugin `kubectl tusk` (status, plan, switchover, restart,"
          + " backup, restore, ...).",
      "It writes an executable kubectl-tusk into --dir, which must be on the PATH."
    })
public final class KubectlPluginCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      description =
          "Where to write kubectl-tusk (default: /usr/local/bin as root, else ~/.local/bin).")
  Path dir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path target = (dir != null ? dir : defaultDir()).resolve("kubectl-tusk");
    Files.createDirectories(target.getParent());
    // Set by the ./tusk launcher of a checkout.
    String launcher = System.getProperty("tusk.launcher");
    String script =
        launcher != null && Files.isExecutable(Path.of(launcher))
            ? script(launcher)
            : script(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"));
    Path tmp = Files.createTempFile(target.getParent(), ".kubectl-tusk", ".tmp");
    Files.writeString(tmp, script);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out.println("installed " + target);
    String path = System.getenv().getOrDefault("PATH", "");
    boolean onPath =
        Arrays.stream(path.split(":"))
            .anyMatch(p -> !p.isEmpty() && Path.of(p).toAbsolutePath().equals(target.getParent()));
    if (!onPath) {
      out.println(
          "note: " + target.getParent() + " is not on the PATH; add it for `kubectl tusk` to work");
    }
    out.println("try: kubectl tusk status CLUSTER -n NAMESPACE");
    out.flush();
    return 0;
  }

  private static Path defaultDir() {
    boolean root = "root".equals(System.getProperty("user.name"));
    return root
        ? Path.of("/usr/local/bin")
        : Path.of(System.getProperty("user.home"), ".local", "bin");
  }

  /** A plugin that runs a checkout's launcher. */
  static String script(String launcher) {
    return header() + "exec " + quote(launcher) + " \"$@\"\n";
  }

  /** A plugin that runs the CLI's main class on a class path. */
  static String script(String java, String classpath) {
    return header()
        + "exec "
        + quote(java)
        + " -cp "
        + quote(classpath)
        + " io.tusk.cli.TuskCli \"$@\"\n";
  }

  private static String header() {
    return "#!/bin/sh\n# kubectl tusk: Tusk's CLI as a kubectl plugin (written by `tusk kubectl-plugin`).\n";
  }

  /** A single-quoted shell word. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
