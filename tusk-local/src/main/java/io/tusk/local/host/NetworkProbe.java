package io.tusk.local.host;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.local.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Proves, before {@code tusk local up} reports success, that the pod network does what pods and the
 * operator rely on: a ClusterIP Service answers from the host (the operator's view when it runs
 * there) and from inside a pod's network namespace, and the Service's cluster DNS name resolves
 * inside the pod. A server pod ({@code python3 -m http.server}) sits behind the Service {@value
 * #NAME} in {@value #NAMESPACE}; the host connects to its ClusterIP; a client pod resolves the name
 * and connects through it, and its exit code says which step failed. Everything is removed again,
 * whatever the outcome.
 */
public final class NetworkProbe {

  static final String NAMESPACE = "kube-system";
  static final String NAME = "tusk-network-probe";
  static final String CLIENT = NAME + "-client";
  static final String IMAGE = "tusk.io/local-command";
  static final int PORT = 80;
  static final int TARGET_PORT = 8080;

  /** Exit codes of the client pod's script. */
  static final int DNS_FAILED = 2;

  static final int CONNECT_FAILED = 3;

  /** Attempts of the client pod, each at most 2.5 s: within {@link #TIMEOUT}. */
  static final int ATTEMPTS = 10;

  /** How long the probe may take; the node agent writes a Service's rules within a second. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Duration timeout;

  public NetworkProbe(KubernetesClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /**
   * Runs the probe.
   *
   * @throws IOException saying which path failed and what to check
   */
  public void run(Progress progress) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    try {
      // Pods are admitted only once their namespace's default ServiceAccount exists.
      while (client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() == null) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException("no default ServiceAccount in " + NAMESPACE + " for the probe");
        }
        pause(200);
      }
      client.services().inNamespace(NAMESPACE).resource(service()).serverSideApply();
      client.pods().inNamespace(NAMESPACE).resource(serverPod()).serverSideApply();
      Service svc = client.services().inNamespace(NAMESPACE).withName(NAME).get();
      String ip = svc.getSpec().getClusterIP();
      String dnsName = NAME + "." + NAMESPACE + ".svc.cluster.local";
      progress.step("network probe: Service " + dnsName + " at " + ip + ":" + PORT);
      awaitEndpoint(deadline);
      List<String> failures = new ArrayList<>();
      client.pods().inNamespace(NAMESPACE).resource(clientPod(dnsName)).serverSideApply();
      // Both paths at once, with the same time again once the server is ready.
      Instant checksDeadline = Instant.now().plus(timeout);
      CompletableFuture<Optional<String>> fromHost =
          CompletableFuture.supplyAsync(() -> hostCheck(ip, checksDeadline));
      podCheck(dnsName, ip, checksDeadline).ifPresent(f -> failures.add("from a pod: " + f));
      fromHost.join().ifPresent(f -> failures.add(0, "from the host: " + f));
      if (!failures.isEmpty()) {
        throw new IOException(
            "the pod network does not work: "
                + String.join("; ", failures)
                + ". Service addresses are translated by iptables rules that the node agent"
                + " writes (chains TUSK-SERVICES, TUSK-POSTROUTING, TUSK-FILTER); check that"
                + " `iptables -t nat -S TUSK-SERVICES` lists the Service and that no other"
                + " firewall rule drops traffic to "
                + ip);
      }
      progress.step("network probe: Service reachable from the host and from a pod; DNS works");
    } finally {
      cleanUp();
    }
  }

  private void awaitEndpoint(Instant deadline) throws IOException {
    while (Instant.now().isBefore(deadline)) {
      if (hasReadyEndpoint()) {
        return;
      }
      pause(200);
    }
    Pod server = client.pods().inNamespace(NAMESPACE).withName(NAME).get();
    throw new IOException(
        "the network probe's server pod did not become ready within "
            + timeout.toSeconds()
            + "s ("
            + describe(server)
            + ")");
  }

  private boolean hasReadyEndpoint() {
    for (EndpointSlice s :
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(NAMESPACE)
            .withLabel("kubernetes.io/service-name", NAME)
            .list()
            .getItems()) {
      if (s.getEndpoints() != null
          && s.getEndpoints().stream()
              .anyMatch(
                  e ->
                      e.getConditions() != null
                          && Boolean.TRUE.equals(e.getConditions().getReady()))) {
        return true;
      }
    }
    return false;
  }

  /** An HTTP request to the ClusterIP from this process; empty when it got a 200 answer. */
  private Optional<String> hostCheck(String ip, Instant deadline) {
    String last = "no attempt";
    while (Instant.now().isBefore(deadline)) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(ip, PORT), 2000);
        s.setSoTimeout(2000);
        OutputStream out = s.getOutputStream();
        out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        if (status.startsWith("HTTP/") && status.endsWith("200")) {
          return Optional.empty();
        }
        last = "unexpected answer '" + status + "' from " + ip + ":" + PORT;
      } catch (IOException e) {
        last = "connection to " + ip + ":" + PORT + " failed: " + e.getMessage();
      }
      pause(300);
    }
    return Optional.of(last);
  }

  /** Waits for the client pod to finish; empty when it exited 0. */
  private Optional<String> podCheck(String dnsName, String ip, Instant deadline) {
    Pod pod = null;
    while (Instant.now().isBefore(deadline)) {
      pod = client.pods().inNamespace(NAMESPACE).withName(CLIENT).get();
      Optional<ContainerStateTerminated> done = terminated(pod);
      if (done.isPresent()) {
        int code = done.get().getExitCode() == null ? -1 : done.get().getExitCode();
        return switch (code) {
          case 0 -> Optional.empty();
          case DNS_FAILED -> Optional.of(dnsName + " does not resolve inside the pod");
          case CONNECT_FAILED ->
              Optional.of("no HTTP answer through " + dnsName + " (" + ip + ":" + PORT + ")");
          default -> Optional.of("the probe pod exited with code " + code);
        };
      }
      pause(200);
    }
    return Optional.of(
        "the probe pod did not finish within " + timeout.toSeconds() + "s (" + describe(pod) + ")");
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
      if (cs.getState() != null && cs.getState().getTerminated() != null) {
        return Optional.of(cs.getState().getTerminated());
      }
    }
    return Optional.empty();
  }

  private static String describe(Pod pod) {
    if (pod == null) {
      return "pod not found";
    }
    if (pod.getStatus() == null) {
      return "no status yet";
    }
    StringBuilder b = new StringBuilder("phase ").append(pod.getStatus().getPhase());
    if (pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
        if (cs.getState() != null && cs.getState().getWaiting() != null) {
          b.append(", ").append(cs.getState().getWaiting().getReason());
          if (cs.getState().getWaiting().getMessage() != null) {
            b.append(": ").append(cs.getState().getWaiting().getMessage());
          }
        }
      }
    }
    return b.toString();
  }

  private void cleanUp() {
    try {
      client.pods().inNamespace(NAMESPACE).withName(CLIENT).withGracePeriod(0).delete();
      client.pods().inNamespace(NAMESPACE).withName(NAME).withGracePeriod(0).delete();
      client.services().inNamespace(NAMESPACE).withName(NAME).delete();
    } catch (RuntimeException e) {
      // The control plane is being stopped anyway when the probe failed.
    }
  }

  static Service service() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(NAMESPACE)
        .withLabels(Map.of("app.kubernetes.io/name", NAME))
        .endMetadata()
        .withNewSpec()
        .withSelector(Map.of("app.kubernetes.io/name", NAME))
        .addNewPort()
        .withName("http")
        .withPort(PORT)
        .withNewTargetPort(TARGET_PORT)
        .endPort()
        .endSpec()
        .build();
  }

  static Pod serverPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(NAMESPACE)
        .withLabels(Map.of("app.kubernetes.io/name", NAME))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withTerminationGracePeriodSeconds(0L)
        .addNewContainer()
        .withName("server")
        .withImage(IMAGE)
        .withCommand(
            "python3", "-m", "http.server", String.valueOf(TARGET_PORT), "--bind", "0.0.0.0")
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withNewPort(TARGET_PORT)
        .endTcpSocket()
        .withPeriodSeconds(1)
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .build();
  }

  /**
   * The client: resolve the name, then up to {@link #ATTEMPTS} attempts of an HTTP request through
   * it (bash's {@code /dev/tcp}, each bounded by {@code timeout}), since the node agent writes a
   * new Service's rules a moment after its endpoints appear.
   */
  static Pod clientPod(String dnsName) {
    String script =
        "getent hosts "
            + dnsName
            + " >/dev/null || exit "
            + DNS_FAILED
            + "\n"
            + "for i in $(seq 1 "
            + ATTEMPTS
            + "); do\n"
            + "  if timeout 2 bash -c 'exec 3<>/dev/tcp/"
            + dnsName
            + "/"
            + PORT
            + "; printf \"GET / HTTP/1.0\\r\\n\\r\\n\" >&3; head -c 12 <&3' | grep -q '^HTTP/.* 200';"
            + " then exit 0; fi\n"
            + "  sleep 0.5\n"
            + "done\n"
            + "exit "
            + CONNECT_FAILED
            + "\n";
    return new PodBuilder()
        .withNewMetadata()
        .withName(CLIENT)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withTerminationGracePeriodSeconds(0L)
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("client")
        .withImage(IMAGE)
        .withCommand("bash", "-c", script)
        .endContainer()
        .endSpec()
        .build();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
