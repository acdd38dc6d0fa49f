package io.tusk.local.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.pki.Kubeconfigs;
import io.tusk.local.pods.PodRuntime;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tusk local crash POD [-n NS] [--hold SECONDS]}: kills every process of a real pod with
 * SIGKILL, as a crash of its containers would. The node agent then restarts them per the pod's
 * {@code restartPolicy} (with the kubelet's back-off); {@code --hold} keeps them down longer, like
 * a machine that takes a while to come back (Patroni only fails over when the leader stays away
 * longer than its {@code ttl}).
 */
@Command(
    name = "crash",
    mixinStandardHelpOptions = true,
    description = {
      "Kill every process of a pod with SIGKILL (real pods only); the node agent restarts them",
      "per restartPolicy. --hold SECONDS keeps the pod's containers down that long first."
    })
public final class CrashCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateOptions state;

  @Parameters(index = "0", paramLabel = "POD")
  String pod;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default")
  String namespace;

  @Option(names = "--hold", paramLabel = "SECONDS", description = "Do not restart for this long.")
  int holdSeconds;

  @Override
  public Integer call() {
    return Errors.guard(
        spec,
        () -> {
          int killed;
          try (KubernetesClient client = Kubeconfigs.client(state.layout().adminKubeconfig())) {
            Pod p = client.pods().inNamespace(namespace).withName(pod).get();
            if (p == null) {
              spec.commandLine()
                  .getErr()
                  .println("tusk local: pod " + namespace + "/" + pod + " not found");
              return 1;
            }
            killed =
                PodRuntime.crash(
                    state.layout().root(),
                    p.getMetadata().getUid(),
                    Duration.ofSeconds(Math.max(0, holdSeconds)));
          }
          spec.commandLine()
              .getOut()
              .println(
                  "tusk local: killed "
                      + killed
                      + " processes of "
                      + namespace
                      + "/"
                      + pod
                      + (holdSeconds > 0 ? "; restart held for " + holdSeconds + "s" : ""));
          return killed > 0 ? 0 : 1;
        });
  }
}
