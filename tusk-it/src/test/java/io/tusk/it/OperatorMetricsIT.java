package io.tusk.it;

import static io.tusk.it.OperatorHarness.awaitStatus;
import static io.tusk.it.OperatorHarness.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's {@code /metrics} on a real API server (simulated pods): Prometheus' text format
 * with the clusters by status, JOSDK's reconcile counters, the Events by reason, the JVM's meters,
 * and no secret among them.
 */
@LocalKubernetes
class OperatorMetricsIT {
  private static final String NAME = "acid-minimal-cluster";

  @InjectClient static KubernetesClient client;
  @InjectCluster static LocalCluster cluster;
  static OperatorHarness operator;

  @BeforeAll
  static void startOperator() {
    operator = new OperatorHarness(cluster, Map.of()).start();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  private static HttpResponse<String> scrape() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the first sample line starting with {@code series}. */
  private static double value(String body, String series) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE)
            .matcher(body);
    assertThat(m.find()).as("a sample of %s in:%n%s", series, body).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aRunningClusterShowsInTheMetricsAndNoSecretDoes() throws Exception {
    Postgresql pg = manifest(client, "minimal.yaml");
    client.resource(pg).create();
    awaitStatus(client, NAME, "Running");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(value(scrape().body(), "tusk_clusters{status=\"Running\"}"))
                    .isEqualTo(1));
    HttpResponse<String> response = scrape();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/plain");
    String body = response.body();
    assertThat(value(body, "tusk_clusters{status=\"Creating\"}")).isZero();
    assertThat(value(body, "tusk_events_total{reason=\"Create\",type=\"Normal\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(body)
        .containsPattern("(?m)^operator_sdk_reconciliations_started_total\\{[^}]*\\} [1-9]")
        .containsPattern("(?m)^operator_sdk_reconciliations_success_total\\{[^}]*\\} [1-9]")
        .contains("jvm_memory_used_bytes")
        // Without per-resource labels: no series names a cluster.
        .doesNotContain(NAME);
    // Every series the shipped dashboard and alert rules query is one the operator exports.
    Path monitoring =
        Path.of(System.getProperty("tusk.root.dir", "..")).resolve("deploy").resolve("monitoring");
    String shipped =
        Files.readString(monitoring.resolve("prometheus-rules.yaml"))
            + Files.readString(monitoring.resolve("grafana-dashboard.json"));
    Matcher names =
        Pattern.compile("\\b((?:tusk|operator_sdk|jvm|process)_[a-z_]+)").matcher(shipped);
    java.util.Set<String> referenced = new java.util.TreeSet<>();
    while (names.find()) {
      referenced.add(names.group(1));
    }
    assertThat(referenced).contains("tusk_clusters", "operator_sdk_reconciliations_failed_total");
    // JOSDK creates its failure counter at the first failed reconcile; its success counter is
    // there.
    referenced.remove("operator_sdk_reconciliations_failed_total");
    for (String name : referenced) {
      assertThat(body)
          .as("series %s of deploy/monitoring", name)
          .containsPattern("(?m)^" + name + "[{ ]");
    }
    for (Secret s : client.secrets().list().getItems()) {
      if (s.getData() != null && s.getData().get("password") != null) {
        String password =
            new String(
                Base64.getDecoder().decode(s.getData().get("password")), StandardCharsets.UTF_8);
        assertThat(body).as("secret %s", s.getMetadata().getName()).doesNotContain(password);
      }
    }
  }
}
