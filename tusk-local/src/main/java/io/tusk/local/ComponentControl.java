package io.tusk.local;

import io.tusk.local.components.Component;
import io.tusk.local.components.HealthChecks;
import io.tusk.local.objectstorage.ObjectStorage;
import io.tusk.local.process.CpuPriority;
import io.tusk.local.process.DetachedProcesses;
import io.tusk.local.process.DetachedProcesses.Started;
import io.tusk.local.process.ProcessRef;
import io.tusk.local.state.ClusterState;
import io.tusk.local.state.ComponentState;
import io.tusk.local.state.StateLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stops one component of a running control plane and starts it again as it was: the same binary and
 * command line (so the same flags, port, certificates and data directory), the same CPU share, the
 * same log file (appended to). Tests use it to take the API server away for a while: etcd keeps the
 * cluster's state meanwhile, so the restarted server serves the same objects at the same address,
 * and clients only see an outage.
 *
 * <p>{@code state.json} stays truthful throughout. While a component is stopped its entry keeps the
 * old, dead process: {@code status} reports it not alive and the control plane not running, and
 * {@code up} treats the control plane as crashed. Once started again, the entry names the new
 * process at its old place in the start order, so {@code down} still stops components newest first.
 */
public final class ComponentControl {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /**
   * A component stopped by {@link #stop}: what {@link #start} needs to run it again.
   *
   * @param component which one
   * @param command the command line it ran with (binary first)
   * @param port its main port, 0 if none
   * @param log its log file
   */
  public record Stopped(Component component, List<String> command, int port, Path log) {
    public Stopped {
      command = List.copyOf(command);
    }
  }

  private final StateLayout layout;
  private final Progress progress;

  public ComponentControl(StateLayout layout, Progress progress) {
    this.layout = layout;
    this.progress = progress;
  }

  /**
   * Stops {@code component} (SIGTERM to its process group, SIGKILL after 10 s) and returns how to
   * start it again.
   *
   * @throws IOException if no control plane is up, or the component is not recorded or not running
   */
  public Stopped stop(Component component) throws IOException {
    try (StateLock ignored = StateLock.acquire(layout, progress)) {
      ComponentState c = recorded(component);
      ProcessRef ref = c.process();
      if (!DetachedProcesses.isAlive(ref)) {
        throw new IOException(component.id() + " (pid " + c.pid() + ") is not running");
      }
      List<String> command = commandLine(c.pid());
      progress.step("stopping " + component.id() + " (pid " + c.pid() + ")");
      if (!DetachedProcesses.stop(ref, STOP_GRACE)) {
        throw new IOException(component.id() + " (pid " + c.pid() + ") did not stop");
      }
      return new Stopped(component, command, c.port(), Path.of(c.log()));
    }
  }

  /**
   * Starts a stopped component again with the command line it had, records the new process in
   * {@code state.json}, and waits until it reports healthy.
   *
   * @throws ComponentFailedException if it exits or is not healthy within {@code timeout}
   * @throws IOException if no control plane is up, or the component runs already
   */
  public void start(Stopped stopped, Duration timeout) throws IOException {
    Component component = stopped.component();
    Started s;
    try (StateLock ignored = StateLock.acquire(layout, progress)) {
      ClusterState state = state();
      ComponentState old = recorded(component);
      if (DetachedProcesses.isAlive(old.process())) {
        throw new IOException(component.id() + " runs already (pid " + old.pid() + ")");
      }
      progress.step(
          "starting "
              + component.id()
              + " again"
              + (stopped.port() > 0
                  ? " on "
                      + (component == Component.OBJECT_STORAGE
                          ? ObjectStorage.ADDRESS
                          : "127.0.0.1")
                      + ":"
                      + stopped.port()
                  : "")
              + " (log "
              + stopped.log()
              + ")");
      s =
          DetachedProcesses.start(
              CpuPriority.command(stopped.command(), component.nice()),
              stopped.log(),
              layout.root(),
              component == Component.OBJECT_STORAGE
                  ? ObjectStorage.environment(ObjectStorage.credentials(layout))
                  : Map.of());
      if (component.nice() != 0) {
        CpuPriority.raise(s.ref().pid(), component.nice());
      }
      ProcessRef ref = s.ref();
      state
          .replacing(
              new ComponentState(
                  component.id(),
                  ref.pid(),
                  ref.startMillis(),
                  ref.groupLeader(),
                  stopped.port(),
                  stopped.log().toString()))
          .write(layout.stateFile());
    }
    awaitHealthy(component, stopped.port(), s.process(), timeout);
    progress.step(component.id() + " is healthy again");
  }

  private void awaitHealthy(Component component, int port, Process process, Duration timeout)
      throws IOException {
    HealthChecks health = new HealthChecks(layout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (port <= 0 || !health.healthy(component, port)) {
      if (!process.isAlive()) {
        throw new ComponentFailedException(
            component.id(),
            "exited with code " + process.exitValue() + " after being started again",
            layout.log(component.id()));
      }
      if (port <= 0) {
        return; // nothing to ask; it runs
      }
      if (System.nanoTime() > deadline) {
        throw new ComponentFailedException(
            component.id(),
            "not healthy within " + timeout.toSeconds() + "s after being started again",
            layout.log(component.id()));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + component.id(), e);
      }
    }
  }

  private ClusterState state() throws IOException {
    return ClusterState.read(layout.stateFile())
        .filter(ClusterState::ready)
        .orElseThrow(() -> new IOException("no control plane is up in " + layout.root()));
  }

  private ComponentState recorded(Component component) throws IOException {
    return state()
        .component(component.id())
        .orElseThrow(
            () ->
                new IOException(
                    component.id()
                        + " is not recorded in "
                        + layout.stateFile()
                        + " (a node agent inside the JVM cannot be restarted)"));
  }

  /** The command line of a running process, from {@code /proc/<pid>/cmdline}. */
  static List<String> commandLine(long pid) throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
    List<String> args = split(new String(raw, StandardCharsets.UTF_8));
    if (args.isEmpty()) {
      throw new IOException("process " + pid + " has no command line (it is exiting)");
    }
    return args;
  }

  /** The NUL-separated arguments of a {@code cmdline} file. */
  static List<String> split(String cmdline) {
    List<String> args = new ArrayList<>();
    int from = 0;
    while (from < cmdline.length()) {
      int nul = cmdline.indexOf('\0', from);
      int end = nul < 0 ? cmdline.length() : nul;
      args.add(cmdline.substring(from, end));
      from = end + 1;
    }
    return args;
  }
}
