package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.cli.TuskCli;
import io.tusk.images.PostgresInstallation;
import io.tusk.it.OperatorHarness;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.patroni.MemberStatus;
import io.tusk.patroni.PatroniClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Day-2 changes of a three-instance cluster on real pods, under a writer that commits numbered rows
 * through the master Service, each shown first by {@code tusk plan} and then applied: a change of
 * the pods' resources (every pod recreated once, replicas first, exactly one switchover, no
 * acknowledged row lost); a parameter PostgreSQL reloads (on every member, no restart); an increase
 * of {@code max_connections} (replicas restarted, then a switchover, whose demotion restarts the
 * old primary as a replica: never a restart in place); and a roll during which the operator process
 * is killed with SIGKILL and started again (the roll completes with one switchover in all).
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class RollingUpdateIT {

  static final String CLUSTER = "acid-day2";
  static final Duration ROLL = Duration.ofMinutes(6);

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private final PatroniClient patroni = PatroniClient.withDefaults();
  private ClusterView view;
  private OperatorProcess operator;
  private WriteLoad writes;
  private Path manifestFile;

  /** Every UID each pod name had, sampled every 200 ms. */
  private final Map<String, Set<String>> uids = new ConcurrentHashMap<>();

  private final AtomicBoolean sampling = new AtomicBoolean(true);

  @BeforeAll
  void clusterRunsUnderAWriter() throws Exception {
    view = new ClusterView(client, CLUSTER);
    // RBAC and the operator's ConfigMap as for the in-JVM operator; the operator runs apart.
    new OperatorHarness(cluster, Map.of("enable_database_access", "true"));
    operator = OperatorProcess.start(cluster);
    System.setProperty("kubeconfig", cluster.kubeconfig().toString());
    client.resources(Postgresql.class).resource(manifest()).create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", Duration.ofMinutes(5));
    await("a Ready master and two Ready replicas")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> view.readyRoles().equals(List.of("master", "replica", "replica")));
    awaitReplicasStreaming();
    Sql.Login superuser = view.superuser();
    writes = WriteLoad.start(() -> superuser, "day2_rows", 50);
    Thread sampler = new Thread(this::sampleUids, "pod-uids");
    sampler.setDaemon(true);
    sampler.start();
    manifestFile = Files.createTempFile("day2-", ".yaml");
  }

  @AfterAll
  void stop() throws Exception {
    sampling.set(false);
    if (writes != null) {
      writes.close();
    }
    client.resources(Postgresql.class).withName(CLUSTER).delete();
    await("the pods to go")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> view.pods().isEmpty());
    if (operator != null) {
      operator.close();
    }
    System.clearProperty("kubeconfig");
  }

  @Test
  @Order(1)
  void aResourceChangeRecreatesEveryPodOnceWithExactlyOneSwitchover() throws Exception {
    Postgresql changed = current();
    changed.getSpec().getResources().getRequests().setCpu("110m");
    String leader = view.masterPod().getMetadata().getName();

    String plan = plan(changed);
    assertThat(plan)
        .contains("StatefulSet " + CLUSTER + ": update, pods recreated")
        .contains("switch over from " + leader + " to ")
        .contains("recreate pod " + leader + ": rolling update (replica)")
        .contains("(3 pods recreated, 0 restarts, 1 switchover)");

    int timeline = timeline();
    Map<String, String> before = podUids();
    uids.clear();
    writes.resetCounters();
    apply(changed);

    awaitRollDone(before.keySet());
    assertThat(timeline()).as("exactly one switchover: one new timeline").isEqualTo(timeline + 1);
    for (String pod : before.keySet()) {
      Set<String> seen = new HashSet<>(uids.get(pod));
      seen.add(before.get(pod));
      assertThat(seen).as("UIDs of %s: recreated exactly once", pod).hasSize(2);
    }
    assertThat(switchoverEvents()).hasSize(1);
    assertNoAcknowledgedRowLost();
  }

  @Test
  @Order(2)
  void aReloadParameterReachesEveryMemberWithoutARestart() throws Exception {
    Postgresql changed = current();
    changed.getSpec().getPostgresql().getParameters().put("log_min_duration_statement", "250");

    assertThat(plan(changed))
        .contains("patch Patroni configuration (postgresql.parameters.log_min_duration_statement)")
        .contains("(0 pods recreated, 0 restarts, 0 switchovers)");

    Map<String, String> started = postmasterStarts();
    apply(changed);

    for (Pod p : view.pods()) {
      await("log_min_duration_statement on " + p.getMetadata().getName())
          .atMost(Duration.ofMinutes(1))
          .ignoreExceptions()
          .until(
              () ->
                  "250ms"
                      .equals(
                          Sql.value(
                              view.superuser().on(p.getStatus().getPodIP()),
                              "show log_min_duration_statement")));
    }
    assertThat(postmasterStarts()).as("no member restarted").isEqualTo(started);
  }

  @Test
  @Order(3)
  void anIncreaseOfMaxConnectionsRestartsReplicasSwitchesOverAndNeverRestartsThePrimaryInPlace()
      throws Exception {
    int current = Integer.parseInt(Sql.value(view.superuser(), "show max_connections"));
    int wanted = current + 20;
    Postgresql changed = current();
    changed
        .getSpec()
        .getPostgresql()
        .getParameters()
        .put("max_connections", Integer.toString(wanted));
    String leader = view.masterPod().getMetadata().getName();

    assertThat(plan(changed))
        .contains("patch Patroni configuration (postgresql.parameters.max_connections)")
        .contains("switch over from " + leader + " to ")
        .doesNotContain("restart PostgreSQL in primary")
        .contains("(0 pods recreated, 2 restarts, 1 switchover)");

    int timeline = timeline();
    int switchoversBefore = switchoverEvents().size();
    writes.resetCounters();
    apply(changed);

    for (Pod p : view.pods()) {
      awaitOrSay(
          () ->
              await("max_connections on " + p.getMetadata().getName())
                  .atMost(ROLL)
                  .pollInterval(Duration.ofSeconds(1))
                  .ignoreExceptions()
                  .until(
                      () ->
                          Integer.toString(wanted)
                              .equals(
                                  Sql.value(
                                      view.superuser().on(p.getStatus().getPodIP()),
                                      "show max_connections"))));
    }
    await("nothing pending")
        .atMost(ROLL)
        .until(() -> "Running".equals(OperatorHarness.status(client, CLUSTER)));
    assertThat(timeline()).isEqualTo(timeline + 1);
    assertThat(switchoverEvents()).hasSize(switchoversBefore + 1);
    List<String> restarts =
        events().stream()
            .map(Event::getMessage)
            .filter(m -> m.startsWith("restart PostgreSQL in "))
            .toList();
    assertThat(restarts).noneMatch(m -> m.startsWith("restart PostgreSQL in primary"));
    // The replicas restart one at a time; the old primary's restart is its demotion.
    assertThat(restarts).anyMatch(m -> m.startsWith("restart PostgreSQL in replica "));
    assertNoAcknowledgedRowLost();
  }

  @Test
  @Order(4)
  void aRollCompletesWithOneSwitchoverAfterTheOperatorIsKilledInTheMiddle() throws Exception {
    Postgresql changed = current();
    changed.getSpec().getResources().getRequests().setCpu("120m");
    int timeline = timeline();
    int switchoversBefore = switchoverEvents().size();
    Map<String, String> before = podUids();
    uids.clear();
    apply(changed);

    await("the first pod recreated")
        .atMost(ROLL)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                podUids().entrySet().stream()
                    .anyMatch(e -> !e.getValue().equals(before.get(e.getKey()))));
    operator.kill();
    operator = OperatorProcess.start(cluster);

    awaitRollDone(before.keySet());
    assertThat(timeline()).as("one switchover in all").isEqualTo(timeline + 1);
    assertThat(switchoverEvents()).hasSize(switchoversBefore + 1);
    for (String pod : before.keySet()) {
      Set<String> seen = new HashSet<>(uids.get(pod));
      seen.add(before.get(pod));
      assertThat(seen).as("UIDs of %s: recreated exactly once", pod).hasSize(2);
    }
    assertNoAcknowledgedRowLost();
  }

  // --- helpers ---

  private Postgresql manifest() throws Exception {
    Postgresql pg = ClusterView.zalandoManifest(client, "minimal-postgres-manifest.yaml");
    pg.getMetadata().setName(CLUSTER);
    pg.getSpec().setNumberOfInstances(3);
    pg.getSpec().setUsers(Map.of());
    pg.getSpec().setDatabases(Map.of());
    pg.getSpec().setPreparedDatabases(null);
    int major = ClusterView.newestMajor(PostgresInstallation::ssl, "TLS support");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    pg.getSpec().getPostgresql().setParameters(new java.util.HashMap<>());
    Patroni timings = new Patroni();
    timings.setTtl(20);
    timings.setLoopWait(2);
    timings.setRetryTimeout(3);
    pg.getSpec().setPatroni(timings);
    io.tusk.api.acid.v1.Resources resources = new io.tusk.api.acid.v1.Resources();
    io.tusk.api.acid.v1.ResourceDescription requests =
        new io.tusk.api.acid.v1.ResourceDescription();
    requests.setCpu("100m");
    requests.setMemory("100Mi");
    resources.setRequests(requests);
    pg.getSpec().setResources(resources);
    return pg;
  }

  private Postgresql current() {
    Postgresql pg = client.resources(Postgresql.class).withName(CLUSTER).get();
    pg.getMetadata().setManagedFields(null);
    pg.getMetadata().setResourceVersion(null);
    pg.setStatus(null);
    if (pg.getSpec().getPostgresql().getParameters() == null) {
      pg.getSpec().getPostgresql().setParameters(new java.util.HashMap<>());
    }
    return pg;
  }

  private void apply(Postgresql changed) {
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client.getKubernetesSerialization().asJson(Map.of("spec", changed.getSpec())));
  }

  /** Patroni reports every replica streaming: the state a plan starts from. */
  private void awaitReplicasStreaming() {
    await("every replica streaming")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              var members =
                  patroni.cluster(PatroniClient.apiRoot(view.masterPod().getStatus().getPodIP()));
              return members.members().size() == 3
                  && members.members().stream()
                      .allMatch(m -> m.isLeader() || "streaming".equals(m.state()));
            });
  }

  private String plan(Postgresql changed) throws Exception {
    awaitReplicasStreaming();
    Files.writeString(manifestFile, client.getKubernetesSerialization().asYaml(changed));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = TuskCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "plan",
            "-f",
            manifestFile.toString(),
            "-n",
            cluster.namespace(),
            "--config-map",
            OperatorHarness.CONFIG_MAP,
            "--operator-namespace",
            cluster.namespace());
    assertThat(code).as("tusk plan: %s", err).isZero();
    return out.toString();
  }

  private void awaitRollDone(Set<String> pods) {
    await("every pod recreated, Ready, and the cluster Running")
        .atMost(ROLL)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              List<Pod> now = view.pods();
              return now.size() == pods.size()
                  && now.stream()
                      .allMatch(
                          p ->
                              ClusterView.ready(p)
                                  && (p.getMetadata().getAnnotations() == null
                                      || !p.getMetadata()
                                          .getAnnotations()
                                          .containsKey(
                                              "zalando-postgres-operator-rolling-update-required")))
                  && "Running".equals(OperatorHarness.status(client, CLUSTER));
            });
  }

  private void sampleUids() {
    while (sampling.get()) {
      try {
        for (Pod p : view.pods()) {
          uids.computeIfAbsent(p.getMetadata().getName(), k -> ConcurrentHashMap.newKeySet())
              .add(p.getMetadata().getUid());
        }
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // the API server is busy; sample again
      }
    }
  }

  private Map<String, String> podUids() {
    return view.pods().stream()
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
  }

  private int timeline() {
    Pod master = view.masterPod();
    return patroni.patroni(PatroniClient.apiRoot(master.getStatus().getPodIP())).timeline();
  }

  private Map<String, String> postmasterStarts() {
    return view.pods().stream()
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName(),
                p -> {
                  MemberStatus s = patroni.patroni(PatroniClient.apiRoot(p.getStatus().getPodIP()));
                  return s.postmasterStartTime();
                }));
  }

  private void awaitOrSay(Runnable wait) {
    try {
      wait.run();
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + said(), e);
    }
  }

  /** What the operator said, for a failure message: the status and the Events. */
  private String said() {
    return " (status "
        + OperatorHarness.status(client, CLUSTER)
        + "; events: "
        + events().stream()
            .map(e -> e.getReason() + " " + e.getMessage())
            .collect(Collectors.joining(" | "))
        + ")";
  }

  private List<Event> events() {
    return OperatorHarness.events(client, CLUSTER);
  }

  /** One entry per switchover the operator started (an aggregated Event counts each time). */
  private List<String> switchoverEvents() {
    return events().stream()
        .filter(e -> "Switchover".equals(e.getReason()))
        .filter(e -> e.getMessage().startsWith("switch over from"))
        .flatMap(
            e ->
                java.util.Collections.nCopies(
                    e.getCount() == null ? 1 : e.getCount(), e.getMessage())
                    .stream())
        .toList();
  }

  private void assertNoAcknowledgedRowLost() throws Exception {
    List<Long> acknowledged = writes.acknowledged();
    assertThat(acknowledged).isNotEmpty();
    Set<String> present = new HashSet<>(Sql.column(view.superuser(), "select id from day2_rows"));
    List<Long> lost =
        acknowledged.stream().filter(id -> !present.contains(Long.toString(id))).toList();
    assertThat(lost).as("acknowledged rows missing").isEmpty();
  }
}
