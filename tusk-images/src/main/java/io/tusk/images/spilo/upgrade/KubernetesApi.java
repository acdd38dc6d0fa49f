package io.tusk.images.spilo.upgrade;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * The Kubernetes API with the pod's service account: moves Patroni's {@code initialize} key to the
 * new system identifier, as Spilo does through Patroni's DCS class. (Patroni itself is asked
 * through {@link io.tusk.patroni.PatroniClient}.)
 */
final class KubernetesApi {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final UpgradeSettings settings;

  KubernetesApi(UpgradeSettings settings) {
    this.settings = settings;
  }

  /**
   * Sets the annotation {@code initialize} of Patroni's {@code <scope>-config} object (Endpoints,
   * or a ConfigMap when Patroni keeps its state in ConfigMaps).
   */
  void setInitializeKey(String sysid) throws IOException, InterruptedException, UpgradeFailed {
    if (settings.apiServer().isBlank()
        || settings.tokenFile() == null
        || settings.caFile() == null) {
      throw new UpgradeFailed("the pod has no Kubernetes API credentials to update Patroni's key");
    }
    HttpClient api;
    try {
      api =
          HttpClient.newBuilder()
              .sslContext(io.tusk.images.TrustedCa.context(settings.caFile()))
              .build();
    } catch (GeneralSecurityException e) {
      throw new UpgradeFailed("cannot read the cluster CA: " + e.getMessage(), e);
    }
    String token = Files.readString(settings.tokenFile()).strip();
    String body =
        JSON.writeValueAsString(
            JSON.createObjectNode()
                .set(
                    "metadata",
                    JSON.createObjectNode()
                        .set("annotations", JSON.createObjectNode().put("initialize", sysid))));
    int last = 0;
    for (String kind : new String[] {"endpoints", "configmaps"}) {
      URI uri =
          URI.create(
              settings.apiServer()
                  + "/api/v1/namespaces/"
                  + settings.namespace()
                  + "/"
                  + kind
                  + "/"
                  + settings.scope()
                  + "-config");
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(TIMEOUT)
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/merge-patch+json")
              .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> r = api.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return;
      }
      last = r.statusCode();
      if (r.statusCode() != 404) {
        break;
      }
    }
    throw new UpgradeFailed(
        "could not set Patroni's initialize key on " + settings.scope() + "-config: HTTP " + last);
  }
}
