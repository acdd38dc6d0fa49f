package io.tusk.cli.cluster;

import io.tusk.day2.Action;
import io.tusk.day2.Day2Planner;
import io.tusk.operator.database.AutoPrimaryResolver;
import io.tusk.operator.day2.PatroniObservation;
import io.tusk.operator.day2.StepExecutor;
import io.tusk.operator.pooler.PoolerPause;
import io.tusk.operator.status.EventRecorder;
import io.tusk.patroni.PatroniException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk switchover CLUSTER [--to POD]}: a planned switchover, refused (with the reason) while
 * a replica is not Ready or not replicating within the lag limit, and under synchronous mode to
 * anything but a synchronous standby. A cluster's master poolers are paused around it, as the
 * operator pauses them ({@link PoolerPause}).
 */
@Command(
    name = "switchover",
    mixinStandardHelpOptions = true,
    description =
        "Moves the primary to another member (the best candidate by Zalando's rules, or --to)"
            + " once every member is healthy.")
public final class SwitchoverCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClusterTarget target;

  @Option(names = "--to", paramLabel = "POD", description = "The member to promote.")
  String to;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ClusterTarget.Session session = target.open()) {
      PatroniObservation.Observation seen = session.observe();
      Action action =
          Day2Planner.switchover(
              session.intent(), seen.facts(), to, "asked for with tusk switchover");
      if (action instanceof Action.Wait wait) {
        err.println("error: no switchover: " + wait.reason());
        return 1;
      }
      out.println(action.describe());
      out.flush();
      EventRecorder events = new EventRecorder(session.client());
      PoolerPause poolers =
          new PoolerPause(
              session.client(),
              session::config,
              new AutoPrimaryResolver(session.client()),
              events,
              Clock.systemUTC(),
              "tusk switchover (pid " + ProcessHandle.current().pid() + ")");
      String answer =
          new StepExecutor(session.client(), session.patroni(), events, poolers)
              .perform(session.manifest(), action, seen, false);
      out.println(answer);
      return 0;
    } catch (PatroniException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
