package io.tusk.local.cli;

import io.tusk.local.Progress;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import io.tusk.local.host.HostPrerequisites;
import io.tusk.local.host.HostPrerequisites.Missing;
import io.tusk.local.host.HostPrerequisites.Needs;
import io.tusk.local.host.HostRequirement;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk local check}: what the machine lacks for the local environment, installing nothing.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "List what the local environment needs from this machine and what is missing, with the"
          + " command that installs it. Installs nothing; `up`, `install` and `demo` install what"
          + " is missing when run as root."
    })
public final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--simulate-pods",
      description = "Check only what a control plane with simulated pods needs.")
  boolean simulatePods;

  @Override
  public Integer call() {
    return Errors.guard(
        spec,
        () -> {
          BinaryResolver resolver =
              new BinaryResolver(BinaryCache.defaultCache(), Progress.silent());
          Needs needs =
              new Needs(!simulatePods, resolver.needsBuild(BinaryResolver.userBinDir(null)));
          HostPrerequisites host = HostPrerequisites.ofThisProcess();
          List<Missing> missing = host.check(needs);
          var out = spec.commandLine().getOut();
          for (HostRequirement r : HostRequirement.values()) {
            if (r.appliesTo(needs.realPods())) {
              boolean absent = missing.stream().anyMatch(m -> m.what().equals(r.command()));
              out.printf("%-4s %-17s %s%n", absent ? "MISS" : "ok", r.command(), r.purpose());
            }
          }
          out.println(
              needs.buildBinaries()
                  ? "Kubernetes and etcd binaries: not cached, a Go toolchain builds them"
                  : "Kubernetes and etcd binaries: cached");
          if (missing.isEmpty()) {
            out.println("tusk local: nothing is missing");
            return 0;
          }
          spec.commandLine().getErr().println("tusk local: this machine lacks:");
          for (Missing m : missing) {
            spec.commandLine().getErr().println("  - " + m);
          }
          return 1;
        });
  }
}
