package io.tusk.it.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.local.junit.LocalCluster;
import io.tusk.operator.OperatorSettings;
import io.tusk.operator.TuskOperator;
import io.tusk.operator.database.PrimaryResolver;
import io.tusk.sql.testing.LocalPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the Tusk operator in the test JVM against the local control plane (as the service account of
 * {@code deploy/rbac.yaml}, impersonated) with the database sync pointed at a real PostgreSQL
 * started by the test ({@link LocalPostgres}).
 *
 * <p>The pods of the local control plane are simulated: they are reported Running and Ready but run
 * no Patroni, so no pod ever becomes the labelled master and the default {@link PrimaryResolver}
 * would skip the sync forever. The {@link LocalPostgresPrimary} resolver installed here declares
 * the primary ready at once and points the sync at the test's server; it also counts the syncs, so
 * a test can wait for one to have run. Every cluster of a test class shares that one server, so
 * each class creates one cluster.
 */
final class DatabaseHarness implements AutoCloseable {
  static final String CONFIG_MAP = "postgres-operator";

  private final LocalCluster cluster;
  private final KubernetesClient operatorClient;
  private final LocalPostgresPrimary primary;
  private TuskOperator operator;

  /**
   * The primary is always "ready" and is the test's PostgreSQL; {@code sslmode=prefer}, since the
   * test server has no TLS (the default resolver requires it, as Zalando does).
   */
  static final class LocalPostgresPrimary implements PrimaryResolver {
    private final LocalPostgres postgres;
    private final AtomicInteger syncs = new AtomicInteger();

    LocalPostgresPrimary(LocalPostgres postgres) {
      this.postgres = postgres;
    }

    private volatile boolean refusing;

    @Override
    public Optional<Primary> resolve(Postgresql cluster, OperatorConfig config) {
      syncs.incrementAndGet();
      if (refusing) {
        // As a primary whose Service does not lead to it yet: the connection is refused.
        return Optional.of(new Primary(postgres.host(), closedPort(), "prefer"));
      }
      return Optional.of(new Primary(postgres.host(), postgres.port(), "prefer"));
    }

    /** While on, syncs find the primary refusing connections. */
    void refusing(boolean on) {
      refusing = on;
    }

    private static int closedPort() {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        return s.getLocalPort();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    int syncs() {
      return syncs.get();
    }
  }

  DatabaseHarness(LocalCluster cluster, LocalPostgres postgres, Map<String, String> configuration) {
    this.cluster = cluster;
    this.primary = new LocalPostgresPrimary(postgres);
    String ns = cluster.namespace();
    io.tusk.it.DeployedRbac.install(cluster.client(), ns);
    writeConfig(configuration);
    Config config = cluster.adminConfig();
    config.setNamespace(ns);
    config.setImpersonateUsername("system:serviceaccount:" + ns + ":tusk-operator");
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
    this.operatorClient =
        new KubernetesClientBuilder().withConfig(TuskOperator.tune(config)).build();
  }

  DatabaseHarness start() {
    String ns = cluster.namespace();
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "CONFIG_MAP_NAME", CONFIG_MAP, "OPERATOR_NAMESPACE", ns, "WATCHED_NAMESPACE", ns),
            ns);
    operator = new TuskOperator(operatorClient, settings, 0, primary);
    operator.start();
    return this;
  }

  /** While on, syncs find the primary refusing connections. */
  void refusing(boolean on) {
    primary.refusing(on);
  }

  /** Database syncs started so far (each asks the resolver for the primary first). */
  int syncs() {
    return primary.syncs();
  }

  /**
   * Waits until {@code count} more syncs have started after {@code since}; all but the last have
   * then finished (syncs of one cluster never overlap).
   */
  void awaitSyncs(int since, int count) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> syncs() >= since + count);
  }

  /** Replaces the operator ConfigMap's data (the operator watches it). */
  void writeConfig(Map<String, String> data) {
    Map<String, String> all = new HashMap<>(data);
    all.putIfAbsent("resync_period", "30m");
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

  /** Waits until the operator's REST API shows the option with this JSON value. */
  void awaitConfig(String key, String jsonValue) {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + operator.httpPort() + "/config/");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> r =
                  http.send(
                      HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
              return r.statusCode() == 200
                  && r.body().replace(" ", "").contains("\"" + key + "\":" + jsonValue);
            });
  }

  /** Creates a credentials Secret before the cluster, as a user choosing a password would. */
  void createCredentialsSecret(String clusterName, String user, String password) {
    String name =
        user.replace('_', '-') + "." + clusterName + ".credentials.postgresql.acid.zalan.do";
    cluster
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(Map.of("username", user, "password", password))
                .build())
        .create();
  }

  /**
   * Removes manifest fields with a JSON patch, as {@code kubectl patch --type json} does. (The
   * client's {@code edit} leaves empty arrays out before computing its patch, so removing a user
   * without flags, {@code name: []}, would send nothing.)
   */
  static void remove(KubernetesClient client, String name, String... paths) {
    String ops =
        java.util.Arrays.stream(paths)
            .map(p -> "{\"op\":\"remove\",\"path\":\"" + p + "\"}")
            .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    client.resources(Postgresql.class).withName(name).patch(PatchContext.of(PatchType.JSON), ops);
  }

  static Postgresql manifest(KubernetesClient client, String yaml) {
    return client.getKubernetesSerialization().unmarshal(yaml, Postgresql.class);
  }

  static void awaitStatus(
      KubernetesClient client, String name, String status, String... inMessage) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Postgresql pg = client.resources(Postgresql.class).withName(name).get();
              assertThat(pg.getStatus()).as("status of %s", name).isNotNull();
              assertThat(pg.getStatus().getPostgresClusterStatus())
                  .as("status of %s (%s)", name, pg.getStatus().getMessage())
                  .isEqualTo(status);
              for (String text : inMessage) {
                assertThat(pg.getStatus().getMessage()).contains(text);
              }
            });
  }

  static List<Event> events(KubernetesClient client, String name) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** A decoded value of a Secret's data ("" when absent). */
  static String value(Secret secret, String key) {
    if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
      return "";
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** The first column of every row, as text, run as the superuser. */
  static List<String> column(LocalPostgres postgres, String database, String sql)
      throws SQLException {
    try (Connection c = postgres.connect(database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  /** Whether the user logs in to database {@code postgres} with this password. */
  static boolean logsIn(LocalPostgres postgres, String user, String password) {
    try (Connection c = postgres.connect("postgres", user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_user")) {
      return rs.next() && user.equals(rs.getString(1));
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
    operatorClient.close();
  }
}
