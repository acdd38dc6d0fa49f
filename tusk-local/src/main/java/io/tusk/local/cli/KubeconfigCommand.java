package io.tusk.local.cli;

import io.tusk.local.state.ClusterState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tusk local kubeconfig}: print the admin kubeconfig's path. */
@Command(
    name = "kubeconfig",
    mixinStandardHelpOptions = true,
    description = {
      "Print the path of the admin kubeconfig of the local control plane,",
      "e.g. export KUBECONFIG=$(tusk local kubeconfig). Exit 1 if it is not up."
    })
public final class KubeconfigCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateOptions state;

  @Override
  public Integer call() {
    return Errors.guard(
        spec,
        () -> {
          spec.commandLine().getOut().println(state.layout().adminKubeconfig());
          spec.commandLine().getOut().flush();
          boolean up =
              ClusterState.read(state.layout().stateFile()).map(ClusterState::ready).orElse(false);
          if (!up) {
            spec.commandLine()
                .getErr()
                .println("tusk local: the control plane is not up; run `tusk local up`");
            return 1;
          }
          return 0;
        });
  }
}
