package io.tusk.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.PostgresqlParam;
import io.tusk.api.acid.v1.Volume;
import io.tusk.local.audit.AuditLog;
import io.tusk.local.audit.WriteCounts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator-scale benchmark driver (run by {@code bench/operator-scale.sh}, which starts the
 * control plane and the operator). Creates N clusters and reports how long until every cluster's
 * objects exist; then, repeatedly, triggers a full resync of all clusters (a configuration change)
 * and at the same moment changes one cluster's spec, and reports how long until that change reaches
 * the StatefulSet.
 */
@Command(
    name = "bench-scale",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Operator-scale benchmark driver (see bench/operator-scale.sh).")
public final class ScaleBenchCommand implements Callable<Integer> {

  @Option(names = "--clusters", defaultValue = "10")
  int clusters;

  @Option(names = "--namespace", defaultValue = "bench")
  String namespace;

  @Option(names = "--config-map", defaultValue = "default/postgres-operator")
  String configMap;

  @Option(names = "--samples", defaultValue = "20")
  int samples;

  @Option(names = "--operator-pid", description = "PID of the operator, for its peak RSS")
  Long operatorPid;

  @Option(names = "--timeout-seconds", defaultValue = "600")
  int timeoutSeconds;

  @Option(
      names = "--audit-log",
      description =
          "The API server's audit log of writes (tusk local up --audit-writes): prints the writes"
              + " of each component during an idle window at the end")
  Path auditLog;

  @Option(
      names = "--idle-seconds",
      defaultValue = "120",
      description = "Length of the idle window whose writes are counted")
  int idleSeconds;

  @Option(
      names = "--operator-url",
      description = "The operator's HTTP endpoint, for its reconcile count")
  String operatorUrl;

  @Override
  public Integer call() throws Exception {
    io.fabric8.kubernetes.client.Config config =
        io.tusk.operator.TuskOperator.tune(io.fabric8.kubernetes.client.Config.autoConfigure(null));
    config.setUserAgent("tusk-bench");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
      client
          .serviceAccounts()
          .inNamespace(namespace)
          .withName("default")
          .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);

      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int i = 0; i < clusters; i++) {
        Postgresql pg = cluster(i);
        pool.submit(() -> client.resource(pg).inNamespace(namespace).create());
      }
      pool.shutdown();
      pool.awaitTermination(timeoutSeconds, TimeUnit.SECONDS);
      double createdAfter = seconds(start);
      double objectsAfter = awaitAllObjects(client, start);
      System.out.printf("clusters: %d%n", clusters);
      System.out.printf("manifests created after: %.1f s%n", createdAfter);
      System.out.printf("all objects exist after: %.1f s%n", objectsAfter);
      System.out.printf(
          "all clusters Running after: %.1f s (pods scheduled, simulated Ready)%n",
          awaitAllRunning(client, start));
      if (operatorUrl != null) {
        long reconciles = reconciles();
        System.out.printf(
            "reconciles until every cluster was Running: %d (%.1f per cluster)%n",
            reconciles, (double) reconciles / clusters);
      }
      printRss("after creation");

      List<Double> latencies = specChangesDuringResync(client);
      Collections.sort(latencies);
      System.out.printf(
          "spec change -> StatefulSet during full resync (%d samples): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
          latencies.size(),
          percentile(latencies, 50),
          percentile(latencies, 99),
          latencies.get(latencies.size() - 1));
      printRss("after the resyncs");
      if (auditLog != null) {
        idleWindow();
      }
      if (operatorPid != null) {
        System.out.printf("operator peak RSS: %d MB%n", procStatusKb(operatorPid, "VmHWM:") / 1024);
      }
    }
    return 0;
  }

  /**
   * Counts the writes the API server receives while nothing is asked of anyone: the clusters exist
   * and run, nobody changes a manifest. What is written then is churn (controllers, the node agent
   * or the operator reacting to each other), paid by the API server and etcd for as long as the
   * clusters exist. The window starts 10 s after the last spec change, so its pods have settled.
   */
  private void idleWindow() throws InterruptedException, IOException {
    Thread.sleep(10_000);
    Instant from = Instant.now();
    Thread.sleep(idleSeconds * 1000L);
    Instant to = Instant.now();
    WriteCounts all = new WriteCounts(new AuditLog(auditLog).writes(from, to));
    System.out.printf(
        "API-server writes during %d idle seconds: %d in all (%.1f per cluster and minute)%n",
        idleSeconds, all.total(), all.total() * 60.0 / idleSeconds / clusters);
    all.lines().forEach(l -> System.out.println("  " + l));
    printRss("after " + idleSeconds + " idle seconds");
  }

  private void printRss(String when) throws IOException {
    if (operatorPid != null) {
      System.out.printf(
          "operator RSS %s: %d MB%n", when, procStatusKb(operatorPid, "VmRSS:") / 1024);
    }
  }

  /** Finished reconciles so far, from the operator's {@code /status}. */
  private long reconciles() throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(operatorUrl + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode counts = new ObjectMapper().readTree(r.body()).path("reconciles");
    return counts.path("succeeded").asLong() + counts.path("failed").asLong();
  }

  private Postgresql cluster(int i) {
    Postgresql pg = new Postgresql();
    pg.getMetadata().setName(String.format("acid-bench-%04d", i));
    pg.getMetadata().setNamespace(namespace);
    PostgresSpec spec = new PostgresSpec();
    spec.setTeamId("acid");
    spec.setNumberOfInstances(2);
    Volume volume = new Volume();
    volume.setSize("1Gi");
    spec.setVolume(volume);
    PostgresqlParam param = new PostgresqlParam();
    param.setVersion("17");
    spec.setPostgresql(param);
    spec.setUsers(Map.of("app", List.of("createdb")));
    spec.setDatabases(Map.of("app", "app"));
    pg.setSpec(spec);
    return pg;
  }

  /**
   * Seconds until every cluster has its StatefulSet, 2 Services, 3 Secrets and 2 PDBs. The
   * benchmark namespace holds nothing else of these kinds, so each kind is counted with a list of
   * one item, whose {@code remainingItemCount} gives the total: four small requests every 250 ms.
   * Watching the objects instead would decode every status update of every StatefulSet and PDB in
   * this process, which competes for the same cores as the operator being measured.
   */
  private double awaitAllObjects(KubernetesClient client, long start) throws InterruptedException {
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      if (count(client.apps().statefulSets().inNamespace(namespace).list(ONE)) == clusters
          && count(client.services().inNamespace(namespace).list(ONE)) == 2L * clusters
          && count(client.secrets().inNamespace(namespace).list(ONE)) == 3L * clusters
          && count(client.policy().v1().podDisruptionBudget().inNamespace(namespace).list(ONE))
              == 2L * clusters) {
        return seconds(start);
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "objects of " + clusters + " clusters did not appear within " + timeoutSeconds + " s");
  }

  /**
   * Seconds until every cluster's status is Running: its pods were created by the StatefulSet
   * controller, scheduled, their volumes bound and reported Ready by the node agent. Polled once a
   * second, after the objects exist (so it does not load the phase measured before).
   */
  private double awaitAllRunning(KubernetesClient client, long start) throws InterruptedException {
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      long running =
          client.resources(Postgresql.class).inNamespace(namespace).list().getItems().stream()
              .filter(
                  pg ->
                      pg.getStatus() != null
                          && "Running".equals(pg.getStatus().getPostgresClusterStatus()))
              .count();
      if (running == clusters) {
        return seconds(start);
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(
        clusters + " clusters were not Running within " + timeoutSeconds + " s");
  }

  private static final ListOptions ONE = new ListOptionsBuilder().withLimit(1L).build();

  private static long count(KubernetesResourceList<?> page) {
    Long remaining = page.getMetadata().getRemainingItemCount();
    return page.getItems().size() + (remaining == null ? 0 : remaining);
  }

  private List<Double> specChangesDuringResync(KubernetesClient client) throws Exception {
    String[] ref = configMap.split("/", 2);
    List<Double> latencies = new ArrayList<>();
    for (int s = 0; s < samples; s++) {
      String name = String.format("acid-bench-%04d", (s * 7919) % clusters);
      StatefulSet current =
          client.apps().statefulSets().inNamespace(namespace).withName(name).get();
      int want = current.getSpec().getReplicas() == 2 ? 1 : 2;
      CountDownLatch reached = new CountDownLatch(1);
      try (var watch =
          client
              .apps()
              .statefulSets()
              .inNamespace(namespace)
              .withName(name)
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, StatefulSet sts) {
                      if (sts.getSpec().getReplicas() == want) {
                        reached.countDown();
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  })) {
        // A configuration change queues a resync of every cluster...
        String ringLogLines = Integer.toString(100 + s % 2 + 1);
        client
            .configMaps()
            .inNamespace(ref[0])
            .withName(ref[1])
            .edit(cm -> new ConfigMapBuilder(cm).addToData("ring_log_lines", ringLogLines).build());
        // ...and the spec change lands in the middle of it.
        long t0 = System.nanoTime();
        client
            .resources(Postgresql.class)
            .inNamespace(namespace)
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"numberOfInstances\":" + want + "}}");
        if (!reached.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException(
              "spec change of " + name + " did not reach its StatefulSet within 60 s");
        }
        latencies.add((System.nanoTime() - t0) / 1e6);
      }
      Thread.sleep(1000);
    }
    return latencies;
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** A size in kB from {@code /proc/PID/status}, e.g. {@code VmRSS:} or {@code VmHWM:}. */
  private static long procStatusKb(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
