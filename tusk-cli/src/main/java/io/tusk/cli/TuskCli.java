package io.tusk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tusk} command line: the root command that every subcommand hangs off. */
@Command(
    name = "tusk",
    mixinStandardHelpOptions = true,
    versionProvider = TuskCli.Version.class,
    description = "Tusk: a PostgreSQL operator for Kubernetes that accepts Zalando manifests.",
    subcommands = {
      CommandLine.HelpCommand.class,
      OperatorCommand.class,
      RenderCommand.class,
      io.tusk.cli.cluster.StatusCommand.class,
      io.tusk.cli.cluster.PlanCommand.class,
      io.tusk.cli.cluster.SwitchoverCommand.class,
      io.tusk.cli.cluster.RestartCommand.class,
      io.tusk.cli.backup.BackupCommand.class,
      io.tusk.cli.restore.RestoreCommand.class,
      UiCommand.class,
      KubectlPluginCommand.class,
      io.tusk.cli.bench.ScaleBenchCommand.class,
      io.tusk.cli.bench.Day2BenchCommand.class,
      io.tusk.local.cli.LocalCommand.class
    })
public final class TuskCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** Builds the command tree; tests execute commands through this. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new TuskCli());
    // The demo needs the operator, which tusk-local (where `local` lives) does not know.
    cl.getSubcommands().get("local").addSubcommand("demo", new DemoCommand());
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TuskCli.class.getPackage().getImplementationVersion();
      return new String[] {"tusk " + (v == null ? "development build" : v)};
    }
  }
}
