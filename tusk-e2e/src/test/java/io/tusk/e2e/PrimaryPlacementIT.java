package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.MaintenanceWindow;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.cli.TuskCli;
import io.tusk.day2.windows.MaintenanceWindows;
import io.tusk.images.PostgresInstallation;
import io.tusk.it.OperatorHarness;
import io.tusk.local.Progress;
import io.tusk.local.audit.ApiWrite;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.patroni.PatroniClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The primary is kept where it can stay, on a three-instance cluster of real pods (one per node, by
 * pod anti-affinity) under a writer that commits numbered rows through the master Service:
 *
 * <ol>
 *   <li>{@code kubectl cordon} and {@code kubectl drain} of the primary's node: the operator
 *       switches over to a replica on another node (one new timeline) while the old primary's pod
 *       still runs, and never deletes or evicts a pod itself; the drain then evicts that pod (a
 *       replica by then, which the primary's PodDisruptionBudget no longer covers) and completes.
 *       Its replacement waits for the node (the local volumes are bound to it) and returns once the
 *       node is uncordoned;
 *   <li>a scale-down from 3 to 2 while the primary runs on the highest ordinal ({@code -2}, made so
 *       by a switchover through Patroni's API first): {@code tusk plan} shows the switchover before
 *       it is applied; the operator switches over to a member that stays before it lowers the
 *       replicas, so the write outage is no longer than a switchover, no acknowledged row is lost,
 *       and pods {@code -0} and {@code -1} remain, one of them the primary;
 *   <li>{@code kubectl cordon} of the primary's node outside the cluster's maintenance windows: the
 *       switchover is scheduled in Patroni for the start of the next window (an Event and the
 *       status say when) and nothing moves before; the test removes the scheduled switchover again.
 * </ol>
 */
@LocalKubernetes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PrimaryPlacementIT {

  static final String CLUSTER = "acid-placement";
  static final Duration START = Duration.ofMinutes(5);
  static final Duration DRAIN = Duration.ofMinutes(5);

  /** The longest write gap a switchover may cause (Patroni's demote, promote, the Service). */
  static final long SWITCHOVER_GAP_MILLIS = 10_000;

  @InjectClient KubernetesClient client;
  @InjectCluster LocalCluster cluster;

  private final PatroniClient patroni = PatroniClient.withDefaults();
  private OperatorHarness operator;
  private ClusterView view;
  private WriteLoad writes;
  private Path kubectl;
  private Path manifestFile;

  @BeforeAll
  void threeInstancesOnThreeNodesUnderAWriter() throws Exception {
    view = new ClusterView(client, CLUSTER);
    kubectl =
        new BinaryResolver(BinaryCache.defaultCache(), Progress.silent())
            .resolve(BinaryResolver.userBinDir(null), false)
            .kubectl();
    // One pod per node, so that a drained node holds only the primary.
    operator = RealPodsOperator.start(cluster, Map.of("enable_pod_antiaffinity", "true"));
    System.setProperty("kubeconfig", cluster.kubeconfig().toString());
    client.resources(Postgresql.class).resource(manifest()).create();
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", START);
    await("a Ready master and two Ready replicas")
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> view.readyRoles().equals(List.of("master", "replica", "replica")));
    awaitReplicasStreaming();
    Sql.Login superuser = view.superuser();
    writes = WriteLoad.start(() -> superuser, "placement_rows", 50);
    manifestFile = Files.createTempFile("placement-", ".yaml");
  }

  @AfterAll
  void stop() throws Exception {
    if (writes != null) {
      writes.close();
    }
    for (var node : client.nodes().list().getItems()) {
      if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
        kubectl("uncordon", node.getMetadata().getName());
      }
    }
    view.deleteAndAwaitPodsGone();
    if (operator != null) {
      operator.close();
    }
    System.clearProperty("kubeconfig");
  }

  @Test
  @Order(1)
  void aDrainOfThePrimarysNodeMovesThePrimaryBySwitchoverAndCompletes() throws Exception {
    Pod primary = view.masterPod();
    String oldPrimary = primary.getMetadata().getName();
    String oldUid = primary.getMetadata().getUid();
    String node = primary.getSpec().getNodeName();
    int timeline = timeline();
    writes.resetCounters();
    Instant start = Instant.now();

    // Who leads first after the primary's node is cordoned, and whether the old primary's pod
    // (the same one) still existed at that moment.
    AtomicReference<String> firstOtherMaster = new AtomicReference<>();
    AtomicReference<Boolean> oldPodPresentThen = new AtomicReference<>();
    Thread sampler =
        new Thread(
            () -> {
              while (firstOtherMaster.get() == null && !Thread.currentThread().isInterrupted()) {
                try {
                  List<Pod> pods = view.pods();
                  pods.stream()
                      .filter(p -> ClusterView.role(p).equals("master"))
                      .filter(p -> !p.getMetadata().getName().equals(oldPrimary))
                      .findFirst()
                      .ifPresent(
                          p -> {
                            oldPodPresentThen.set(
                                pods.stream()
                                    .anyMatch(o -> oldUid.equals(o.getMetadata().getUid())));
                            firstOtherMaster.set(p.getMetadata().getName());
                          });
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the API server is busy; sample again
                }
              }
            },
            "master-sampler");
    sampler.setDaemon(true);
    sampler.start();

    Result cordon = kubectl("cordon", node);
    assertThat(cordon.code()).as(cordon.err()).isZero();
    Result drain =
        kubectl(
            "drain",
            node,
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--timeout=" + DRAIN.toSeconds() + "s");
    assertThat(drain.code()).as("kubectl drain: %s%s", drain.out(), drain.err()).isZero();
    sampler.join(10_000);

    assertThat(firstOtherMaster.get()).as("the primary moved").isNotNull();
    assertThat(oldPodPresentThen.get())
        .as("the old primary's pod still ran when the new primary took over (a switchover)")
        .isTrue();
    String newPrimary = firstOtherMaster.get();
    assertThat(client.pods().withName(newPrimary).get().getSpec().getNodeName()).isNotEqualTo(node);
    await("the new primary Ready")
        .atMost(Duration.ofMinutes(1))
        .until(() -> view.readyMasterName().filter(newPrimary::equals).isPresent());
    assertThat(timeline()).as("one switchover: one new timeline").isEqualTo(timeline + 1);
    assertThat(switchoverEvents())
        .anyMatch(
            m ->
                m.startsWith("switch over from " + oldPrimary + " to " + newPrimary)
                    && m.contains("the primary's node " + node + " is unschedulable (cordoned)"));
    List<String> operatorPodWrites =
        cluster.auditLog().writes(start, Instant.now()).stream()
            .filter(w -> w.component().contains(":tusk-operator"))
            .filter(w -> w.resource().equals("pods"))
            .filter(
                w ->
                    w.verb().startsWith("delete")
                        || w.subresource().equals("eviction")
                        || w.verb().equals("create"))
            .map(ApiWrite::what)
            .toList();
    assertThat(operatorPodWrites).as("pod deletions or evictions by the operator").isEmpty();
    assertThat(client.pods().withName(oldPrimary).get())
        .as("the drain evicted the old primary's pod; its replacement waits for the node")
        .satisfiesAnyOf(
            p -> assertThat(p).isNull(),
            p -> assertThat(p.getMetadata().getUid()).isNotEqualTo(oldUid));
    System.out.printf(
        "drain of %s: primary %s -> %s, longest write gap %d ms, %d failed writes%n",
        node, oldPrimary, newPrimary, writes.longestGapMillis(), writes.failures());
    assertThat(writes.longestGapMillis()).isLessThanOrEqualTo(SWITCHOVER_GAP_MILLIS);
    assertNoAcknowledgedRowLost();

    Result uncordon = kubectl("uncordon", node);
    assertThat(uncordon.code()).as(uncordon.err()).isZero();
    await("the old primary's pod back on " + node + " as a Ready replica")
        .atMost(START)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> view.readyRoles().equals(List.of("master", "replica", "replica")));
    assertThat(client.pods().withName(oldPrimary).get().getSpec().getNodeName()).isEqualTo(node);
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", Duration.ofMinutes(1));
  }

  @Test
  @Order(2)
  void aScaleDownThatRemovesThePrimarysPodSwitchesOverFirstWithoutLosingARow() throws Exception {
    String highest = CLUSTER + "-2";
    String leader = view.masterPod().getMetadata().getName();
    if (!leader.equals(highest)) {
      String answer =
          patroni.switchover(
              PatroniClient.apiRoot(view.masterPod().getStatus().getPodIP()), leader, highest);
      assertThat(answer).contains(highest);
      await(highest + " labelled master and every pod Ready")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  view.readyMasterName().filter(highest::equals).isPresent()
                      && view.readyRoles().equals(List.of("master", "replica", "replica")));
    }
    awaitReplicasStreaming();
    Postgresql changed = view.current();
    changed.getSpec().setNumberOfInstances(2);

    String plan = plan(changed);
    assertThat(plan)
        .contains("switch over from " + highest + " to ")
        .contains("scale-down to 2 instances removes the primary's pod " + highest)
        .contains("scale down from 3 to 2 instances (pods " + highest + " removed)")
        .contains("1 switchover)");

    int timeline = timeline();
    int switchoversBefore = switchoverEvents().size();
    writes.resetCounters();
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"numberOfInstances\":2}}");

    await("pods -0 and -1 only, both Ready, one of them the primary, and the cluster Running")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                view.pods().stream()
                        .map(p -> p.getMetadata().getName())
                        .sorted()
                        .toList()
                        .equals(List.of(CLUSTER + "-0", CLUSTER + "-1"))
                    && view.readyRoles().equals(List.of("master", "replica"))
                    && "Running".equals(OperatorHarness.status(client, CLUSTER)));
    assertThat(client.apps().statefulSets().withName(CLUSTER).get().getSpec().getReplicas())
        .isEqualTo(2);
    assertThat(timeline()).as("one switchover: one new timeline").isEqualTo(timeline + 1);
    List<String> switchovers = switchoverEvents();
    assertThat(switchovers).hasSize(switchoversBefore + 1);
    assertThat(switchovers.get(switchovers.size() - 1))
        .startsWith("switch over from " + highest + " to ")
        .endsWith("scale-down to 2 instances removes the primary's pod " + highest);
    System.out.printf(
        "scale-down 3 -> 2 from %s: longest write gap %d ms, %d failed writes%n",
        highest, writes.longestGapMillis(), writes.failures());
    assertThat(writes.longestGapMillis()).isLessThanOrEqualTo(SWITCHOVER_GAP_MILLIS);
    assertNoAcknowledgedRowLost();
  }

  @Test
  @Order(3)
  void outsideTheMaintenanceWindowsTheMoveOffACordonedNodeIsScheduledForTheNextOne()
      throws Exception {
    // A weekly window two days from now: certainly closed now.
    String day =
        LocalDate.now(ZoneOffset.UTC)
            .plusDays(2)
            .getDayOfWeek()
            .getDisplayName(TextStyle.SHORT, Locale.ROOT);
    String window = day + ":01:00-02:00";
    Instant expected =
        MaintenanceWindows.of(List.of(MaintenanceWindow.parse(window)))
            .nextStart(Instant.now())
            .orElseThrow();
    client
        .resources(Postgresql.class)
        .withName(CLUSTER)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"maintenanceWindows\":[\"" + window + "\"]}}");
    OperatorHarness.awaitStatus(client, CLUSTER, "Running", Duration.ofMinutes(1));
    Pod primary = view.masterPod();
    String leader = primary.getMetadata().getName();
    String node = primary.getSpec().getNodeName();
    URI api = PatroniClient.apiRoot(primary.getStatus().getPodIP());
    try {
      Result cordon = kubectl("cordon", node);
      assertThat(cordon.code()).as(cordon.err()).isZero();

      await("a switchover scheduled in Patroni")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> patroni.cluster(api).scheduledSwitchoverAt() != null);
      assertThat(OffsetDateTime.parse(patroni.cluster(api).scheduledSwitchoverAt()).toInstant())
          .as("the start of the next maintenance window")
          .isEqualTo(expected);
      await("the Event saying what was scheduled")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  OperatorHarness.events(client, CLUSTER).stream()
                      .map(Event::getMessage)
                      .filter(m -> m != null)
                      .anyMatch(
                          m ->
                              m.startsWith("scheduled a switchover from " + leader + " to ")
                                  && m.contains(
                                      " at " + expected + ": the primary's node " + node)));
      await("the status to say what waits until when")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                Postgresql pg = client.resources(Postgresql.class).withName(CLUSTER).get();
                String message = pg.getStatus() == null ? null : pg.getStatus().getMessage();
                return message != null
                    && message.contains("scheduled")
                    && message.contains(expected.toString().substring(0, 16));
              });
      assertThat(view.masterPod().getMetadata().getName())
          .as("nothing moves before the window")
          .isEqualTo(leader);
    } finally {
      // Patroni would carry it out at the window: remove it (DELETE /switchover).
      HttpResponse<String> deleted =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(api.resolve("/switchover")).DELETE().build(),
                  HttpResponse.BodyHandlers.ofString());
      System.out.println("DELETE /switchover: " + deleted.statusCode() + " " + deleted.body());
      kubectl("uncordon", node);
    }
  }

  // --- helpers ---

  /** Both replicas stream from the primary (Patroni's {@code GET /cluster}). */
  private void awaitReplicasStreaming() throws IOException, InterruptedException {
    try {
      await("both replicas streaming")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(
              () ->
                  patroni
                          .cluster(PatroniClient.apiRoot(view.masterPod().getStatus().getPodIP()))
                          .members()
                          .stream()
                          .filter(m -> m.isReplicating())
                          .count()
                      == 2);
    } catch (AssertionError | RuntimeException e) {
      dump("replicas not streaming");
      for (Pod p : view.pods()) {
        System.out.println("=== logs of " + p.getMetadata().getName());
        System.out.println(kubectl("logs", p.getMetadata().getName(), "--tail=200").out());
      }
      throw e;
    }
  }

  private void dump(String when) {
    try {
      System.out.println(
          "=== "
              + when
              + ": "
              + patroni.cluster(PatroniClient.apiRoot(view.masterPod().getStatus().getPodIP())));
    } catch (RuntimeException | AssertionError e) {
      System.out.println("=== " + when + ": " + e);
    }
  }

  private Postgresql manifest() throws IOException {
    Postgresql pg = ClusterView.zalandoManifest(client, "minimal-postgres-manifest.yaml");
    pg.getMetadata().setName(CLUSTER);
    pg.getSpec().setNumberOfInstances(3);
    pg.getSpec().setUsers(Map.of());
    pg.getSpec().setDatabases(Map.of());
    pg.getSpec().setPreparedDatabases(null);
    int major = ClusterView.newestMajor(PostgresInstallation::ssl, "TLS support");
    pg.getSpec().getPostgresql().setVersion(Integer.toString(major));
    Patroni timings = new Patroni();
    timings.setTtl(20);
    timings.setLoopWait(2);
    timings.setRetryTimeout(3);
    pg.getSpec().setPatroni(timings);
    return pg;
  }

  private String plan(Postgresql changed) throws Exception {
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

  private int timeline() {
    Pod master = view.masterPod();
    return patroni.patroni(PatroniClient.apiRoot(master.getStatus().getPodIP())).timeline();
  }

  /** One entry per switchover the operator started (an aggregated Event counts each time). */
  private List<String> switchoverEvents() {
    List<String> out = new ArrayList<>();
    for (Event e : OperatorHarness.events(client, CLUSTER)) {
      if ("Switchover".equals(e.getReason()) && e.getMessage().startsWith("switch over from")) {
        for (int i = 0; i < (e.getCount() == null ? 1 : e.getCount()); i++) {
          out.add(e.getMessage());
        }
      }
    }
    return out;
  }

  private void assertNoAcknowledgedRowLost() throws Exception {
    List<Long> acknowledged = writes.acknowledged();
    assertThat(acknowledged).isNotEmpty();
    Set<String> present =
        new HashSet<>(Sql.column(view.superuser(), "select id from placement_rows"));
    List<Long> lost =
        acknowledged.stream().filter(id -> !present.contains(Long.toString(id))).toList();
    assertThat(lost).as("acknowledged rows missing").isEmpty();
  }

  record Result(int code, String out, String err) {}

  private Result kubectl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl.toString());
    cmd.add("--kubeconfig=" + cluster.kubeconfig());
    cmd.add("-n");
    cmd.add(cluster.namespace());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("kubectl-", ".out");
    Path err = Files.createTempFile("kubectl-", ".err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!p.waitFor(DRAIN.toSeconds() + 60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not end");
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }
}
