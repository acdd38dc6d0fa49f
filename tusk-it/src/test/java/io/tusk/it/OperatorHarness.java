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
import io.tusk.operator.ReconcileCounts;
import io.tusk.operator.TuskOperator;
import io.tusk.operator.database.AutoPrimaryResolver;
import io.tusk.operator.database.PrimaryResolver;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the Tusk operator in the test JVM against the local control plane, watching the test class's
 * namespace and configured by a ConfigMap there. The operator's client impersonates the service
 * account of {@code deploy/rbac.yaml}, so every test also proves that the RBAC shipped for real
 * clusters is sufficient. Published in this module's test-jar for the end-to-end tests.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String CONFIG_MAP = "postgres-operator";

  private final LocalCluster cluster;
  private final KubernetesClient operatorClient;
  private TuskOperator operator;

  public OperatorHarness(LocalCluster cluster, Map<String, String> configuration) {
    this.cluster = cluster;
    String ns = cluster.namespace();
    DeployedRbac.install(cluster.client(), ns);
    writeConfig(configuration);
    Config config = cluster.adminConfig();
    config.setNamespace(ns);
    config.setImpersonateUsername("system:serviceaccount:" + ns + ":tusk-operator");
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
    this.operatorClient =
        new KubernetesClientBuilder().withConfig(TuskOperator.tune(config)).build();
  }

  public OperatorHarness start() {
    return start(new AutoPrimaryResolver(operatorClient));
  }

  /**
   * Starts the operator with the way it reaches each cluster's primary for the role and database
   * sync; {@link #start()} uses the default, which reaches the master Service's ClusterIP from a
   * test JVM on the host (it cannot resolve cluster DNS names).
   */
  public OperatorHarness start(PrimaryResolver primaries) {
    String ns = cluster.namespace();
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "CONFIG_MAP_NAME", CONFIG_MAP, "OPERATOR_NAMESPACE", ns, "WATCHED_NAMESPACE", ns),
            ns);
    operator = new TuskOperator(operatorClient, settings, 0, primaries);
    operator.start();
    return this;
  }

  /** The operator's own client (the impersonated service account). */
  public KubernetesClient operatorClient() {
    return operatorClient;
  }

  public void stop() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  public int httpPort() {
    return operator.httpPort();
  }

  /**
   * The reconciles of cluster {@code name} (in the test's namespace) that ran to the end in the
   * running operator, and the configuration the last successful one started under: the positive
   * signal that the operator has looked at a cluster since it started or since a configuration
   * change.
   */
  public ReconcileCounts.Cluster reconciles(String name) {
    return operator.reconciles().of(cluster.namespace(), name);
  }

  /** Whether an operator is running (started and not stopped since). */
  public boolean isRunning() {
    return operator != null && operator.isReady();
  }

  /**
   * Replaces the operator ConfigMap's data (the operator watches it). Unless the data says
   * otherwise, {@code enable_database_access} is off: simulated pods run no PostgreSQL, so there is
   * nothing to create roles in, and a new cluster would wait for its primary forever.
   */
  public void writeConfig(Map<String, String> data) {
    Map<String, String> all = new HashMap<>(data);
    all.putIfAbsent("resync_period", "30m");
    all.putIfAbsent("enable_database_access", "false");
    cluster
        .client()
        .configMaps()
        .inNamespace(cluster.namespace())
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CONFIG_MAP)
                .endMetadata()
                .withData(all)
                .build())
        .serverSideApply();
  }

  /** Loads a test manifest from the classpath (src/test/resources/manifests). */
  public static Postgresql manifest(KubernetesClient client, String resource) {
    try (InputStream in = OperatorHarness.class.getResourceAsStream("/manifests/" + resource)) {
      return client.getKubernetesSerialization().unmarshal(in, Postgresql.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * One of Zalando's example manifests as shipped, from the reference directory (system property
   * {@code tusk.reference.dir}), e.g. {@code complete-postgres-manifest.yaml}.
   */
  public static Postgresql zalandoManifest(KubernetesClient client, String file) {
    Path path =
        Path.of(System.getProperty("tusk.reference.dir"), "zalando-v2.0.1", "manifests", file);
    try (InputStream in = Files.newInputStream(path)) {
      return client.getKubernetesSerialization().unmarshal(in, Postgresql.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static String status(KubernetesClient client, String name) {
    Postgresql pg = client.resources(Postgresql.class).withName(name).get();
    return pg == null || pg.getStatus() == null ? null : pg.getStatus().getPostgresClusterStatus();
  }

  public static void awaitStatus(KubernetesClient client, String name, String status) {
    awaitStatus(client, name, status, Duration.ofSeconds(60));
  }

  public static void awaitStatus(
      KubernetesClient client, String name, String status, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Postgresql pg = client.resources(Postgresql.class).withName(name).get();
              org.assertj.core.api.Assertions.assertThat(pg.getStatus())
                  .as("status of %s (generation %s)", name, pg.getMetadata().getGeneration())
                  .isNotNull()
                  .extracting(
                      s ->
                          s.getPostgresClusterStatus()
                              + " / "
                              + s.getMessage()
                              + " / gen "
                              + s.getObservedGeneration())
                  .asString()
                  .startsWith(status + " /");
            });
  }

  public static List<Event> events(KubernetesClient client, String name) {
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
