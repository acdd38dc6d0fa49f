package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Patroni;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.cli.TuskCli;
import io.tusk.images.PostgresInstallation;
import io.tusk.it.OperatorHarness;
import io.tusk.local.Progress;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.BinaryResolver;
import io.tusk.local.junit.InjectClient;
import io.tusk.local.junit.InjectCluster;
import io.tusk.local.junit.LocalCluster;
import io.tusk.local.junit.LocalKubernetes;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.MemberStatus;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
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
 * is killed with SIGKILL and started again (the roll completes with one switchover in all). Then
 * the day-2 commands by hand on the same cluster: {@code tusk status} (every member, its role and
 * timeline), {@code tusk switchover --to} a replica (it leads, one new timeline) and to a member
 * that cannot lead (refused with the reason, nothing changes), {@code tusk restart --pending-only}
 * with nothing pending (no restart) and {@code tusk restart} (every postmaster restarted exactly
 * once, the primary moved by one switchover); and a larger {@code volume.size} (every claim grows,
 * same pods, no restart, no switchover). No acknowledged row is lost at any point.
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
    view.deleteAndAwaitPodsGone();
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

  @Test
  @Order(5)
  void tuskStatusShowsEveryMemberWithItsRoleTheLeaderAndTheTimelines() throws Exception {
    awaitReplicasStreaming();
    PatroniCluster members = members();
    ClusterMember leader = members.leader().orElseThrow();

    Run status = tusk("status", CLUSTER);
    System.out.print("tusk status:\n" + status.out());

    assertThat(status.code()).as("tusk status: %s", status.err()).isZero();
    List<String> lines = status.out().lines().toList();
    assertThat(lines)
        .first()
        .asString()
        .startsWith("Cluster " + cluster.namespace() + "/" + CLUSTER + ": Running");
    for (ClusterMember m : members.members()) {
      String name = Pattern.quote(m.name());
      if (m.isLeader()) {
        assertThat(lines)
            .as("the leader's pod and member lines")
            .anyMatch(l -> l.matches(name + " +master +yes .*"))
            .anyMatch(l -> l.matches(name + " +leader +running +" + m.timeline() + " +- *"));
      } else {
        assertThat(lines)
            .as("the pod and member lines of replica %s", m.name())
            .anyMatch(l -> l.matches(name + " +replica +yes .*"))
            .anyMatch(l -> l.matches(name + " +replica +streaming +" + m.timeline() + " +\\d+ *"));
      }
      assertThat(m.timeline()).as("timeline of %s", m.name()).isEqualTo(leader.timeline());
    }
    assertThat(lines)
        .contains("Next: nothing; the running cluster is as declared.", "Recent events:");

    // The same through kubectl, with the CLI installed as its plugin.
    Path bin = Files.createTempDirectory("kubectl-plugin");
    assertThat(TuskCli.newCommandLine().execute("kubectl-plugin", "--dir", bin.toString()))
        .as("tusk kubectl-plugin")
        .isZero();
    assertThat(bin.resolve("kubectl-tusk")).isExecutable();
    Path kubectl =
        new BinaryResolver(BinaryCache.defaultCache(), Progress.silent())
            .resolve(BinaryResolver.userBinDir(null), false)
            .kubectl();
    Run plugins = kubectl(kubectl, bin, "plugin", "list");
    assertThat(plugins.out())
        .as("kubectl plugin list: %s", plugins.err())
        .contains(bin.resolve("kubectl-tusk").toString());
    Run viaKubectl =
        kubectl(
            kubectl,
            bin,
            "tusk",
            "status",
            CLUSTER,
            "-n",
            cluster.namespace(),
            "--config-map",
            OperatorHarness.CONFIG_MAP,
            "--operator-namespace",
            cluster.namespace());
    assertThat(viaKubectl.code()).as("kubectl tusk status: %s", viaKubectl.err()).isZero();
    assertThat(viaKubectl.out().lines().findFirst().orElse(""))
        .startsWith("Cluster " + cluster.namespace() + "/" + CLUSTER + ": Running");
  }

  /** Runs kubectl with {@code bin} first on the PATH and the cluster's kubeconfig. */
  private Run kubectl(Path kubectl, Path bin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(kubectl.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
    Path out = Files.createTempFile("kubectl", ".out");
    Path err = Files.createTempFile("kubectl", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not end in 2 minutes");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  @Order(6)
  void tuskSwitchoverToAStreamingReplicaMovesTheLeaderWithOneNewTimeline() throws Exception {
    awaitReplicasStreaming();
    PatroniCluster members = members();
    ClusterMember leader = members.leader().orElseThrow();
    String to =
        members.members().stream()
            .filter(m -> !m.isLeader() && "streaming".equals(m.state()))
            .map(ClusterMember::name)
            .max(Comparator.naturalOrder())
            .orElseThrow();
    int switchoversBefore = switchoverEvents().size();
    writes.resetCounters();

    Run switchover = tusk("switchover", CLUSTER, "--to", to);

    assertThat(switchover.code()).as("tusk switchover: %s", switchover.err()).isZero();
    assertThat(switchover.out()).contains("switch over from " + leader.name() + " to " + to + ":");
    await("Patroni's leader to be " + to)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> members().leader().map(ClusterMember::name).orElse("").equals(to));
    awaitOrSay(
        () ->
            await("every member on the new timeline behind " + to)
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(
                    () -> {
                      PatroniCluster now = members();
                      return now.leader().map(ClusterMember::name).orElse("").equals(to)
                          && now.members().size() == 3
                          && now.members().stream()
                              .allMatch(
                                  m ->
                                      m.timeline() == leader.timeline() + 1
                                          && (m.isLeader() || "streaming".equals(m.state())))
                          && view.readyMasterName().orElse("").equals(to);
                    }));
    assertThat(timeline()).as("exactly one new timeline").isEqualTo(leader.timeline() + 1);
    assertThat(switchoverEvents()).hasSize(switchoversBefore + 1);
    assertNoAcknowledgedRowLost();
  }

  @Test
  @Order(7)
  void tuskSwitchoverToAMemberThatCannotLeadIsRefusedWithTheReasonAndChangesNothing()
      throws Exception {
    awaitReplicasStreaming();
    ClusterMember leader = members().leader().orElseThrow();
    int switchoversBefore = switchoverEvents().size();
    Map<String, String> started = postmasterStarts();
    String stranger = CLUSTER + "-7";

    Run notAMember = tusk("switchover", CLUSTER, "--to", stranger);
    Run itself = tusk("switchover", CLUSTER, "--to", leader.name());

    assertThat(notAMember.code()).isNotZero();
    assertThat(notAMember.err())
        .contains("error: no switchover: " + stranger + " is not a member of the cluster");
    assertThat(notAMember.out()).doesNotContain("switch over from");
    assertThat(itself.code()).isNotZero();
    assertThat(itself.err()).contains("error: no switchover: " + leader.name() + " already leads");
    PatroniCluster after = members();
    assertThat(after.leader().map(ClusterMember::name)).contains(leader.name());
    assertThat(after.leader().get().timeline()).isEqualTo(leader.timeline());
    assertThat(switchoverEvents()).hasSize(switchoversBefore);
    assertThat(postmasterStarts()).isEqualTo(started);
  }

  @Test
  @Order(8)
  void tuskRestartPendingOnlyWithNothingPendingRestartsNothing() throws Exception {
    awaitReplicasStreaming();
    PatroniCluster members = members();
    assertThat(members.members()).noneMatch(ClusterMember::pendingRestart);
    Map<String, String> started = postmasterStarts();

    Run restart = tusk("restart", CLUSTER, "--pending-only");

    assertThat(restart.code()).as("tusk restart --pending-only: %s", restart.err()).isZero();
    assertThat(restart.out()).isEqualToIgnoringNewLines("nothing to restart");
    assertThat(postmasterStarts()).as("no member restarted").isEqualTo(started);
    assertThat(timeline()).isEqualTo(members.leader().orElseThrow().timeline());
  }

  @Test
  @Order(9)
  void tuskRestartRestartsEveryMemberOnceAndMovesThePrimaryByOneSwitchover() throws Exception {
    awaitReplicasStreaming();
    ClusterMember leader = members().leader().orElseThrow();
    Map<String, String> started = postmasterStarts();
    Map<String, String> ips =
        view.pods().stream()
            .collect(
                Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getStatus().getPodIP()));
    int switchoversBefore = switchoverEvents().size();
    writes.resetCounters();
    // Every postmaster start time each member reports while the command runs.
    Map<String, Set<String>> starts = new ConcurrentHashMap<>();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher =
        new Thread(
            () -> {
              while (watching.get()) {
                ips.forEach(
                    (pod, ip) -> {
                      try {
                        String start =
                            patroni.patroni(PatroniClient.apiRoot(ip)).postmasterStartTime();
                        if (start != null) {
                          starts
                              .computeIfAbsent(pod, k -> ConcurrentHashMap.newKeySet())
                              .add(start);
                        }
                      } catch (RuntimeException e) {
                        // restarting; look again
                      }
                    });
                try {
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "postmaster-starts");
    watcher.setDaemon(true);
    watcher.start();

    Run restart;
    Map<String, String> after = new java.util.HashMap<>();
    try {
      restart = tusk("restart", CLUSTER);
      System.out.print("tusk restart:\n" + restart.out());
      assertThat(restart.code()).as("tusk restart: %s%s", restart.err(), said()).isZero();
      awaitReplicasStreaming();
      await("every member's new postmaster start time")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                after.clear();
                after.putAll(postmasterStarts());
                return after.keySet().equals(started.keySet())
                    && after.values().stream().allMatch(java.util.Objects::nonNull)
                    && after.entrySet().stream()
                        .allMatch(
                            e -> starts.getOrDefault(e.getKey(), Set.of()).contains(e.getValue()));
              });
    } finally {
      watching.set(false);
      watcher.join(10_000);
    }

    List<String> steps = restart.out().lines().filter(l -> !l.startsWith("waiting: ")).toList();
    assertThat(steps)
        .as("tusk restart's steps")
        .filteredOn(l -> l.startsWith("restart PostgreSQL in replica "))
        .hasSize(2)
        .noneMatch(l -> l.contains(" " + leader.name() + ":"));
    assertThat(steps)
        .filteredOn(l -> l.startsWith("switch over from "))
        .hasSize(1)
        .allMatch(l -> l.startsWith("switch over from " + leader.name() + " to "));
    assertThat(steps).noneMatch(l -> l.startsWith("restart PostgreSQL in primary"));
    assertThat(steps).last().isEqualTo("done");

    for (String pod : started.keySet()) {
      assertThat(after.get(pod))
          .as("postmaster of %s restarted", pod)
          .isNotEqualTo(started.get(pod));
      assertThat(starts.get(pod))
          .as("postmaster start times of %s while tusk restart ran: restarted exactly once", pod)
          .contains(after.get(pod))
          .isSubsetOf(started.get(pod), after.get(pod));
    }
    PatroniCluster members = members();
    assertThat(members.leader().map(ClusterMember::name).orElseThrow())
        .as("the new leader")
        .isNotEqualTo(leader.name());
    assertThat(timeline()).as("one switchover: one new timeline").isEqualTo(leader.timeline() + 1);
    assertThat(switchoverEvents()).hasSize(switchoversBefore + 1);
    assertThat(members.members()).noneMatch(ClusterMember::pendingRestart);
    assertNoAcknowledgedRowLost();
  }

  @Test
  @Order(10)
  void aLargerVolumeGrowsEveryClaimUnderTheWriterWithoutRestartOrSwitchover() throws Exception {
    awaitReplicasStreaming();
    List<PersistentVolumeClaim> claims = claims();
    assertThat(claims).hasSize(3);
    long gi = 1L << 30;
    Quantity size = claims.get(0).getStatus().getCapacity().get("storage");
    Quantity grown = new Quantity(size.getNumericalAmount().longValue() / gi + 1 + "Gi");
    Quantity from = new Quantity(size.getNumericalAmount().longValue() / gi + "Gi");
    assertThat(claims)
        .allSatisfy(c -> assertThat(c.getStatus().getCapacity().get("storage")).isEqualTo(from));
    Postgresql changed = current();
    changed.getSpec().getVolume().setSize(grown.toString());

    String plan = plan(changed);
    for (PersistentVolumeClaim c : claims) {
      assertThat(plan)
          .contains(
              "  "
                  + c.getMetadata().getName()
                  + ": grow "
                  + from
                  + " -> "
                  + grown
                  + " (claim patched, volume grown by the storage; no pod restarted)");
    }
    assertThat(plan)
        .contains(
            "Volumes (storage_resize_mode pvc):",
            "  (3 volumes grown, 0 pods restarted, 0 switchovers)",
            "StatefulSet " + CLUSTER + ": replace (immutable fields; pods kept): ",
            "Patroni and pods: no change")
        .doesNotContain("pods kept, then recreated");

    int timeline = timeline();
    int switchoversBefore = switchoverEvents().size();
    Map<String, String> started = postmasterStarts();
    Map<String, String> before = podUids();
    Map<String, Integer> restarts = containerRestarts();
    uids.clear();
    writes.resetCounters();
    long t0 = System.nanoTime();
    apply(changed);

    awaitOrSay(
        () ->
            await("every claim to ask for and report " + grown)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                    () ->
                        claims().stream()
                            .allMatch(
                                c ->
                                    grown.equals(
                                            c.getSpec().getResources().getRequests().get("storage"))
                                        && c.getStatus().getCapacity() != null
                                        && grown.equals(
                                            c.getStatus().getCapacity().get("storage")))));
    System.out.printf(
        "volumes %s -> %s: every claim at %s after %d ms%n",
        from, grown, grown, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    for (PersistentVolumeClaim c : claims()) {
      assertThat(
              client
                  .persistentVolumes()
                  .withName(c.getSpec().getVolumeName())
                  .get()
                  .getSpec()
                  .getCapacity()
                  .get("storage"))
          .as("capacity of the volume of %s", c.getMetadata().getName())
          .isEqualTo(grown);
    }
    awaitOrSay(
        () ->
            await("the StatefulSet's claim template at " + grown + " and the cluster Running")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                    () -> {
                      var sts = client.apps().statefulSets().withName(CLUSTER).get();
                      return sts != null
                          && grown.equals(
                              sts.getSpec()
                                  .getVolumeClaimTemplates()
                                  .get(0)
                                  .getSpec()
                                  .getResources()
                                  .getRequests()
                                  .get("storage"))
                          && "Running".equals(OperatorHarness.status(client, CLUSTER));
                    }));
    assertThat(events())
        .filteredOn(e -> "Volumes".equals(e.getReason()))
        .extracting(Event::getMessage)
        .anyMatch(m -> m.startsWith("volumes growing"));
    assertThat(podUids()).as("no pod recreated").isEqualTo(before);
    for (String pod : before.keySet()) {
      assertThat(uids.getOrDefault(pod, Set.of()))
          .as("UIDs of %s while the volumes grew", pod)
          .containsOnly(before.get(pod));
    }
    assertThat(containerRestarts()).as("no container restarted").isEqualTo(restarts);
    assertThat(postmasterStarts()).as("no PostgreSQL restarted").isEqualTo(started);
    assertThat(timeline()).as("no switchover").isEqualTo(timeline);
    assertThat(switchoverEvents()).hasSize(switchoversBefore);
    int acknowledged = writes.acknowledged().size();
    await("the writer to commit on the grown volumes")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> writes.acknowledged().size() > acknowledged);
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
    Postgresql pg = view.current();
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
    Run plan = tusk("plan", "-f", manifestFile.toString());
    assertThat(plan.code()).as("tusk plan: %s", plan.err()).isZero();
    return plan.out();
  }

  /** What a {@code tusk} command printed, and its exit code. */
  private record Run(int code, String out, String err) {}

  /**
   * Runs a {@code tusk} command in this JVM against the test's namespace and the operator's
   * ConfigMap, as a user would with the cluster's kubeconfig.
   */
  private Run tusk(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out);
    PrintWriter errWriter = new PrintWriter(err);
    var cl = TuskCli.newCommandLine();
    cl.setOut(outWriter);
    cl.setErr(errWriter);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "-n",
            cluster.namespace(),
            "--config-map",
            OperatorHarness.CONFIG_MAP,
            "--operator-namespace",
            cluster.namespace()));
    int code = cl.execute(all.toArray(String[]::new));
    outWriter.flush();
    errWriter.flush();
    return new Run(code, out.toString(), err.toString());
  }

  /** Patroni's {@code GET /cluster}, from the first member that answers. */
  private PatroniCluster members() {
    RuntimeException last = null;
    for (Pod p : view.pods()) {
      if (p.getStatus().getPodIP() == null) {
        continue;
      }
      try {
        return patroni.cluster(PatroniClient.apiRoot(p.getStatus().getPodIP()));
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw new AssertionError("no Patroni member answered", last);
  }

  private List<PersistentVolumeClaim> claims() {
    return client
        .persistentVolumeClaims()
        .withLabel("cluster-name", CLUSTER)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
        .toList();
  }

  private Map<String, Integer> containerRestarts() {
    return view.pods().stream()
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName(),
                p ->
                    p.getStatus().getContainerStatuses().stream()
                        .mapToInt(c -> c.getRestartCount())
                        .sum()));
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
