package io.tusk.local.components;

import io.tusk.local.objectstorage.ObjectStorage;
import io.tusk.local.pki.TlsContexts;
import io.tusk.local.state.StateLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks each component whether it is ready, the way kubeadm's static-pod probes do: etcd's {@code
 * /health} over plain HTTP, the API server's {@code /readyz} and the controller-manager's and
 * scheduler's {@code /healthz} over TLS verified against our CA.
 */
public final class HealthChecks {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient plain;
  private final HttpClient tls;

  public HealthChecks(StateLayout l) throws IOException {
    this.plain = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.tls =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .sslContext(TlsContexts.mutual(l.pki("ca.crt"), l.pki("admin.crt"), l.pki("admin.key")))
            .build();
  }

  /** True if {@code component} listening on {@code port} reports healthy. */
  public boolean healthy(Component component, int port) {
    return switch (component) {
      case ETCD -> get(plain, "http://127.0.0.1:" + port + "/health", "true");
      case KUBE_APISERVER -> get(tls, "https://127.0.0.1:" + port + "/readyz", null);
      case KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER ->
          get(tls, "https://127.0.0.1:" + port + "/healthz", null);
      case NODE_AGENT -> true;
        // Any S3 answer (an anonymous request is refused with 403) means it serves.
      case OBJECT_STORAGE -> answers(plain, ObjectStorage.endpoint(port) + "/");
    };
  }

  private static boolean answers(HttpClient client, String url) {
    try {
      client.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean get(HttpClient client, String url, String mustContain) {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && (mustContain == null || r.body().contains(mustContain));
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
