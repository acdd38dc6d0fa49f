package io.tusk.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.local.junit.LocalCluster;
import io.tusk.operator.OperatorSettings;
import io.tusk.operator.TuskOperator;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the Tusk operator in the test JVM against the local control plane, watching the test
 * class's namespace and configured by a ConfigMap there. The operator's client impersonates the
 * service account of {@code deploy/rbac.yaml}, so every test also proves that the RBAC shipped for
 * real clusters is sufficient.
 */
final class OperatorHarness implements AutoCloseable {
  static final String CONFIG_MAP = "postgres-operator";

  private final LocalCluster cluster;
  private final KubernetesClient operatorClient;
  private TuskOperator operator;

  OperatorHarness(LocalCluster cluster, Map<String, String> configuration) {
    this.cluster = cluster;
    String ns = cluster.namespace();
    DeployedRbac.install(cluster.client(), ns);
    writeConfig(configuration);
    Config config = cluster.adminConfig();
    config.setNamespace(ns);
    config.setImpersonateUsername("system:serviceaccount:" + ns + ":tusk-operator");
    config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
    this.operatorClient = new KubernetesClientBuilder().withConfig(TuskOperator.tune(config)).build();
  }

  OperatorHarness start() {
    String ns = cluster.namespace();
    OperatorSettings settings = OperatorSettings.fromEnvironment(
        Map.of("CONFIG_MAP_NAME", CONFIG_MAP, "OPERATOR_NAMESPACE", ns, "WATCHED_NAMESPACE", ns), ns);
    operator = new TuskOperator(operatorClient, settings, 0);
    operator.start();
    return this;
  }

  void stop() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  int httpPort() {
    return operator.httpPort();
  }

  /** Replaces the operator ConfigMap's data (the operator watches it). */
  void writeConfig(Map<String, String> data) {
    Map<String, String> all = new HashMap<>(data);
    all.putIfAbsent("resync_period", "30m");
    cluster.client().configMaps().inNamespace(cluster.namespace()).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(CONFIG_MAP).endMetadata().withData(all).build())
        .serverSideApply();
  }


  /** Loads a test manifest from the classpath (src/test/resources/manifests). */
  static Postgresql manifest(KubernetesClient client, String resource) {
    try (InputStream in = OperatorHarness.class.getResourceAsStream("/manifests/" + resource)) {
      return client.getKubernetesSerialization().unmarshal(in, Postgresql.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String status(KubernetesClient client, String name) {
    Postgresql pg = client.resources(Postgresql.class).withName(name).get();
    return pg == null || pg.getStatus() == null ? null : pg.getStatus().getPostgresClusterStatus();
  }

  static void awaitStatus(KubernetesClient client, String name, String status) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      Postgresql pg = client.resources(Postgresql.class).withName(name).get();
      org.assertj.core.api.Assertions.assertThat(pg.getStatus())
          .as("status of %s (generation %s)", name, pg.getMetadata().getGeneration())
          .isNotNull()
          .extracting(s -> s.getPostgresClusterStatus() + " / " + s.getMessage() + " / gen " + s.getObservedGeneration())
          .asString().startsWith(status + " /");
    });
  }

  static List<Event> events(KubernetesClient client, String name) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Override
  public void close() {
    stop();
    operatorClient.close();
  }
}
