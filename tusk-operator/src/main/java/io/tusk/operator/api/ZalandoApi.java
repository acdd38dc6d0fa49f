package io.tusk.operator.api;

import io.tusk.api.acid.v1.Postgresql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Zalando's operator REST API ({@code pkg/apiserver}): the same paths, with or without the trailing
 * slash, and the same JSON keys, so that its UI and its end-to-end harness read Tusk as they read
 * Zalando's operator. Errors are HTTP 500 with {@code {"error": ...}}, as there. Nothing here reads
 * a Secret; the cluster status carries the manifest's spec (role names and flags, no passwords) and
 * the cluster's Services, Endpoints, StatefulSet and PodDisruptionBudgets.
 */
public final class ZalandoApi {

  /** An answer: the HTTP status and what is encoded as JSON. */
  public record Answer(int code, Object body) {
    static Answer ok(Object body) {
      return new Answer(200, body);
    }

    static Answer error(String message) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", message);
      return new Answer(500, body);
    }
  }

  private static final String TEAM = "(?<team>[a-zA-Z][a-zA-Z0-9\\-_]*)";
  private static final String NAMESPACE = "(?<namespace>[a-z0-9]([-a-z0-9\\-_]*[a-z0-9])?)";
  private static final String CLUSTER = "(?<cluster>[a-zA-Z][a-zA-Z0-9\\-_]*)";
  private static final Pattern CLUSTER_STATUS =
      Pattern.compile("^/clusters/" + NAMESPACE + "/" + CLUSTER + "/?$");
  private static final Pattern CLUSTER_LOGS =
      Pattern.compile("^/clusters/" + NAMESPACE + "/" + CLUSTER + "/logs/?$");
  private static final Pattern CLUSTER_HISTORY =
      Pattern.compile("^/clusters/" + NAMESPACE + "/" + CLUSTER + "/history/?$");
  private static final Pattern TEAM_CLUSTERS = Pattern.compile("^/clusters/" + TEAM + "/?$");
  private static final Pattern WORKER_LOGS = Pattern.compile("^/workers/(?<id>\\d+)/logs/?$");
  private static final Pattern WORKER_QUEUE = Pattern.compile("^/workers/(?<id>\\d+)/queue/?$");
  private static final Pattern WORKER_STATUS = Pattern.compile("^/workers/(?<id>\\d+)/status/?$");
  private static final Pattern ALL_QUEUES = Pattern.compile("^/workers/all/queue/?$");
  private static final Pattern ALL_STATUS = Pattern.compile("^/workers/all/status/?$");

  private final Supplier<List<Postgresql>> clusters;
  private final Workers workers;
  private final ClusterLogs logs;
  private final ClusterHistory history;
  private final Function<Postgresql, Map<String, Object>> objects;

  /**
   * @param clusters the clusters the operator serves
   * @param objects a cluster's objects under Zalando's keys ({@code MasterService}, {@code
   *     ReplicaService}, {@code MasterEndpoint}, {@code ReplicaEndpoint}, {@code StatefulSet},
   *     {@code PrimaryPodDisruptionBudget}, {@code CriticalOpPodDisruptionBudget})
   */
  public ZalandoApi(
      Supplier<List<Postgresql>> clusters,
      Workers workers,
      ClusterLogs logs,
      ClusterHistory history,
      Function<Postgresql, Map<String, Object>> objects) {
    this.clusters = clusters;
    this.workers = workers;
    this.logs = logs;
    this.history = history;
    this.objects = objects;
  }

  /** {@code /status/}: Zalando's {@code ControllerStatus}. */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("LastSyncTime", workers.lastSync().getEpochSecond());
    s.put("Clusters", clusters.get().size());
    Map<String, Integer> sizes = new LinkedHashMap<>();
    workers.queueSizes().forEach((id, n) -> sizes.put(Integer.toString(id), n));
    s.put("WorkerQueueSize", sizes);
    return s;
  }

  /** The answer to a path under {@code /clusters/}. */
  public Answer clusters(String path) {
    Matcher m;
    if ((m = CLUSTER_STATUS.matcher(path)).matches()) {
      return find(m.group("namespace"), m.group("cluster"))
          .map(pg -> Answer.ok(clusterStatus(pg)))
          .orElseGet(() -> Answer.error("could not find cluster"));
    }
    if ((m = TEAM_CLUSTERS.matcher(path)).matches()) {
      List<String> names = teams().get(m.group("team"));
      return names == null
          ? Answer.error("could not find clusters for the team")
          : Answer.ok(names);
    }
    if ((m = CLUSTER_LOGS.matcher(path)).matches()) {
      String ns = m.group("namespace");
      String name = m.group("cluster");
      if (find(ns, name).isEmpty()) {
        return Answer.error("could not find cluster");
      }
      List<Map<String, Object>> out = new ArrayList<>();
      for (ClusterLogs.Entry e : logs.ofCluster(ns, name).orElse(List.of())) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Time", e.time().toString());
        entry.put("Level", e.level());
        entry.put("Worker", e.worker());
        entry.put("Message", e.message());
        out.add(entry);
      }
      return Answer.ok(out);
    }
    if ((m = CLUSTER_HISTORY.matcher(path)).matches()) {
      String ns = m.group("namespace");
      String name = m.group("cluster");
      if (find(ns, name).isEmpty()) {
        return Answer.error("could not find cluster");
      }
      List<Map<String, Object>> out = new ArrayList<>();
      for (ClusterHistory.Change c : history.of(ns, name).orElse(List.of())) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("EventTime", c.eventTime().toString());
        entry.put("ProcessTime", c.processTime().toString());
        entry.put("Diff", c.diff());
        out.add(entry);
      }
      return Answer.ok(out);
    }
    if (path.equals("/clusters/") || path.equals("/clusters")) {
      return Answer.ok(teams());
    }
    return Answer.error("page not found");
  }

  /** The answer to a path under {@code /workers/}. */
  public Answer workers(String path) {
    if (ALL_QUEUES.matcher(path).matches()) {
      Map<String, Object> all = new LinkedHashMap<>();
      for (int i = 0; i < workers.count(); i++) {
        all.put(Integer.toString(i), queue(i));
      }
      return Answer.ok(all);
    }
    if (ALL_STATUS.matcher(path).matches()) {
      Map<String, Object> all = new LinkedHashMap<>();
      for (int i = 0; i < workers.count(); i++) {
        all.put(Integer.toString(i), workerStatus(i));
      }
      return Answer.ok(all);
    }
    Matcher m;
    if ((m = WORKER_LOGS.matcher(path)).matches()) {
      int id = Integer.parseInt(m.group("id"));
      if (id >= workers.count()) {
        return Answer.error("could not find worker");
      }
      List<Map<String, Object>> out = new ArrayList<>();
      for (ClusterLogs.Entry e : logs.ofWorker(id)) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Time", e.time().toString());
        entry.put("Level", e.level());
        entry.put("ClusterName", e.cluster());
        entry.put("Message", e.message());
        out.add(entry);
      }
      return Answer.ok(out);
    }
    if ((m = WORKER_QUEUE.matcher(path)).matches()) {
      int id = Integer.parseInt(m.group("id"));
      return id >= workers.count() ? Answer.error("could not find worker") : Answer.ok(queue(id));
    }
    if ((m = WORKER_STATUS.matcher(path)).matches()) {
      int id = Integer.parseInt(m.group("id"));
      return id >= workers.count()
          ? Answer.error("could not find worker")
          : Answer.ok(workerStatus(id));
    }
    return Answer.error("page not found");
  }

  /** {@code /databases/}: each cluster's manifest databases, sorted, by cluster name. */
  public Map<String, List<String>> databases() {
    Map<String, List<String>> out = new TreeMap<>();
    for (Postgresql pg : clusters.get()) {
      if (pg.getSpec() != null
          && pg.getSpec().getDatabases() != null
          && !pg.getSpec().getDatabases().isEmpty()) {
        out.computeIfAbsent(pg.getMetadata().getName(), k -> new ArrayList<>())
            .addAll(pg.getSpec().getDatabases().keySet());
        out.get(pg.getMetadata().getName()).sort(null);
      }
    }
    return out;
  }

  private Map<String, Object> queue(int id) {
    Map<String, Object> q = new LinkedHashMap<>();
    List<String> keys = workers.queue(id);
    q.put("Keys", keys);
    q.put("List", keys);
    return q;
  }

  private Object workerStatus(int id) {
    Optional<Workers.Current> current = workers.current(id);
    if (current.isEmpty()) {
      return "idle";
    }
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("Namespace", current.get().namespace());
    cluster.put("Name", current.get().name());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("CurrentCluster", cluster);
    status.put("CurrentProcess", process(current.get().process(), current.get().started()));
    return status;
  }

  private static Map<String, Object> process(String name, Instant started) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("Name", name);
    p.put("StartTime", started == null ? "0001-01-01T00:00:00Z" : started.toString());
    return p;
  }

  /** Zalando's {@code ClusterStatus}. */
  private Map<String, Object> clusterStatus(Postgresql pg) {
    String ns = pg.getMetadata().getNamespace();
    String name = pg.getMetadata().getName();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("Team", pg.getSpec() == null ? "" : pg.getSpec().getTeamId());
    s.put("Cluster", name);
    s.put("Namespace", ns);
    Map<String, Object> found = objects.apply(pg);
    for (String key :
        List.of(
            "MasterService",
            "ReplicaService",
            "MasterEndpoint",
            "ReplicaEndpoint",
            "StatefulSet",
            "PrimaryPodDisruptionBudget",
            "CriticalOpPodDisruptionBudget")) {
      s.put(key, found.get(key));
    }
    int worker = workers.workerOf(ns, name);
    Optional<Workers.Current> current =
        workers.current(worker).filter(c -> c.namespace().equals(ns) && c.name().equals(name));
    s.put(
        "CurrentProcess",
        current.map(c -> process(c.process(), c.started())).orElseGet(() -> process("", null)));
    s.put("Worker", worker);
    s.put("Status", pg.getStatus());
    s.put("Spec", pg.getSpec());
    String message = pg.getStatus() == null ? null : pg.getStatus().getMessage();
    s.put("Error", message == null || message.isEmpty() ? null : message);
    return s;
  }

  private Optional<Postgresql> find(String namespace, String name) {
    return clusters.get().stream()
        .filter(
            pg ->
                namespace.equals(pg.getMetadata().getNamespace())
                    && name.equals(pg.getMetadata().getName()))
        .findFirst();
  }

  /** Team (lower case, as Zalando keys it) to cluster names, as {@code /clusters/} answers. */
  private Map<String, List<String>> teams() {
    Map<String, List<String>> out = new TreeMap<>();
    for (Postgresql pg : clusters.get()) {
      String team = pg.getSpec() == null ? null : pg.getSpec().getTeamId();
      if (team != null) {
        out.computeIfAbsent(team.toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
            .add(pg.getMetadata().getName());
      }
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }
}
