package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.PreparedDatabase;
import io.tusk.it.OperatorHarness;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * In-place major version upgrades of a three-instance cluster on real pods, triggered as Zalando
 * triggers them (a higher {@code postgresql.version}: the pods roll, then the operator execs
 * Spilo's {@code inplace_upgrade.py} in the primary's pod). The cluster starts on PostgreSQL 15
 * with pgbench data (scale 10) and the complete manifest's roles, databases and extensions.
 *
 * <ol>
 *   <li>15 to 17 with {@code pg_partman} installed (not available for 17 here): refused before any
 *       downtime, the failure annotation and a Warning name the extension, the cluster stays
 *       writable on 15 and the upgrade is not tried again;
 *   <li>without {@code pg_partman} and the failure annotation removed: 15 to 17, every member on 17
 *       and streaming, the same row counts and checksums, every credential logs in, the success
 *       annotation set, the {@code critical-operation} label gone;
 *   <li>17 to 18 with the operator killed while the upgrade runs: the next operator process
 *       finishes the bookkeeping without a second attempt;
 *   <li>{@code full} mode: a single-instance cluster on 15, below {@code minimal_major_version},
 *       upgraded to {@code target_major_version} 18 without a manifest change.
 * </ol>
 *
 * <p>{@code tusk plan} shows the upgrade first, and the maintenance window it would wait for.
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class MajorVersionUpgradeIT {

  static final String CLUSTER = "acid-upgrade";
  static final Duration UPGRADE = Duration.ofMinutes(8);
  static final String REASON = "Major Version Upgrade";

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private final PatroniClient patroni = PatroniClient.withDefaults();
  private ClusterView view;
  private OperatorProcess operator;
  private Map<String, String> checksums;

  @BeforeAll
  void clusterOn15WithData() throws Exception {
    view = new ClusterView(client, CLUSTER);
    new OperatorHarness(
        cluster, Map.of("enable_database_access", "true", "major_version_upgrade_mode", "manual"));
    operator = OperatorProcess.start(cluster);
    System.setProperty("kubeconfig", cluster.kubeconfig().toString());
    client.resources(Postgresql.class).resource(manifest()).create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", Duration.ofMinutes(5));
    awaitAllStreaming(15);
    await("pg_partman in database bar")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                value("bar", "SELECT count(*) FROM pg_extension WHERE extname = 'pg_partman'")
                    .equals("1"));
    pgbench();
    execute(
        "foo",
        "CREATE TABLE foo_rows AS SELECT g AS id, md5(g::text) AS v"
            + " FROM generate_series(1, 5000) g");
    checksums = checksums();
    assertThat(checksums).containsKeys("postgres.pgbench_accounts", "foo.foo_rows");
    assertThat(checksums.get("postgres.pgbench_accounts")).startsWith("1000000:");
    // The load leaves the replicas behind for a while on a slow machine, and the upgrade waits
    // while a replica lags more than 16 MiB: the plan below is about the upgrade itself.
    await("the replicas to replay the load")
        .atMost(UPGRADE)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> {
              List<Pod> pods = databasePods();
              PatroniCluster c =
                  patroni.cluster(PatroniClient.apiRoot(pods.get(0).getStatus().getPodIP()));
              return c.members().stream()
                  .filter(m -> !m.isLeader())
                  .allMatch(m -> m.lagBytes().isPresent() && m.lagBytes().getAsLong() < 1 << 20);
            });
  }

  @AfterAll
  void stop() throws Exception {
    view.deleteAndAwaitPodsGone();
    if (operator != null) {
      operator.close();
    }
    System.clearProperty("kubeconfig");
  }

  @Test
  @Order(0)
  void planShowsTheUpgradeAndTheWindowItWaitsFor() throws Exception {
    Postgresql next = view.current();
    next.getSpec().getPostgresql().setVersion("17");
    String plan = plan(next);
    assertThat(plan)
        .contains("PostgreSQL version: 15 -> 17")
        .contains(
            "Major version upgrade: PostgreSQL 15 -> 17 in place, by an exec of Spilo's"
                + " inplace_upgrade.py on pod "
                + view.masterPod().getMetadata().getName());
    // A window that opens tomorrow (whatever the time now): the upgrade waits for it.
    java.time.ZonedDateTime tomorrow =
        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusDays(1);
    String day =
        tomorrow
            .getDayOfWeek()
            .getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH);
    next.getSpec().setMaintenanceWindows(List.of(day + ":01:00-01:30"));
    plan = plan(next);
    assertThat(plan)
        .contains(
            "Major version upgrade: waits: the upgrade from PostgreSQL 15 to 17 waits for a"
                + " maintenance window; the next maintenance window ("
                + day
                + ":01:00-01:30) opens at "
                + tomorrow.toLocalDate()
                + "T01:00:00Z");
  }

  @Test
  @Order(1)
  void anExtensionMissingForTheNewMajorRefusesTheUpgradeAndTheClusterStaysWritable()
      throws Exception {
    setVersion("17");
    await("the failure annotation")
        .atMost(UPGRADE)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> annotations().containsKey("last-major-upgrade-failure"));
    assertThat(annotations()).containsEntry("tusk.io/major-upgrade-failed-version", "17");
    assertThat(annotations().get("tusk.io/major-upgrade-failure-reason")).contains("pg_partman");
    await("the status to say why")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              var status = client.resources(Postgresql.class).withName(CLUSTER).get().getStatus();
              return status != null
                  && "Running".equals(status.getPostgresClusterStatus())
                  && status.getMessage() != null
                  && status.getMessage().contains("not retried")
                  && status.getMessage().contains("pg_partman");
            });
    assertThat(warnings()).anyMatch(m -> m.contains("FAILED") && m.contains("pg_partman"));
    await("the primary to accept writes on PostgreSQL 15")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              execute("postgres", "CREATE TABLE IF NOT EXISTS after_failure (x int)");
              return value("postgres", "SHOW server_version_num").startsWith("15");
            });
    assertThat(criticalLabels()).isEmpty();
    // Not tried again while the manifest asks for the version that failed.
    Thread.sleep(20_000);
    assertThat(starts()).isEqualTo(1);
    assertThat(value("postgres", "SHOW server_version_num")).startsWith("15");
  }

  @Test
  @Order(2)
  void withoutTheExtensionTheUpgradeTo17KeepsEveryRowAndEveryLogin() throws Exception {
    dropExtension("pg_partman");
    // As a Zalando user retries: remove the failure annotation.
    mergePatch("{\"metadata\":{\"annotations\":{\"last-major-upgrade-failure\":null}}}");
    await("the success annotation")
        .atMost(UPGRADE)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> annotations().containsKey("last-major-upgrade-success"));
    awaitAllStreaming(17);
    assertThat(checksums()).isEqualTo(checksums);
    assertThat(value("bar", "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension"))
        .isEqualTo("hstore,pg_stat_statements,pgcrypto,plpgsql");
    assertEveryCredentialLogsIn();
    assertThat(criticalLabels()).isEmpty();
    assertThat(annotations())
        .doesNotContainKeys(
            "last-major-upgrade-failure",
            "tusk.io/major-upgrade-failed-version",
            "tusk.io/major-upgrade-failure-reason");
    assertThat(normals()).anyMatch(m -> m.contains("upgrade from 15 to 17 finished"));
  }

  @Test
  @Order(3)
  void theOperatorKilledDuringTheUpgradeTo18ConvergesWithoutASecondAttempt() throws Exception {
    // PostgreSQL 18 here is built without OpenSSL: no pgcrypto.
    dropExtension("pgcrypto");
    String before = annotations().get("last-major-upgrade-success");
    int startsBefore = starts();
    setVersion("18");
    await("the upgrade to 18 to start")
        .atMost(UPGRADE)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> starts() > startsBefore);
    Thread.sleep(3_000);
    // Killed while the upgrade runs: its result is not written yet.
    assertThat(annotations().get("last-major-upgrade-success")).isEqualTo(before);
    operator.kill();
    operator = OperatorProcess.start(cluster);
    await("a new success annotation")
        .atMost(UPGRADE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                annotations().containsKey("last-major-upgrade-success")
                    && !annotations().get("last-major-upgrade-success").equals(before));
    awaitAllStreaming(18);
    assertThat(checksums()).isEqualTo(checksums);
    assertThat(value("bar", "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension"))
        .isEqualTo("hstore,pg_stat_statements,plpgsql");
    assertEveryCredentialLogsIn();
    assertThat(criticalLabels()).isEmpty();
    assertThat(starts()).isEqualTo(startsBefore + 1);
  }

  @Test
  @Order(4)
  void fullModeUpgradesAClusterBelowTheMinimalVersionWithoutAManifestChange() throws Exception {
    ClusterView single = new ClusterView(client, "acid-full");
    Postgresql pg = manifest();
    pg.getMetadata().setName("acid-full");
    pg.getSpec().setNumberOfInstances(1);
    pg.getSpec().setPreparedDatabases(null);
    pg.getSpec().setUsers(Map.of());
    pg.getSpec().setDatabases(Map.of());
    client.resources(Postgresql.class).resource(pg).create();
    try {
      OperatorHarness.awaitStatus(client, "acid-full", "Running", Duration.ofMinutes(5));
      setConfig(
          Map.of(
              "major_version_upgrade_mode", "full",
              "minimal_major_version", "16",
              "target_major_version", "18"));
      await("acid-full upgraded from 15 to 18")
          .atMost(UPGRADE)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(
              () -> {
                Postgresql now = client.resources(Postgresql.class).withName("acid-full").get();
                Pod p = single.pods().get(0);
                return now.getMetadata().getAnnotations() != null
                    && now.getMetadata().getAnnotations().containsKey("last-major-upgrade-success")
                    && patroni
                                .patroni(PatroniClient.apiRoot(p.getStatus().getPodIP()))
                                .serverVersion()
                            / 10000
                        == 18;
              });
      assertThat(
              client
                  .resources(Postgresql.class)
                  .withName("acid-full")
                  .get()
                  .getSpec()
                  .getPostgresql()
                  .getVersion())
          .isEqualTo("15");
      // The cluster above the minimal version is left as it is.
      assertThat(starts()).isEqualTo(3);
    } finally {
      setConfig(Map.of("major_version_upgrade_mode", "manual"));
      client.resources(Postgresql.class).withName("acid-full").delete();
    }
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Out of the manifest first (the operator creates what the manifest lists, and never drops an
   * extension), then out of the database, until it stays out.
   */
  private void dropExtension(String name) {
    mergePatch(
        "{\"spec\":{\"preparedDatabases\":{\"bar\":{\"extensions\":{\"" + name + "\":null}}}}}");
    await(name + " dropped for good")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(3))
        .ignoreExceptions()
        .until(
            () -> {
              String count =
                  value("bar", "SELECT count(*) FROM pg_extension WHERE extname = '" + name + "'");
              if (!count.equals("0")) {
                execute("bar", "DROP EXTENSION " + name + " CASCADE");
                return false;
              }
              return true;
            });
  }

  private void setConfig(Map<String, String> values) {
    client
        .configMaps()
        .withName(OperatorHarness.CONFIG_MAP)
        .edit(
            cm -> {
              cm.getData().putAll(values);
              return cm;
            });
  }

  private String plan(Postgresql changed) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("upgrade-", ".yaml");
    java.nio.file.Files.writeString(file, client.getKubernetesSerialization().asYaml(changed));
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    var cl = io.tusk.cli.TuskCli.newCommandLine();
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    int code =
        cl.execute(
            "plan",
            "-f",
            file.toString(),
            "-n",
            cluster.namespace(),
            "--config-map",
            OperatorHarness.CONFIG_MAP,
            "--operator-namespace",
            cluster.namespace());
    assertThat(code).as("tusk plan: %s", err).isZero();
    return out.toString();
  }

  private Postgresql manifest() throws Exception {
    Postgresql pg = ClusterView.zalandoManifest(client, "minimal-postgres-manifest.yaml");
    pg.getMetadata().setName(CLUSTER);
    pg.getSpec().setNumberOfInstances(3);
    pg.getSpec().getPostgresql().setVersion("15");
    Map<String, List<String>> users = new LinkedHashMap<>();
    users.put("zalando", List.of("superuser", "createdb"));
    users.put("foo_user", List.of());
    pg.getSpec().setUsers(users);
    pg.getSpec().setDatabases(Map.of("foo", "zalando"));
    PreparedDatabase bar = new PreparedDatabase();
    bar.setDefaultUsers(true);
    Map<String, String> extensions = new LinkedHashMap<>();
    extensions.put("pg_partman", "public");
    extensions.put("pgcrypto", "public");
    extensions.put("hstore", "public");
    bar.setExtensions(extensions);
    pg.getSpec().setPreparedDatabases(new LinkedHashMap<>(Map.of("bar", bar)));
    Patroni timings = new Patroni();
    timings.setTtl(20);
    timings.setLoopWait(2);
    timings.setRetryTimeout(3);
    pg.getSpec().setPatroni(timings);
    return pg;
  }

  private void setVersion(String version) {
    mergePatch("{\"spec\":{\"postgresql\":{\"version\":\"" + version + "\"}}}");
  }

  /**
   * A JSON merge patch of the manifest: no resourceVersion, so the operator's writes never
   * conflict.
   */
  private void mergePatch(String patch) {
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(
            new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
                .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE)
                .build(),
            patch);
  }

  private Map<String, String> annotations() {
    Map<String, String> a =
        client.resources(Postgresql.class).withName(CLUSTER).get().getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  private List<Event> events() {
    return client.v1().events().list().getItems().stream()
        .filter(e -> CLUSTER.equals(e.getInvolvedObject().getName()))
        .filter(e -> REASON.equals(e.getReason()))
        .toList();
  }

  private List<String> warnings() {
    return events().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .map(Event::getMessage)
        .toList();
  }

  private List<String> normals() {
    return events().stream()
        .filter(e -> "Normal".equals(e.getType()))
        .map(Event::getMessage)
        .toList();
  }

  /** How many upgrades started (the same message twice is one Event with a count of 2). */
  private int starts() {
    return events().stream()
        .filter(e -> "Normal".equals(e.getType()))
        .filter(e -> e.getMessage().startsWith("starting major version upgrade"))
        .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
        .sum();
  }

  private List<String> criticalLabels() {
    return view.pods().stream()
        .filter(
            p ->
                p.getMetadata().getLabels().containsKey("critical-operation")
                    || (p.getMetadata().getAnnotations() != null
                        && p.getMetadata()
                            .getAnnotations()
                            .containsKey("tusk.io/major-upgrade-started")))
        .map(p -> p.getMetadata().getName())
        .toList();
  }

  private List<Pod> databasePods() {
    return view.pods().stream()
        .filter(p -> "spilo".equals(p.getMetadata().getLabels().get("application")))
        .toList();
  }

  /** Every member runs {@code major} and every replica streams. */
  private void awaitAllStreaming(int major) {
    await("every member on PostgreSQL " + major + ", the replicas streaming")
        .atMost(UPGRADE)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> {
              List<Pod> pods = databasePods();
              if (pods.size() != 3) {
                return false;
              }
              for (Pod p : pods) {
                int v =
                    patroni
                        .patroni(PatroniClient.apiRoot(p.getStatus().getPodIP()))
                        .serverVersion();
                if (v / 10000 != major) {
                  return false;
                }
              }
              PatroniCluster c =
                  patroni.cluster(PatroniClient.apiRoot(pods.get(0).getStatus().getPodIP()));
              return c.members().size() == 3
                  && c.members().stream()
                      .filter(m -> !m.isLeader())
                      .allMatch(m -> "streaming".equals(m.state()))
                  && c.members().stream().filter(ClusterMember::isLeader).count() == 1;
            });
  }

  private void pgbench() throws Exception {
    Secret su = client.secrets().withName(ClusterView.secretName("postgres", CLUSTER)).get();
    ProcessBuilder pb =
        new ProcessBuilder(
            "/usr/lib/postgresql/15/bin/pgbench",
            "-i",
            "-s",
            "10",
            "-q",
            "-h",
            view.masterServiceIp(),
            "-U",
            "postgres",
            "postgres");
    pb.environment().put("PGPASSWORD", ClusterView.decode(su, "password"));
    pb.environment().put("PGSSLMODE", "require");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }

  /** Per table of the two data databases: row count and an md5 over the rows in key order. */
  private Map<String, String> checksums() throws SQLException {
    Map<String, String> out = new TreeMap<>();
    for (String table :
        List.of("pgbench_accounts", "pgbench_branches", "pgbench_tellers", "pgbench_history")) {
      out.put("postgres." + table, tableSum("postgres", table));
    }
    out.put("foo.foo_rows", tableSum("foo", "foo_rows"));
    return out;
  }

  private String tableSum(String db, String table) throws SQLException {
    return value(
        db,
        "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '')"
            + " FROM "
            + table
            + " t");
  }

  private void assertEveryCredentialLogsIn() throws SQLException {
    List<String> failed = new ArrayList<>();
    for (Secret s : view.secrets()) {
      String user = ClusterView.decode(s, "username");
      try (Connection c = connect(user, ClusterView.decode(s, "password"), "postgres")) {
        c.createStatement().execute("SELECT 1");
      } catch (SQLException e) {
        failed.add(user + ": " + e.getMessage());
      }
    }
    assertThat(view.secrets()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(failed).isEmpty();
  }

  private Connection connect(String user, String password, String db) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    // PostgreSQL 18 here is built without SSL; the others require it from outside the pod.
    p.setProperty("sslmode", "prefer");
    p.setProperty("connectTimeout", "3");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + view.masterServiceIp() + ":5432/" + db, p);
  }

  private Connection superuser(String db) throws SQLException {
    Secret su = client.secrets().withName(ClusterView.secretName("postgres", CLUSTER)).get();
    return connect("postgres", ClusterView.decode(su, "password"), db);
  }

  private String value(String db, String sql) throws SQLException {
    try (Connection c = superuser(db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void execute(String db, String sql) throws SQLException {
    try (Connection c = superuser(db);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
