package io.tusk.local.cli;

import io.tusk.local.ControlPlaneSettings;
import io.tusk.local.LocalControlPlane;
import io.tusk.local.LocalControlPlane.ComponentStatus;
import io.tusk.local.LocalControlPlane.Status;
import io.tusk.local.Progress;
import io.tusk.local.components.Component;
import io.tusk.local.objectstorage.ObjectStorage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tusk local status}: one line per component. Exit 0 when all run, 1 degraded, 3 down. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show each component of the local control plane: pid, port, alive, healthy, log file.",
      "Exit status: 0 running, 1 some component is down, 3 not running."
    })
public final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateOptions state;

  @Override
  public Integer call() {
    return Errors.guard(
        spec,
        () -> {
          Status s =
              new LocalControlPlane(
                      ControlPlaneSettings.defaults(state.layout()), Progress.silent())
                  .status();
          PrintWriter out = spec.commandLine().getOut();
          if (s.components().isEmpty()) {
            out.println("tusk local: not running (state directory " + state.layout().root() + ")");
            out.flush();
            return 3;
          }
          out.printf(
              "%-24s %8s %6s %-6s %-8s %s%n",
              "COMPONENT", "PID", "PORT", "ALIVE", "HEALTHY", "LOG");
          for (ComponentStatus c : s.components()) {
            out.printf(
                "%-24s %8d %6s %-6s %-8s %s%n",
                c.name(),
                c.pid(),
                c.port() == 0 ? "-" : Integer.toString(c.port()),
                c.alive() ? "yes" : "NO",
                c.healthy() ? "yes" : "NO",
                c.log());
          }
          out.println("api server: " + s.apiserverUrl());
          for (ComponentStatus c : s.components()) {
            if (c.name().equals(Component.OBJECT_STORAGE.id())) {
              out.println(
                  "objects:    "
                      + ObjectStorage.endpoint(c.port())
                      + " (S3, path style; buckets "
                      + String.join(", ", ObjectStorage.buckets(state.layout()))
                      + "; keys in Secret "
                      + ObjectStorage.SECRET_NAMESPACE
                      + "/"
                      + ObjectStorage.SECRET_NAME
                      + "; objects under "
                      + ObjectStorage.dataRoot(state.layout())
                      + ")");
            }
          }
          out.println("kubeconfig: " + s.kubeconfig());
          // What real pods can run (the majors a manifest's postgresql.version may name).
          out.println(
              "postgres:   "
                  + io.tusk.images.Installations.detect().describeMajors()
                  + " available for real pods");
          String verdict =
              s.running() && s.ready() ? "running" : s.running() ? "starting" : "degraded";
          out.println("state:      " + verdict + " (" + state.layout().root() + ")");
          out.flush();
          return s.running() && s.ready() ? 0 : 1;
        });
  }
}
