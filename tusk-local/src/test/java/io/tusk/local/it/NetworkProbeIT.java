package io.tusk.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.local.components.ComponentFlags;
import io.tusk.local.pods.PodNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tusk local up} with real pods proves its pod network: with a firewall rule that drops
 * traffic to Service addresses it fails, saying the Service is unreachable from the host and from a
 * pod, and leaves no bridge behind; without the rule the same command reports the probe passed.
 */
class NetworkProbeIT {

  @TempDir Path tmp;

  /** Rules in the raw table, seen before any of the node's own: a firewall breaking Services. */
  private static final List<List<String>> DROP_SERVICES =
      List.of(
          List.of("OUTPUT", "-d", ComponentFlags.SERVICE_CIDR, "-p", "tcp"),
          List.of("PREROUTING", "-d", ComponentFlags.SERVICE_CIDR, "-p", "tcp"));

  @AfterEach
  void cleanUp() {
    dropServices(false);
    Cli.run("down", "--state-dir", tmp.resolve("state").toString());
  }

  private static void dropServices(boolean on) {
    for (List<String> rule : DROP_SERVICES) {
      List<String> cmd = new ArrayList<>(List.of("/usr/sbin/iptables", "-w", "5", "-t", "raw"));
      cmd.add(on ? "-I" : "-D");
      cmd.addAll(rule);
      cmd.addAll(List.of("-m", "comment", "--comment", "tusk NetworkProbeIT", "-j", "DROP"));
      int code = exitCode(cmd);
      if (on) {
        assertThat(code).as(String.join(" ", cmd)).isZero();
      }
    }
  }

  private static int exitCode(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void upFailsWhenServicesAreUnreachableAndLeavesNoNetwork() throws Exception {
    dropServices(true);

    Cli.Result up = Cli.run("up", "--state-dir", tmp.resolve("state").toString());

    assertThat(up.code()).isEqualTo(1);
    assertThat(up.err())
        .contains("the pod network does not work")
        .contains("from the host: connection to 10.96.")
        .contains("from a pod: no HTTP answer through tusk-network-probe.kube-system.svc");
    assertThat(exitCode(List.of("/usr/sbin/ip", "link", "show", PodNetwork.BRIDGE)))
        .as("bridge %s is gone", PodNetwork.BRIDGE)
        .isNotZero();
    assertThat(PodNetwork.namespaces()).isEmpty();
  }

  @Test
  void upReportsThatTheProbePassed() throws Exception {
    Cli.Result up = Cli.run("up", "--state-dir", tmp.resolve("state").toString());

    assertThat(up.code()).as(up.err()).isZero();
    assertThat(up.out())
        .contains("network probe: Service reachable from the host and from a pod; DNS works");
  }
}
