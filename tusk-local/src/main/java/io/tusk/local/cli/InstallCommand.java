package io.tusk.local.cli;

import io.tusk.images.Installations;
import io.tusk.images.SoftwareInstaller;
import io.tusk.local.Progress;
import io.tusk.local.Versions;
import io.tusk.local.binaries.Binaries;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import io.tusk.local.host.HostPrerequisites;
import io.tusk.local.host.HostPrerequisites.Needs;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tusk local install}: make sure the binaries are there, building them if needed. */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description = {
      "Build (if not cached) Kubernetes "
          + Versions.KUBERNETES
          + " (kube-apiserver,"
          + " kube-controller-manager, kube-scheduler, kubectl), etcd "
          + Versions.ETCD
          + " and versitygw "
          + Versions.VERSITYGW
          + " (the object storage) from their upstream Go modules into ~/.cache/tusk.",
      "Installs what the machine lacks first (as root; see `tusk local check`). The first build"
          + " takes about 15 minutes on 2 cores."
    })
public final class InstallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bin-dir",
      paramLabel = "DIR",
      description =
          "Use programs from this directory where present (default: $KUBEBUILDER_ASSETS).")
  Path binDir;

  @Override
  public Integer call() {
    Progress progress = new Progress(spec.commandLine().getOut());
    return Errors.guard(
        spec,
        () -> {
          BinaryCache cache = BinaryCache.defaultCache();
          BinaryResolver resolver = new BinaryResolver(cache, progress);
          Optional<Path> userBinDir = BinaryResolver.userBinDir(binDir);
          HostPrerequisites.ofThisProcess()
              .ensure(new Needs(true, resolver.needsBuild(userBinDir)), progress);
          progress.step("cache: " + cache.root());
          Binaries b = resolver.resolve(userBinDir, true);
          progress.plain("etcd                     " + b.etcd());
          progress.plain("kube-apiserver           " + b.kubeApiserver());
          progress.plain("kube-controller-manager  " + b.kubeControllerManager());
          progress.plain("kube-scheduler           " + b.kubeScheduler());
          progress.plain(
              "kubectl                  " + (b.kubectl() == null ? "(none)" : b.kubectl()));
          progress.plain("versitygw                " + b.versitygw());
          // What real pods run: Patroni, PostgreSQL majors, PgBouncer (tusk-images).
          Installations software = SoftwareInstaller.ensureInstalled(progress::step);
          for (String line : software.describe()) {
            progress.plain(line);
          }
          progress.plain("tusk local: binaries ready in " + Progress.format(progress.elapsed()));
          return 0;
        });
  }
}
