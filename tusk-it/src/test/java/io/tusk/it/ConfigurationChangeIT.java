package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A change of the operator ConfigMap re-syncs every cluster within seconds. */
@LocalKubernetes
class ConfigurationChangeIT {
  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void createClusters() {
    operator =
        new OperatorHarness(cluster, Map.of("docker_image", "registry.example/spilo:1")).start();
    for (String name : List.of("acid-one", "acid-two")) {
      Postgresql pg = manifest(client, "minimal.yaml");
      pg.getMetadata().setName(name);
      client.resource(pg).create();
    }
    awaitStatus(client, "acid-one", "Running");
    awaitStatus(client, "acid-two", "Running");
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  private static String image(String name) {
    return client
        .apps()
        .statefulSets()
        .withName(name)
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  @Test
  void newDockerImageReachesEveryCluster() {
    assertThat(image("acid-one")).isEqualTo("registry.example/spilo:1");
    operator.writeConfig(Map.of("docker_image", "registry.example/spilo:2"));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                image("acid-one").equals("registry.example/spilo:2")
                    && image("acid-two").equals("registry.example/spilo:2"));
  }

  @Test
  void invalidConfigurationIsIgnoredWithAWarningAndTheLastValidOneStays() throws Exception {
    operator.writeConfig(
        Map.of("docker_image", "registry.example/spilo:3", "workers", "not-a-number"));
    // The operator says it ignored the change, where users look: a Warning on the ConfigMap.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                client.v1().events().list().getItems().stream()
                    .anyMatch(
                        e ->
                            "Warning".equals(e.getType())
                                && "Configuration".equals(e.getReason())
                                && OperatorHarness.CONFIG_MAP.equals(
                                    e.getInvolvedObject().getName())
                                && e.getMessage().contains("workers")));
    assertThat(image("acid-one")).isNotEqualTo("registry.example/spilo:3");
    // The REST API shows the configuration in force.
    HttpResponse<String> config =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + operator.httpPort() + "/config/"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).contains("\"docker_image\"").doesNotContain("spilo:3");
  }
}
