package io.tusk.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.images.Installations;
import io.tusk.images.PostgresInstallation;
import io.tusk.operator.database.ServiceDnsPrimaryResolver;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.MemberStatus;
import io.tusk.patroni.PatroniClient;
import io.tusk.patroni.PatroniCluster;
import io.tusk.patroni.PatroniException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The day-2 benchmark driver (run by {@code bench/rolling-update.sh}, which brings up the local
 * control plane with real pods). Starts {@code tusk operator} as a child process, creates a
 * three-instance cluster, keeps a steady write load on its master Service, and measures, for each
 * change, the longest write gap, the total time until the cluster is as declared again, the failed
 * write attempts and the switchovers (new timelines):
 *
 * <ol>
 *   <li>a resource change: the operator rolls every pod, replicas first, with one switchover;
 *   <li>an increase of {@code max_connections} by 20: the operator patches Patroni's configuration,
 *       restarts the replicas, switches over and restarts the old primary as a replica;
 *   <li>the baseline for (2), Zalando's behaviour, with the operator stopped: the same increase
 *       through {@code PATCH /config}, then {@code POST /restart} on the replicas and last on the
 *       primary, in place, as Zalando's {@code restartInstances} does.
 * </ol>
 */
@Command(
    name = "bench-day2",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Day-2 benchmark driver (see bench/rolling-update.sh).")
public final class Day2BenchCommand implements Callable<Integer> {

  static final String ROLLING_UPDATE_FLAG = "zalando-postgres-operator-rolling-update-required";
  static final int INSTANCES = 3;
  static final int TTL = 20;
  static final int LOOP_WAIT = 2;
  static final int RETRY_TIMEOUT = 3;

  @Option(names = "--namespace", defaultValue = "default")
  String namespace;

  @Option(names = "--name", defaultValue = "acid-bench-day2")
  String name;

  @Option(
      names = "--pg-version",
      description = "PostgreSQL major (default: the newest installed with TLS)")
  Integer pgVersion;

  @Option(
      names = "--pause-millis",
      defaultValue = "25",
      description = "The writer's pause after each attempt (default: ${DEFAULT-VALUE})")
  long pauseMillis;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "900",
      description = "How long each phase may take (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--operator-log", required = true, description = "The operator's log file")
  Path operatorLog;

  @Option(names = "--operator-pid-file", description = "Where to write the operator's pid")
  Path operatorPidFile;

  @Option(
      names = "--operator-java-options",
      defaultValue = "-Xmx256m -XX:+UseSerialGC",
      description = "The operator JVM's options (default: ${DEFAULT-VALUE})")
  String operatorJavaOptions;

  @Option(names = "--no-baseline", description = "Skip the in-place restart baseline")
  boolean noBaseline;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PatroniClient patroni = PatroniClient.withDefaults();
  private KubernetesClient client;
  private SteadyWriter writer;

  /** The figures of one change. */
  record Result(
      String change,
      double seconds,
      WriteStats.Phase writes,
      int switchovers,
      int podsRecreated,
      int restarts,
      List<String> steps) {}

  @Override
  public Integer call() throws Exception {
    io.fabric8.kubernetes.client.Config config =
        io.fabric8.kubernetes.client.Config.autoConfigure(null);
    config.setUserAgent("tusk-bench");
    config.setNamespace(namespace);
    try (KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build()) {
      client = c;
      prepareNamespace();
      OperatorChild operator = startOperator();
      try {
        return run(operator);
      } finally {
        if (writer != null) {
          writer.close();
        }
        operator.close();
      }
    }
  }

  private int run(OperatorChild operator) throws Exception {
    int major = major();
    long created = System.nanoTime();
    client.resource(manifest(major)).create();
    await("the cluster Running with a Ready master and two Ready replicas", this::clusterUp);
    System.out.printf(
        "cluster %s/%s (PostgreSQL %d, %d instances) Running after %.1f s%n",
        namespace, name, major, INSTANCES, seconds(created));
    awaitHealthy();
    MemberStatus leader = patroni.patroni(api(masterPod()));
    System.out.printf(
        "PostgreSQL %d.%d, Patroni %s, ttl %d, loop_wait %d, retry_timeout %d%n",
        leader.serverVersion() / 10000,
        leader.serverVersion() % 100,
        leader.patroniVersion(),
        TTL,
        LOOP_WAIT,
        RETRY_TIMEOUT);

    SteadyWriter.Login login = superuser();
    writer = SteadyWriter.start(login, "bench_writes", pauseMillis);
    long warm = System.nanoTime();
    Thread.sleep(10_000);
    WriteStats.Phase idle = writer.stats().phase(System.nanoTime());
    System.out.printf(
        "writer: one INSERT every %d ms + its own time, over one connection to the master Service"
            + " %s; idle: %.0f commits/s, longest gap %d ms, %d failed%n",
        pauseMillis,
        login.host(),
        idle.acknowledged() / seconds(warm),
        idle.longestGapNanos() / 1_000_000,
        idle.failures());

    List<Result> results = new ArrayList<>();
    results.add(rollingUpdate());
    print(results.get(results.size() - 1));
    results.add(restartParameterThroughOperator());
    print(results.get(results.size() - 1));
    Result baseline = null;
    if (!noBaseline) {
      operator.close();
      System.out.println("operator stopped for the baseline");
      baseline = restartParameterInPlace();
      results.add(baseline);
      print(baseline);
    }
    writer.close();
    long missing = writer.missingAcknowledgedRows();
    System.out.printf(
        "acknowledged rows: %d in all, %d missing from the table at the end%n",
        writer.acknowledgedTotal(), missing);

    System.out.println();
    System.out.println(
        "| change | longest write gap | total time | failed write attempts | switchovers (new"
            + " timelines) | pods recreated | restarts |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (Result r : results) {
      System.out.printf(
          "| %s | %.2f s | %.1f s | %d | %d | %d | %d |%n",
          r.change(),
          r.writes().longestGapNanos() / 1e9,
          r.seconds(),
          r.writes().failures(),
          r.switchovers(),
          r.podsRecreated(),
          r.restarts());
    }
    if (baseline != null) {
      Result tusk = results.get(1);
      double ratio = (double) tusk.writes().longestGapNanos() / baseline.writes().longestGapNanos();
      System.out.printf(
          "max_connections +20, longest write gap: operator (switchover) %.2f s, in-place primary"
              + " restart (Zalando) %.2f s, ratio %.2f%n",
          tusk.writes().longestGapNanos() / 1e9, baseline.writes().longestGapNanos() / 1e9, ratio);
    }
    return missing == 0 ? 0 : 1;
  }

  // --- the changes ---

  private Result rollingUpdate() throws Exception {
    awaitHealthy();
    int timeline = timeline();
    Map<String, Set<String>> uids = new HashMap<>();
    Map<String, String> before = new HashMap<>();
    for (Pod p : pods()) {
      before.put(p.getMetadata().getName(), p.getMetadata().getUid());
      uids.computeIfAbsent(p.getMetadata().getName(), k -> new HashSet<>())
          .add(p.getMetadata().getUid());
    }
    Instant wall = Instant.now();
    long start = System.nanoTime();
    writer.stats().startPhase(start);
    long generation = patchSpec(Map.of("resources", Map.of("requests", Map.of("cpu", "110m"))));
    await(
        "every pod recreated, Ready, unflagged, and the cluster Running",
        () -> {
          List<Pod> pods = pods();
          for (Pod p : pods) {
            uids.computeIfAbsent(p.getMetadata().getName(), k -> new HashSet<>())
                .add(p.getMetadata().getUid());
          }
          return pods.size() == INSTANCES
              && pods.stream()
                  .allMatch(
                      p ->
                          !p.getMetadata().getUid().equals(before.get(p.getMetadata().getName()))
                              && ServiceDnsPrimaryResolver.isReady(p)
                              && (p.getMetadata().getAnnotations() == null
                                  || !p.getMetadata()
                                      .getAnnotations()
                                      .containsKey(ROLLING_UPDATE_FLAG)))
              && runningAt(generation);
        });
    long done = System.nanoTime();
    WriteStats.Phase writes = closePhase(done);
    int recreated = uids.values().stream().mapToInt(s -> s.size() - 1).sum();
    return new Result(
        "rolling update (resources.requests.cpu 100m -> 110m)",
        (done - start) / 1e9,
        writes,
        timeline() - timeline,
        recreated,
        0,
        steps(wall));
  }

  private Result restartParameterThroughOperator() throws Exception {
    awaitHealthy();
    int current = Integer.parseInt(SteadyWriter.value(superuser(), "show max_connections"));
    String wanted = Integer.toString(current + 20);
    int timeline = timeline();
    Map<String, String> started = postmasterStarts();
    Instant wall = Instant.now();
    long start = System.nanoTime();
    writer.stats().startPhase(start);
    long generation =
        patchSpec(Map.of("postgresql", Map.of("parameters", Map.of("max_connections", wanted))));
    await(
        "max_connections " + wanted + " on every member, nothing pending, the cluster Running",
        () -> runningAt(generation) && everyMemberRuns("max_connections", wanted));
    long done = System.nanoTime();
    WriteStats.Phase writes = closePhase(done);
    return new Result(
        "max_connections " + current + " -> " + wanted + " (operator)",
        (done - start) / 1e9,
        writes,
        timeline() - timeline,
        0,
        restartedSince(started),
        steps(wall));
  }

  /**
   * Zalando's handling of a restart parameter, by hand and with the operator stopped: one {@code
   * PATCH /config}, a sleep of {@code loop_wait} + 2 s, then {@code POST /restart
   * {"restart_pending": true}} on each member that reports a pending restart, replicas first in the
   * order the pods are listed and the primary last, in place, with a sleep of {@code loop_wait}
   * after each (Zalando {@code syncPatroniConfig}, {@code restartInstances}, {@code
   * restartInstance}).
   */
  private Result restartParameterInPlace() throws Exception {
    awaitHealthy();
    int current = Integer.parseInt(SteadyWriter.value(superuser(), "show max_connections"));
    String wanted = Integer.toString(current + 20);
    int timeline = timeline();
    Map<String, String> started = postmasterStarts();
    List<String> steps = new ArrayList<>();
    long start = System.nanoTime();
    writer.stats().startPhase(start);

    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("postgresql").putObject("parameters").put("max_connections", wanted);
    patroni.patchConfig(api(masterPod()), patch);
    steps.add(offset(start) + " PATCH /config (postgresql.parameters.max_connections)");
    Thread.sleep((LOOP_WAIT + 2) * 1000L);
    List<Pod> pods = pods();
    List<Pod> order = new ArrayList<>();
    pods.stream().filter(p -> !"master".equals(role(p))).forEach(order::add);
    pods.stream().filter(p -> "master".equals(role(p))).forEach(order::add);
    for (Pod p : order) {
      URI member = api(p);
      // Zalando restarts where /patroni says pending_restart; give Patroni its loop to notice.
      await(
          "pending_restart on " + p.getMetadata().getName(),
          () -> patroni.patroni(member).pendingRestart());
      steps.add(
          offset(start)
              + " POST /restart {restart_pending: true} on "
              + role(p)
              + " "
              + p.getMetadata().getName());
      patroni.restart(member, true, Duration.ofSeconds(60));
      steps.add(offset(start) + " ... answered");
      Thread.sleep(LOOP_WAIT * 1000L);
    }
    await(
        "max_connections " + wanted + " on every member, nothing pending",
        () -> everyMemberRuns("max_connections", wanted));
    long done = System.nanoTime();
    WriteStats.Phase writes = closePhase(done);
    return new Result(
        "max_connections " + current + " -> " + wanted + " (baseline: Zalando, primary in place)",
        (done - start) / 1e9,
        writes,
        timeline() - timeline,
        0,
        restartedSince(started),
        steps);
  }

  /**
   * Waits for the first commit acknowledged after {@code end}, so that a gap open at the end of a
   * phase counts in full, then returns the phase's figures.
   */
  private WriteStats.Phase closePhase(long end) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (writer.stats().phase(System.nanoTime()).lastAckNanos() < end
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return writer.stats().phase(System.nanoTime());
  }

  // --- what the cluster looks like ---

  private boolean clusterUp() {
    List<Pod> pods = pods();
    return pods.size() == INSTANCES
        && pods.stream().allMatch(ServiceDnsPrimaryResolver::isReady)
        && pods.stream().filter(p -> "master".equals(role(p))).count() == 1
        && pods.stream().filter(p -> "replica".equals(role(p))).count() == INSTANCES - 1
        && "Running".equals(status());
  }

  /** Every pod Ready, one leader, every other member streaming within 1 MiB, nothing pending. */
  private boolean healthy() {
    List<Pod> pods = pods();
    if (pods.size() != INSTANCES || !pods.stream().allMatch(ServiceDnsPrimaryResolver::isReady)) {
      return false;
    }
    PatroniCluster cluster = patroni.cluster(api(masterPod()));
    return cluster.members().size() == INSTANCES
        && cluster.members().stream()
            .allMatch(
                m ->
                    !m.pendingRestart()
                        && (m.isLeader()
                            ? "running".equals(m.state())
                            : m.isReplicating()
                                && m.lagBytes().isPresent()
                                && m.lagBytes().getAsLong() <= 1 << 20));
  }

  private void awaitHealthy() throws InterruptedException {
    await("every member healthy", this::healthy);
  }

  /** Whether every member runs with {@code parameter} = {@code value} and none waits to restart. */
  private boolean everyMemberRuns(String parameter, String value) throws SQLException {
    List<Pod> pods = pods();
    if (pods.size() != INSTANCES || !pods.stream().allMatch(ServiceDnsPrimaryResolver::isReady)) {
      return false;
    }
    PatroniCluster cluster = patroni.cluster(api(masterPod()));
    if (cluster.members().size() != INSTANCES
        || cluster.members().stream().anyMatch(ClusterMember::pendingRestart)) {
      return false;
    }
    SteadyWriter.Login login = superuser();
    for (Pod p : pods) {
      String shown = SteadyWriter.value(login.on(p.getStatus().getPodIP()), "show " + parameter);
      if (!value.equals(shown)) {
        return false;
      }
    }
    return true;
  }

  private int timeline() {
    return patroni.cluster(api(masterPod())).leader().map(ClusterMember::timeline).orElse(0);
  }

  private Map<String, String> postmasterStarts() {
    Map<String, String> starts = new HashMap<>();
    for (Pod p : pods()) {
      starts.put(p.getMetadata().getName(), patroni.patroni(api(p)).postmasterStartTime());
    }
    return starts;
  }

  private int restartedSince(Map<String, String> starts) {
    int restarted = 0;
    for (Map.Entry<String, String> e : postmasterStarts().entrySet()) {
      if (!e.getValue().equals(starts.get(e.getKey()))) {
        restarted++;
      }
    }
    return restarted;
  }

  private List<Pod> pods() {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("cluster-name", name)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  private Pod masterPod() {
    return pods().stream()
        .filter(p -> "master".equals(role(p)) && ServiceDnsPrimaryResolver.isReady(p))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no Ready pod labelled master"));
  }

  private static String role(Pod p) {
    return p.getMetadata().getLabels() == null
        ? "none"
        : p.getMetadata().getLabels().getOrDefault("spilo-role", "none");
  }

  private static URI api(Pod p) {
    return PatroniClient.apiRoot(p.getStatus().getPodIP());
  }

  private String status() {
    Postgresql pg = client.resources(Postgresql.class).inNamespace(namespace).withName(name).get();
    return pg == null || pg.getStatus() == null ? null : pg.getStatus().getPostgresClusterStatus();
  }

  /** Whether the operator has handled {@code generation} and says the cluster is Running. */
  private boolean runningAt(long generation) {
    Postgresql pg = client.resources(Postgresql.class).inNamespace(namespace).withName(name).get();
    return pg != null
        && pg.getStatus() != null
        && "Running".equals(pg.getStatus().getPostgresClusterStatus())
        && pg.getStatus().getObservedGeneration() != null
        && pg.getStatus().getObservedGeneration() >= generation;
  }

  /** The operator's Events for the cluster since {@code since}, oldest first, with offsets. */
  private List<String> steps(Instant since) {
    List<Event> events =
        client
            .v1()
            .events()
            .inNamespace(namespace)
            .withField("involvedObject.name", name)
            .list()
            .getItems();
    Instant from = since.minusSeconds(1);
    return events.stream()
        .filter(e -> "postgresql".equals(e.getInvolvedObject().getKind()))
        .filter(e -> eventTime(e) != null && !eventTime(e).isBefore(from))
        .sorted(Comparator.comparing(Day2BenchCommand::eventTime))
        .map(
            e ->
                String.format(
                    "+%ds %s%s: %s",
                    Math.max(0, Duration.between(since, eventTime(e)).toSeconds()),
                    e.getReason(),
                    e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : "",
                    e.getMessage()))
        .toList();
  }

  private static Instant eventTime(Event e) {
    String t =
        e.getLastTimestamp() != null
            ? e.getLastTimestamp()
            : e.getEventTime() != null ? e.getEventTime().getTime() : e.getFirstTimestamp();
    try {
      return t == null ? null : Instant.parse(t);
    } catch (RuntimeException ex) {
      return null;
    }
  }

  // --- setting up ---

  private void prepareNamespace() throws Exception {
    if (client.namespaces().withName(namespace).get() == null) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
    }
    Path rbac = Path.of(System.getProperty("tusk.root.dir", ".")).resolve("deploy/rbac.yaml");
    try (InputStream in = Files.newInputStream(rbac)) {
      for (HasMetadata o : client.load(in).items()) {
        client.resource(o).serverSideApply();
      }
    }
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("postgres-operator")
                .endMetadata()
                .withData(Map.of("enable_database_access", "true", "resync_period", "30m"))
                .build())
        .serverSideApply();
  }

  private OperatorChild startOperator() throws Exception {
    OperatorChild operator =
        OperatorChild.start(
            operatorJavaOptions,
            List.of(
                "--config-map",
                namespace + "/postgres-operator",
                "--namespace",
                namespace,
                "--watch",
                namespace,
                "--http-port",
                "0",
                // The operator runs on the host, where cluster DNS names do not resolve.
                "--primary-address",
                "service_ip"),
            operatorLog,
            operatorPidFile);
    System.out.printf("operator started (pid %d, log %s)%n", operator.pid(), operatorLog);
    return operator;
  }

  private int major() {
    if (pgVersion != null) {
      return pgVersion;
    }
    return Installations.detect().postgresInstallations().stream()
        .filter(PostgresInstallation::ssl)
        .mapToInt(PostgresInstallation::major)
        .max()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no installed PostgreSQL with TLS support (./tusk local install)"));
  }

  /**
   * Zalando's minimal manifest with three instances, the given major, short Patroni timings and
   * explicit resource requests (the first change raises the CPU request). Users, databases and
   * prepared databases are left out, as in the end-to-end tests: the writer logs in as postgres.
   */
  private Postgresql manifest(int major) {
    String yaml =
        String.join(
            "\n",
            "apiVersion: acid.zalan.do/v1",
            "kind: postgresql",
            "metadata: {name: " + name + ", namespace: " + namespace + "}",
            "spec:",
            "  teamId: acid",
            "  volume: {size: 1Gi}",
            "  numberOfInstances: " + INSTANCES,
            "  postgresql: {version: \"" + major + "\"}",
            "  patroni: {ttl: "
                + TTL
                + ", loop_wait: "
                + LOOP_WAIT
                + ", retry_timeout: "
                + RETRY_TIMEOUT
                + "}",
            "  resources:",
            "    requests: {cpu: 100m, memory: 100Mi}");
    return client.getKubernetesSerialization().unmarshal(yaml, Postgresql.class);
  }

  private SteadyWriter.Login superuser() {
    Secret s =
        client
            .secrets()
            .inNamespace(namespace)
            .withName("postgres." + name + ".credentials.postgresql.acid.zalan.do")
            .get();
    String host =
        client.services().inNamespace(namespace).withName(name).get().getSpec().getClusterIP();
    return new SteadyWriter.Login(host, decode(s, "username"), decode(s, "password"), "postgres");
  }

  private static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** A JSON merge patch of the manifest's spec; returns the new generation. */
  private long patchSpec(Map<String, Object> spec) {
    Postgresql patched =
        client
            .resources(Postgresql.class)
            .inNamespace(namespace)
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                client.getKubernetesSerialization().asJson(Map.of("spec", spec)));
    return patched.getMetadata().getGeneration();
  }

  // --- helpers ---

  /** A condition to wait for; exceptions (a member restarting, the API busy) mean not yet. */
  private interface Check {
    boolean holds() throws Exception;
  }

  private void await(String what, Check check) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    String lastError = null;
    while (true) {
      try {
        if (check.holds()) {
          return;
        }
      } catch (InterruptedException e) {
        throw e;
      } catch (PatroniException | KubernetesClientException | SQLException e) {
        lastError = e.getMessage();
      } catch (Exception e) {
        lastError = e.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after "
                + timeoutSeconds
                + " s waiting for "
                + what
                + (lastError == null ? "" : " (last error: " + lastError + ")"));
      }
      Thread.sleep(250);
    }
  }

  private void print(Result r) {
    WriteStats.Phase w = r.writes();
    System.out.println();
    System.out.println("== " + r.change());
    System.out.printf("total time: %.1f s (from the change until done)%n", r.seconds());
    System.out.printf(
        "longest write gap: %.2f s, beginning %.1f s after the change%n",
        w.longestGapNanos() / 1e9, w.longestGapStartOffsetNanos() / 1e9);
    System.out.printf(
        "writes: %d acknowledged, %d failed attempts%n", w.acknowledged(), w.failures());
    w.failureKinds().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf("  %4d x %s%n", e.getValue(), e.getKey()));
    System.out.printf(
        "switchovers (new timelines): %d; pods recreated: %d; PostgreSQL restarts: %d%n",
        r.switchovers(), r.podsRecreated(), r.restarts());
    System.out.println("steps:");
    r.steps().forEach(s -> System.out.println("  " + s));
  }

  private static String offset(long start) {
    return String.format("+%.1fs", (System.nanoTime() - start) / 1e9);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
