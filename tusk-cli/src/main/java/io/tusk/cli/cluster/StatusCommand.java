package io.tusk.cli.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.day2.Action;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.PodFacts;
import io.tusk.day2.Preview;
import io.tusk.operator.day2.PatroniObservation;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniCluster;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tusk status CLUSTER}: the manifest's status, the pods, Patroni's members (role, state,
 * lag, timeline, pending restarts), the steps the operator will take next, and the latest Events.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Shows a cluster: status, pods, Patroni members (role, lag, timeline, pending restarts),"
            + " what the operator does next, and recent Events.")
public final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClusterTarget target;

  @Option(names = "--events", defaultValue = "8", description = "Events to show (default: 8).")
  int events;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (ClusterTarget.Session session = target.open()) {
      var pg = session.manifest();
      PostgresStatus status = pg.getStatus();
      out.printf(
          "Cluster %s/%s: %s%s%n",
          pg.getMetadata().getNamespace(),
          pg.getMetadata().getName(),
          status == null ? "(no status yet)" : status.getPostgresClusterStatus(),
          status == null || status.getMessage() == null || status.getMessage().isEmpty()
              ? ""
              : " (" + status.getMessage() + ")");
      PatroniObservation.Observation seen = session.observe();
      ClusterFacts facts = seen.facts();
      out.println();
      out.printf("%-28s %-8s %-6s %-14s %-16s %s%n", "POD", "ROLE", "READY", "NODE", "IP", "NOTE");
      for (PodFacts p : facts.pods()) {
        out.printf(
            "%-28s %-8s %-6s %-14s %-16s %s%n",
            p.name(),
            p.role() == null ? "-" : p.role(),
            p.ready() ? "yes" : "no",
            p.node() == null ? "-" : p.node(),
            seen.podIps().getOrDefault(p.name(), "-"),
            (p.flagged() ? "to be recreated " : "") + (p.terminating() ? "terminating" : ""));
      }
      out.println();
      Optional<PatroniCluster> patroni = facts.patroni();
      if (patroni.isEmpty()) {
        out.println("Patroni: no member answered on port 8008");
      } else {
        out.printf(
            "%-28s %-14s %-20s %-4s %-12s %s%n",
            "MEMBER", "ROLE", "STATE", "TL", "LAG (bytes)", "PENDING RESTART");
        for (ClusterMember m : patroni.get().members()) {
          out.printf(
              "%-28s %-14s %-20s %-4s %-12s %s%n",
              m.name(),
              m.role(),
              m.state(),
              m.timeline() == 0 ? "-" : Integer.toString(m.timeline()),
              m.isLeader()
                  ? "-"
                  : m.lagBytes().isPresent() ? Long.toString(m.lagBytes().getAsLong()) : "unknown",
              m.pendingRestart()
                  ? (m.pendingChanges().isEmpty()
                      ? "yes"
                      : String.join(", ", new java.util.TreeSet<>(m.pendingChanges().keySet())))
                  : "");
        }
        if (patroni.get().paused()) {
          out.println("Patroni is paused (maintenance mode)");
        }
      }
      out.println();
      List<Action> steps = Preview.steps(session.intent(), facts);
      if (steps.isEmpty()) {
        out.println("Next: nothing; the running cluster is as declared.");
      } else {
        out.println("Next, as the operator decides it:");
        for (int i = 0; i < steps.size(); i++) {
          out.printf("  %d. %s%n", i + 1, steps.get(i).describe());
        }
      }
      List<Event> recent =
          session
              .client()
              .v1()
              .events()
              .inNamespace(pg.getMetadata().getNamespace())
              .withField("involvedObject.name", pg.getMetadata().getName())
              .list()
              .getItems()
              .stream()
              .filter(e -> "postgresql".equals(e.getInvolvedObject().getKind()))
              .sorted(Comparator.comparing(StatusCommand::time))
              .toList();
      recent = recent.subList(Math.max(0, recent.size() - events), recent.size());
      if (!recent.isEmpty()) {
        out.println();
        out.println("Recent events:");
        for (Event e : recent) {
          out.printf("  %s %-8s %-14s %s%n", time(e), e.getType(), e.getReason(), e.getMessage());
        }
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    }
  }

  private static String time(Event e) {
    if (e.getLastTimestamp() != null) {
      return e.getLastTimestamp();
    }
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return e.getEventTime().getTime();
    }
    return e.getMetadata().getCreationTimestamp();
  }
}
