package io.tusk.cli.cluster;

import io.tusk.day2.Action;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.Day2Planner;
import io.tusk.operator.day2.PatroniObservation;
import io.tusk.operator.day2.StepExecutor;
import io.tusk.operator.status.EventRecorder;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PatroniException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk restart CLUSTER [--pending-only]}: restarts PostgreSQL in every member (or those with
 * a pending restart) the way the operator does: replicas one at a time, each only once every other
 * member is healthy, then a switchover, then the old primary as a replica. The primary is restarted
 * in place only when it has no replica.
 */
@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description =
        "Restarts PostgreSQL in the members, replicas first, moving the primary by switchover"
            + " before its restart.")
public final class RestartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClusterTarget target;

  @Option(
      names = "--pending-only",
      description = "Only members whose restart Patroni reports pending (a changed parameter).")
  boolean pendingOnly;

  @Option(
      names = "--timeout",
      defaultValue = "PT10M",
      description = "How long to wait in all for members to become healthy (default: 10 minutes).")
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant deadline = Instant.now().plus(timeout);
    Set<String> restarted = new HashSet<>();
    String lastWait = null;
    try (ClusterTarget.Session session = target.open()) {
      StepExecutor steps =
          new StepExecutor(
              session.client(), session.patroni(), new EventRecorder(session.client()));
      while (true) {
        PatroniObservation.Observation seen = session.observe();
        ClusterFacts facts = asked(seen.facts(), restarted, pendingOnly);
        Optional<Action> next =
            Day2Planner.nextRestart(session.intent(), facts).map(a -> asked(a, seen.facts()));
        if (next.isEmpty()) {
          out.println(restarted.isEmpty() ? "nothing to restart" : "done");
          return 0;
        }
        if (next.get() instanceof Action.Wait wait) {
          if (Instant.now().isAfter(deadline)) {
            err.println("error: gave up after " + timeout + ": " + wait.reason());
            return 1;
          }
          if (!wait.reason().equals(lastWait)) {
            out.println("waiting: " + wait.reason());
            out.flush();
            lastWait = wait.reason();
          }
          Thread.sleep(1000);
          continue;
        }
        lastWait = null;
        out.println(next.get().describe());
        out.flush();
        try {
          steps.perform(session.manifest(), next.get(), seen, pendingOnly);
        } catch (PatroniException e) {
          if (!e.busy() || Instant.now().isAfter(deadline)) {
            throw e;
          }
          // E.g. the old primary while Patroni demotes it after the switchover.
          out.println("waiting: " + e.getMessage());
          out.flush();
          Thread.sleep(1000);
          continue;
        }
        if (next.get() instanceof Action.Restart restart) {
          restarted.add(restart.member());
        } else if (next.get() instanceof Action.Switchover switchover) {
          // Patroni restarts the old primary as a replica when it demotes it.
          restarted.add(switchover.from());
        }
      }
    } catch (PatroniException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }

  /**
   * The members as the planner should see them: one restarted by this command (or demoted by its
   * switchover) no longer counts as pending, even while Patroni still reports the flag it clears at
   * its next loop; without {@code --pending-only} every other member counts as pending, so the
   * planner orders them all.
   */
  static ClusterFacts asked(ClusterFacts facts, Set<String> restarted, boolean pendingOnly) {
    if (facts.patroni().isEmpty()) {
      return facts;
    }
    PatroniCluster cluster = facts.patroni().get();
    var members =
        cluster.members().stream()
            .map(
                m ->
                    m.pendingRestart()
                            == wanted(m.name(), m.pendingRestart(), restarted, pendingOnly)
                        ? m
                        : new ClusterMember(
                            m.name(),
                            m.role(),
                            m.state(),
                            m.apiUrl(),
                            m.host(),
                            m.timeline(),
                            m.lagBytes(),
                            wanted(m.name(), m.pendingRestart(), restarted, pendingOnly),
                            Map.of(),
                            m.tags()))
            .toList();
    return new ClusterFacts(
        facts.pods(),
        facts.instances(),
        Optional.of(new PatroniCluster(members, cluster.paused(), cluster.scheduledSwitchoverAt())),
        facts.dynamicConfig());
  }

  private static boolean wanted(
      String member, boolean pending, Set<String> restarted, boolean pendingOnly) {
    return !restarted.contains(member) && (pending || !pendingOnly);
  }

  /**
   * The step with a reason that says why it happens: a member that Patroni does not report pending
   * is restarted because this command asks for it, not for a parameter.
   */
  static Action asked(Action action, ClusterFacts observed) {
    Set<String> pending = new HashSet<>();
    observed
        .patroni()
        .ifPresent(
            c ->
                c.members().stream()
                    .filter(ClusterMember::pendingRestart)
                    .forEach(m -> pending.add(m.name())));
    if (action instanceof Action.Restart restart && !pending.contains(restart.member())) {
      return new Action.Restart(restart.member(), restart.primary(), "asked for with tusk restart");
    }
    if (action instanceof Action.Switchover switchover && !pending.contains(switchover.from())) {
      return new Action.Switchover(
          switchover.from(),
          switchover.to(),
          "restart of the primary asked for with tusk restart, without stopping writes");
    }
    return action;
  }
}
