package io.tusk.local.cli;

import io.tusk.local.Progress;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code tusk local helm ARGS...}: runs Helm (built once from {@code helm.sh/helm/v4} and cached)
 * against the local control plane's admin kubeconfig, e.g. {@code tusk local helm install tusk
 * deploy/helm/tusk}; exits with Helm's exit code.
 */
@Command(
    name = "helm",
    description =
        "Run Helm (built from its Go module on first use, then cached) with the local control"
            + " plane's admin kubeconfig.")
public final class HelmCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateOptions state;

  @Parameters(paramLabel = "ARGS", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Unmatched List<String> unmatched = new ArrayList<>();

  @Override
  public Integer call() {
    return Errors.guard(
        spec,
        () -> {
          Path helm =
              new BinaryResolver(BinaryCache.defaultCache(), new Progress(System.err))
                  .helm(BinaryResolver.userBinDir(null), true);
          List<String> cmd = new ArrayList<>();
          cmd.add(helm.toString());
          cmd.addAll(KubectlCommand.argumentsAfter(spec, "helm"));
          ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
          pb.environment().put("KUBECONFIG", state.layout().adminKubeconfig().toString());
          spec.commandLine().getOut().flush();
          return pb.start().waitFor();
        });
  }
}
