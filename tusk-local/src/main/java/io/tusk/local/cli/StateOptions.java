package io.tusk.local.cli;

import io.tusk.local.state.StateLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}, shared by every {@code tusk local} subcommand. */
public final class StateOptions {

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "State directory of the control plane (default: $TUSK_LOCAL_DIR, else"
              + " ~/.local/state/tusk/local).")
  Path stateDir;

  public StateLayout layout() {
    return stateDir != null
        ? new StateLayout(stateDir.toAbsolutePath())
        : StateLayout.defaultLayout();
  }
}
