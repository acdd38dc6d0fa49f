package io.tusk.local.cli;

import io.tusk.local.ControlPlaneSettings;
import io.tusk.local.LocalControlPlane;
import io.tusk.local.Progress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tusk local down}: stop everything {@code up} started and remove the state. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = "Stop every process of the local control plane and remove its state directory.")
public final class DownCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateOptions state;

  @Override
  public Integer call() {
    Progress progress = new Progress(spec.commandLine().getOut());
    return Errors.guard(
        spec,
        () -> {
          boolean existed =
              new LocalControlPlane(ControlPlaneSettings.defaults(state.layout()), progress).down();
          progress.plain(
              existed
                  ? "tusk local: down; removed " + state.layout().root()
                  : "tusk local: nothing to stop (no state in " + state.layout().root() + ")");
          return 0;
        });
  }
}
