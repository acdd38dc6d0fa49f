package io.tusk.local.cli;

import io.tusk.local.binaries.MissingBinariesException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Turns failures of a {@code tusk local} command into a message on stderr and exit status 1: the
 * messages (a component's log tail, what to install) are meant for the user, a stack trace is not.
 */
public final class Errors {

  private Errors() {}

  public static int guard(CommandSpec spec, Callable<Integer> body) {
    try {
      return body.call();
    } catch (MissingBinariesException e) {
      spec.commandLine().getErr().println("tusk local: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      spec.commandLine()
          .getErr()
          .println("tusk local: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      if (Boolean.getBoolean("tusk.debug")) {
        e.printStackTrace(spec.commandLine().getErr());
      }
      return 1;
    } finally {
      spec.commandLine().getErr().flush();
      spec.commandLine().getOut().flush();
    }
  }
}
