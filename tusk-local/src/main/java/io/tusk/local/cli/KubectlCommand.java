package io.tusk.local.cli;

import io.tusk.local.Progress;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code tusk local kubectl ARGS...}: runs the cached kubectl against the local control plane (its
 * admin kubeconfig), with this terminal's stdin, stdout and stderr, and exits with kubectl's exit
 * code.
 */
@Command(
    name = "kubectl",
    description = "Run kubectl (the cached one) with the local control plane's admin kubeconfig.")
public final class KubectlCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateOptions state;

  @Parameters(paramLabel = "ARGS", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Unmatched List<String> unmatched = new ArrayList<>();

  /**
   * Everything after {@code kubectl} on the command line, in its original order (picocli sorts
   * options it does not know apart from positional ones), minus a leading {@code --state-dir}.
   */
  List<String> kubectlArguments() {
    return argumentsAfter(spec, "kubectl");
  }

  /** Everything after {@code word} on the command line, minus a leading {@code --state-dir}. */
  static List<String> argumentsAfter(CommandSpec spec, String word) {
    List<String> original = spec.root().commandLine().getParseResult().originalArgs();
    int i = original.indexOf(word);
    List<String> tail = new ArrayList<>(original.subList(i + 1, original.size()));
    if (!tail.isEmpty() && tail.get(0).startsWith("--state-dir")) {
      tail.subList(0, tail.get(0).contains("=") ? 1 : Math.min(2, tail.size())).clear();
    }
    return tail;
  }

  @Override
  public Integer call() {
    return Errors.guard(
        spec,
        () -> {
          Path kubectl =
              Optional.ofNullable(
                      new BinaryResolver(BinaryCache.defaultCache(), Progress.silent())
                          .resolve(BinaryResolver.userBinDir(null), false)
                          .kubectl())
                  .filter(Files::isExecutable)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "kubectl is not cached; run `tusk local install`"));
          List<String> cmd = new ArrayList<>();
          cmd.add(kubectl.toString());
          cmd.add("--kubeconfig=" + state.layout().adminKubeconfig());
          cmd.addAll(kubectlArguments());
          spec.commandLine().getOut().flush();
          return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        });
  }
}
