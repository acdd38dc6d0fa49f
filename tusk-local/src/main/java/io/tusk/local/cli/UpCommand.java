package io.tusk.local.cli;

import io.tusk.local.ControlPlaneSettings;
import io.tusk.local.LocalControlPlane;
import io.tusk.local.LocalControlPlane.UpResult;
import io.tusk.local.Progress;
import io.tusk.local.objectstorage.ObjectStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tusk local up}: start the control plane unless it runs already. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local control plane and print `export KUBECONFIG=...` as the last line.",
      "Builds the binaries first if they are not cached (see `tusk local install`)."
    })
public final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateOptions state;

  @Option(
      names = "--bin-dir",
      paramLabel = "DIR",
      description =
          "Directory with etcd, kube-apiserver, ... to use (default: $KUBEBUILDER_ASSETS, else the"
              + " cache).")
  Path binDir;

  @Option(
      names = "--simulate-pods",
      description =
          "Report pods bound to the local nodes as Running and Ready (no process is started).")
  boolean simulatePods;

  @Option(
      names = "--audit-writes",
      description =
          "Log every write request the API server receives, with who made it, to"
              + " logs/audit.log in the state directory (no request or response bodies).")
  boolean auditWrites;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "API server port (default: a free one).")
  int port;

  @Option(
      names = "--crds",
      paramLabel = "PATH",
      split = ",",
      description = "CRD files or directories to install (default: the repository's deploy/crds).")
  List<Path> crds = new ArrayList<>();

  @Option(
      names = "--bucket",
      paramLabel = "NAME",
      description =
          "A bucket the object storage has (repeatable), besides "
              + ObjectStorage.DEFAULT_BUCKET
              + ", for example the one the operator configuration names in wal_s3_bucket.")
  List<String> buckets = new ArrayList<>();

  @Override
  public Integer call() {
    for (String b : buckets) {
      try {
        ObjectStorage.checkBucketName(b);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--bucket: " + e.getMessage());
      }
    }
    Progress progress = new Progress(spec.commandLine().getOut());
    ControlPlaneSettings settings =
        ControlPlaneSettings.builder(state.layout())
            .binDir(binDir)
            .simulatePods(simulatePods)
            .apiserverPort(port)
            .crds(crds)
            .auditWrites(auditWrites)
            .buckets(buckets)
            .build();
    return Errors.guard(
        spec,
        () -> {
          UpResult r = new LocalControlPlane(settings, progress).up();
          if (r.outcome() == LocalControlPlane.Outcome.ALREADY_UP) {
            progress.plain(
                "tusk local: already up at "
                    + r.apiserverUrl()
                    + " (use `tusk local down` first to restart)");
          } else {
            progress.plain(
                "tusk local: up at "
                    + r.apiserverUrl()
                    + " in "
                    + Progress.format(progress.elapsed()));
          }
          progress.plain("export KUBECONFIG=" + r.kubeconfig());
          return 0;
        });
  }
}
