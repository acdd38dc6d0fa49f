package io.tusk.local.nodes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.components.Component;
import io.tusk.local.components.ComponentFlags;
import io.tusk.local.kubelet.KubeletServer;
import io.tusk.local.pki.Kubeconfigs;
import io.tusk.local.pki.LocalPki;
import io.tusk.local.pods.PodRuntime;
import io.tusk.local.state.ClusterState;
import io.tusk.local.state.StateLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the detached node-agent JVM that {@code tusk local up} starts: {@code java -cp
 * <classpath> io.tusk.local.nodes.NodeAgentMain <state-dir>}. It runs the {@link NodeAgent} with
 * the agent's own kubeconfig until it is stopped, and exits by itself when the state directory
 * disappears (the control plane was torn down without it).
 */
public final class NodeAgentMain {

  private NodeAgentMain() {}

  /** The agent settings of the control plane at {@code layout}: real pods unless simulating. */
  public static NodeAgent.Settings settings(StateLayout layout, ClusterState state) {
    KubeletServer.Settings kubelet =
        new KubeletServer.Settings(
            layout.pki("ca.crt"),
            layout.pki(LocalPki.KUBELET_SERVING_FILE + ".crt"),
            layout.pki(LocalPki.KUBELET_SERVING_FILE + ".key"));
    if (state.simulatePods()) {
      return NodeAgent.Settings.defaults(true).withKubelet(kubelet);
    }
    int port = java.net.URI.create(state.apiserverUrl()).getPort();
    return NodeAgent.Settings.realPods(
            new PodRuntime.Settings(
                PodRuntime.dataRootFor(layout.root()),
                port,
                layout.pki("ca.crt"),
                ComponentFlags.SERVICE_CIDR))
        .withKubelet(kubelet);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: NodeAgentMain <state-dir>");
      System.exit(2);
    }
    StateLayout layout = new StateLayout(Path.of(args[0]).toAbsolutePath());
    ClusterState state =
        ClusterState.read(layout.stateFile())
            .orElseThrow(() -> new IllegalStateException("no state in " + layout.root()));
    KubernetesClient client =
        Kubeconfigs.client(layout.componentKubeconfig(Component.NODE_AGENT.id()));
    NodeAgent agent = new NodeAgent(client, settings(layout, state));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  client.close();
                },
                "node-agent-shutdown"));
    agent.registerNodes();
    agent.start();
    Files.writeString(layout.agentReady(), ProcessHandle.current().pid() + "\n");
    while (Files.exists(layout.stateFile())) {
      Thread.sleep(2000);
    }
    System.err.println("state directory " + layout.root() + " is gone; node agent exiting");
    System.exit(0);
  }
}
