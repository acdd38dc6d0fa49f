package io.tusk.local.pods;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What the node's kubelet API needs of one container of a pod that runs here: where its logs are,
 * which run is the current one, and how to run a command the way the container's processes run.
 *
 * @param node the node the pod is bound to
 * @param netns the pod's network namespace
 * @param env the container's environment (empty before it first started)
 * @param workingDirectory where its process started (null before it first started)
 * @param logDir the directory of its per-run logs, {@code <run>.log}
 * @param run the current (or last) run, numbered from 0 by restart count; -1: never started
 * @param runEnded whether the given run's output has ended (its process exited)
 * @param waitingReason why it does not run, when it does not
 * @param execAliases the image's stand-ins for commands of the real image ({@link
 *     io.tusk.images.LaunchPlan#execAliases()})
 */
public record ContainerAccess(
    String node,
    String netns,
    Map<String, String> env,
    Path workingDirectory,
    Path logDir,
    int run,
    RunEnded runEnded,
    String waitingReason,
    Map<String, String> execAliases) {

  /** Whether a run's output has ended. */
  @FunctionalInterface
  public interface RunEnded {
    boolean test(int run);
  }

  /** The log file of {@code run}. */
  public Path logFile(int run) {
    return logDir.resolve(run + ".log");
  }

  /**
   * The command line that runs {@code command} inside the pod's network namespace as the pod user
   * (the user every container runs as), like the container's own processes.
   */
  public List<String> wrap(List<String> command) {
    return PodProcesses.wrap(netns, command);
  }

  /** An exec's command with the image's aliases replaced by the local programs. */
  public List<String> resolveExec(List<String> command) {
    return io.tusk.images.LaunchPlan.resolveExec(execAliases, command);
  }

  /** Whether the current run is live. */
  public BooleanSupplier running() {
    int current = run;
    return () -> current >= 0 && !runEnded.test(current);
  }
}
