package io.tusk.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tusk local}: a local Kubernetes control plane for tests, benchmarks and trying Tusk. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Run a local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager,"
          + " kube-scheduler from upstream binaries) with three nodes that run pods as real processes"
          + " (or simulate them), and Tusk's CRDs.",
      "Everything listens on 127.0.0.1. See docs/local-environment.md."
    },
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      KubeconfigCommand.class,
      InstallCommand.class,
      CheckCommand.class,
      KubectlCommand.class,
      HelmCommand.class,
      CrashCommand.class
    })
public final class LocalCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code tusk local} on its own, e.g. in a child JVM with another environment. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalCommand()).execute(args));
  }
}
