package io.tusk.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.day2.ClusterFacts;
import io.tusk.day2.PodFacts;
import io.tusk.operator.day2.PatroniObservation;
import io.tusk.patroni.ClusterMember;
import io.tusk.patroni.PatroniClient;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.roles.ClusterRole;
import io.tusk.spec.roles.ClusterRoles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the pages show, read from the API server, Patroni and the operator's REST API, as the maps
 * the templates render. Reads only; every write is {@link UiServer}'s.
 */
final class ClusterViews {
  static final String GROUP_VERSION = io.tusk.ui.form.Manifests.API_VERSION;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final UiSettings settings;
  private final OperatorApi operator;
  private final PatroniObservation observation;

  ClusterViews(KubernetesClient client, UiSettings settings, OperatorApi operator) {
    this.client = client;
    this.settings = settings;
    this.operator = operator;
    this.observation = new PatroniObservation(client, PatroniClient.withDefaults());
  }

  /** The cluster list: every postgresql with its status and its pods (ready of all). */
  List<Map<String, Object>> clusters(OperatorConfig config) {
    List<Postgresql> all =
        settings.namespace() == null
            ? client.resources(Postgresql.class).inAnyNamespace().list().getItems()
            : client
                .resources(Postgresql.class)
                .inNamespace(settings.namespace())
                .list()
                .getItems();
    String nameLabel = config.get(Options.CLUSTER_NAME_LABEL);
    String roleLabel = config.get(Options.POD_ROLE_LABEL);
    var podList =
        settings.namespace() == null
            ? client.pods().inAnyNamespace().withLabel(nameLabel).list().getItems()
            : client
                .pods()
                .inNamespace(settings.namespace())
                .withLabel(nameLabel)
                .list()
                .getItems();
    Map<String, int[]> pods = new HashMap<>();
    for (Pod p : podList) {
      String key =
          p.getMetadata().getNamespace() + "/" + p.getMetadata().getLabels().get(nameLabel);
      int[] counts = pods.computeIfAbsent(key, k -> new int[2]);
      counts[1]++;
      if (PodFacts.of(p, roleLabel).ready()) {
        counts[0]++;
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    all.sort(
        Comparator.comparing((Postgresql p) -> p.getMetadata().getNamespace())
            .thenComparing(p -> p.getMetadata().getName()));
    for (Postgresql pg : all) {
      Map<String, Object> row = summary(pg);
      int[] counts =
          pods.getOrDefault(
              pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName(), new int[2]);
      row.put("podsReady", counts[0]);
      row.put("pods", counts[1]);
      rows.add(row);
    }
    return rows;
  }

  /** The cluster's page; null when there is no such postgresql. */
  Map<String, Object> cluster(String namespace, String name, OperatorConfig config) {
    Postgresql pg = client.resources(Postgresql.class).inNamespace(namespace).withName(name).get();
    if (pg == null) {
      return null;
    }
    Map<String, Object> v = summary(pg);
    GenericKubernetesResource raw = raw(namespace, name);
    Map<String, Object> spec = spec(raw);
    v.put("manifest", Yaml.of(Map.of("spec", Redaction.forDisplay(spec))));
    v.put("uid", pg.getMetadata().getUid());
    v.put("created", pg.getMetadata().getCreationTimestamp());

    Labels labels = Labels.of(ClusterModel.of(pg, config));
    Map<String, String> selector = labels.base();
    int instances = intValue(spec.get("numberOfInstances"), 1);
    PatroniObservation.Observation seen =
        observation.observe(namespace, selector, config.get(Options.POD_ROLE_LABEL), instances);
    ClusterFacts facts = seen.facts();
    List<Map<String, Object>> pods = new ArrayList<>();
    for (PodFacts p : facts.pods()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", p.name());
      row.put("role", p.role() == null ? "-" : p.role());
      row.put("ready", p.ready() ? "yes" : "no");
      row.put("node", p.node() == null ? "-" : p.node());
      row.put("ip", seen.podIps().getOrDefault(p.name(), "-"));
      row.put(
          "note", (p.flagged() ? "to be recreated " : "") + (p.terminating() ? "terminating" : ""));
      pods.add(row);
    }
    v.put("podRows", pods);
    List<Map<String, Object>> members = new ArrayList<>();
    facts
        .patroni()
        .ifPresent(
            c -> {
              for (ClusterMember m : c.members()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", m.name());
                row.put("role", m.role());
                row.put("state", m.state());
                row.put("timeline", m.timeline() == 0 ? "-" : Integer.toString(m.timeline()));
                row.put(
                    "lag",
                    m.isLeader()
                        ? "-"
                        : m.lagBytes().isPresent()
                            ? Long.toString(m.lagBytes().getAsLong())
                            : "unknown");
                row.put(
                    "pending",
                    m.pendingRestart()
                        ? (m.pendingChanges().isEmpty()
                            ? "yes"
                            : String.join(", ", new TreeSet<>(m.pendingChanges().keySet())))
                        : "");
                members.add(row);
              }
              v.put("paused", c.paused());
            });
    v.put("members", members);
    v.put("patroniAnswered", facts.patroni().isPresent());

    v.put("roles", roles(pg, config));
    v.put("databases", databases(spec));
    String nameLabel = labels.clusterNameLabel();
    v.put("services", services(namespace, nameLabel, name));
    List<Map<String, Object>> poolers = poolers(namespace, name);
    v.put("poolers", poolers);
    v.put("hasPoolers", !poolers.isEmpty());
    v.put("volumes", volumes(namespace, selector));
    v.put("events", events(namespace, name));
    OperatorApi.Answer logs = operator.get("clusters/" + namespace + "/" + name + "/logs/");
    List<String> lines = new ArrayList<>();
    if (logs.ok()) {
      logs.json().forEach(l -> lines.add(line(l)));
    }
    v.put("log", String.join("\n", lines.subList(Math.max(0, lines.size() - 50), lines.size())));
    v.put("logProblem", logs.problem());
    v.put("progress", progress(pg, facts));
    return v;
  }

  /** The manifest as the API server has it, every field kept (edit and clone start from it). */
  GenericKubernetesResource raw(String namespace, String name) {
    return client
        .genericKubernetesResources(GROUP_VERSION, "postgresql")
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(GenericKubernetesResource raw) {
    Object spec = raw == null ? null : raw.getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The operator's page: its status, its workers and what they hold, and the queue. */
  Map<String, Object> operatorStatus() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("operatorApi", operator.root().toString());
    OperatorApi.Answer status = operator.get("status/");
    v.put("statusProblem", status.problem());
    List<Map<String, Object>> fields = new ArrayList<>();
    if (status.ok()) {
      status
          .json()
          .fields()
          .forEachRemaining(e -> fields.add(Map.of("key", e.getKey(), "value", value(e))));
    }
    v.put("status", fields);
    OperatorApi.Answer workers = operator.get("workers/all/status/");
    List<Map<String, Object>> rows = new ArrayList<>();
    if (workers.ok()) {
      workers
          .json()
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode w = e.getValue();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", e.getKey());
                if (w.isValueNode()) {
                  row.put("state", w.asText());
                  row.put("cluster", "");
                  row.put("process", "");
                  row.put("since", "");
                } else {
                  JsonNode c = w.path("CurrentCluster");
                  row.put("state", "working");
                  row.put("cluster", c.path("Namespace").asText() + "/" + c.path("Name").asText());
                  row.put("process", w.path("CurrentProcess").path("Name").asText());
                  row.put("since", w.path("CurrentProcess").path("StartTime").asText());
                }
                rows.add(row);
              });
    }
    v.put("workers", rows);
    OperatorApi.Answer queue = operator.get("workers/all/queue/");
    List<Map<String, Object>> waiting = new ArrayList<>();
    if (queue.ok()) {
      queue
          .json()
          .fields()
          .forEachRemaining(
              e -> {
                List<String> keys = new ArrayList<>();
                e.getValue().path("Keys").forEach(k -> keys.add(k.asText()));
                if (!keys.isEmpty()) {
                  waiting.add(Map.of("id", e.getKey(), "keys", String.join(", ", keys)));
                }
              });
    }
    v.put("queue", waiting);
    return v;
  }

  /** A field of the operator's status, its sync time as a time rather than seconds. */
  private static String value(Map.Entry<String, JsonNode> field) {
    JsonNode v = field.getValue();
    if (field.getKey().equals("LastSyncTime") && v.canConvertToLong() && v.asLong() > 0) {
      return java.time.Instant.ofEpochSecond(v.asLong()) + " (" + v.asLong() + ")";
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  private static Map<String, Object> summary(Postgresql pg) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("namespace", pg.getMetadata().getNamespace());
    row.put("name", pg.getMetadata().getName());
    var spec = pg.getSpec();
    row.put("team", spec == null || spec.getTeamId() == null ? "" : spec.getTeamId());
    row.put(
        "version",
        spec == null || spec.getPostgresql() == null ? "" : spec.getPostgresql().getVersion());
    row.put(
        "instances",
        spec == null || spec.getNumberOfInstances() == null ? 1 : spec.getNumberOfInstances());
    row.put(
        "volumeSize", spec == null || spec.getVolume() == null ? "" : spec.getVolume().getSize());
    PostgresStatus status = pg.getStatus();
    String s = status == null ? "" : status.getPostgresClusterStatus();
    row.put("status", s == null || s.isEmpty() ? "Unknown" : s);
    row.put("statusClass", statusClass(s));
    row.put("message", status == null || status.getMessage() == null ? "" : status.getMessage());
    row.put("running", PostgresStatus.RUNNING.equals(s));
    return row;
  }

  static String statusClass(String status) {
    if (status == null) {
      return "unknown";
    }
    return switch (status) {
      case PostgresStatus.RUNNING -> "ok";
      case PostgresStatus.CREATING, PostgresStatus.UPDATING -> "busy";
      case "" -> "unknown";
      default -> "failed";
    };
  }

  /**
   * Zalando's progress bar: the manifest accepted, the StatefulSet made, the first pod running, a
   * pod labelled master, every instance ready.
   */
  private List<Map<String, Object>> progress(Postgresql pg, ClusterFacts facts) {
    String ns = pg.getMetadata().getNamespace();
    String name = pg.getMetadata().getName();
    boolean accepted =
        pg.getStatus() != null
            && pg.getStatus().getPostgresClusterStatus() != null
            && !pg.getStatus().getPostgresClusterStatus().isEmpty();
    boolean sts = client.apps().statefulSets().inNamespace(ns).withName(name).get() != null;
    boolean firstPod = facts.pods().stream().anyMatch(PodFacts::ready);
    boolean master = facts.pods().stream().anyMatch(p -> "master".equals(p.role()) && p.ready());
    long ready = facts.pods().stream().filter(PodFacts::ready).count();
    boolean all = ready >= facts.instances() && facts.instances() > 0;
    List<Map<String, Object>> steps = new ArrayList<>();
    steps.add(step("manifest accepted", accepted));
    steps.add(step("StatefulSet created", sts));
    steps.add(step("first pod ready", firstPod));
    steps.add(step("master elected", master));
    steps.add(step("all " + facts.instances() + " instances ready", all));
    return steps;
  }

  private static Map<String, Object> step(String label, boolean done) {
    return Map.of("label", label, "done", done);
  }

  /**
   * The roles the operator keeps for the cluster (system, manifest, prepared databases, pooler,
   * teams), worked out as the operator does, with the name of each one's credentials Secret. The
   * Secrets are not read: the UI needs no permission on them and shows no password.
   */
  private static List<Map<String, Object>> roles(Postgresql pg, OperatorConfig config) {
    ClusterNames names = ClusterNames.of(ClusterModel.of(pg, config));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ClusterRole role : ClusterRoles.of(pg, config).roles()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", role.name());
      row.put("origin", role.origin().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      row.put("flags", String.join(", ", role.flags()));
      row.put("secret", role.hasSecret() ? names.credentialSecret(role.name()) : "-");
      rows.add(row);
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> databases(Map<String, Object> spec) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (spec.get("databases") instanceof Map<?, ?> dbs) {
      ((Map<String, Object>) dbs)
          .forEach((db, owner) -> rows.add(Map.of("name", db, "owner", String.valueOf(owner))));
    }
    return rows;
  }

  private List<Map<String, Object>> services(String namespace, String nameLabel, String name) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Service s :
        client.services().inNamespace(namespace).withLabel(nameLabel, name).list().getItems()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", s.getMetadata().getName());
      row.put("type", s.getSpec().getType());
      row.put("clusterIP", s.getSpec().getClusterIP() == null ? "-" : s.getSpec().getClusterIP());
      row.put(
          "ports",
          String.join(
              ", ",
              s.getSpec().getPorts().stream().map(p -> String.valueOf(p.getPort())).toList()));
      rows.add(row);
    }
    rows.sort(Comparator.comparing(r -> (String) r.get("name")));
    return rows;
  }

  private List<Map<String, Object>> poolers(String namespace, String name) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String suffix : List.of("-pooler", "-pooler-repl")) {
      Deployment d =
          client.apps().deployments().inNamespace(namespace).withName(name + suffix).get();
      if (d != null) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", d.getMetadata().getName());
        row.put("role", suffix.endsWith("repl") ? "replica" : "master");
        int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int ready =
            d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0
                : d.getStatus().getReadyReplicas();
        row.put("ready", ready + "/" + want);
        rows.add(row);
      }
    }
    return rows;
  }

  private List<Map<String, Object>> volumes(String namespace, Map<String, String> selector) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PersistentVolumeClaim c :
        client
            .persistentVolumeClaims()
            .inNamespace(namespace)
            .withLabels(selector)
            .list()
            .getItems()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", c.getMetadata().getName());
      Quantity requested =
          c.getSpec().getResources() == null || c.getSpec().getResources().getRequests() == null
              ? null
              : c.getSpec().getResources().getRequests().get("storage");
      Quantity capacity =
          c.getStatus() == null || c.getStatus().getCapacity() == null
              ? null
              : c.getStatus().getCapacity().get("storage");
      row.put("requested", requested == null ? "-" : requested.toString());
      row.put("capacity", capacity == null ? "-" : capacity.toString());
      row.put("phase", c.getStatus() == null ? "-" : c.getStatus().getPhase());
      row.put(
          "storageClass",
          c.getSpec().getStorageClassName() == null ? "-" : c.getSpec().getStorageClassName());
      rows.add(row);
    }
    rows.sort(Comparator.comparing(r -> (String) r.get("name")));
    return rows;
  }

  /** The Events of the postgresql and of the objects named after it, newest last. */
  private List<Map<String, Object>> events(String namespace, String name) {
    List<Event> events = new ArrayList<>();
    for (Event e : client.v1().events().inNamespace(namespace).list().getItems()) {
      String on = e.getInvolvedObject() == null ? null : e.getInvolvedObject().getName();
      if (on != null && (on.equals(name) || on.startsWith(name + "-"))) {
        events.add(e);
      }
    }
    events.sort(Comparator.comparing(ClusterViews::time));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Event e : events.subList(Math.max(0, events.size() - 30), events.size())) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("time", time(e));
      row.put("type", e.getType());
      row.put("warning", "Warning".equals(e.getType()));
      row.put("object", e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName());
      row.put("reason", e.getReason());
      row.put("message", e.getMessage());
      rows.add(row);
    }
    return rows;
  }

  private static String time(Event e) {
    if (e.getLastTimestamp() != null) {
      return e.getLastTimestamp();
    }
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return e.getEventTime().getTime();
    }
    String created = e.getMetadata().getCreationTimestamp();
    return created == null ? "" : created;
  }

  private static String line(JsonNode l) {
    if (l.isTextual()) {
      return l.asText();
    }
    String time = l.path("Time").asText("");
    String level = l.path("Level").asText("");
    String message = l.path("Message").asText(l.toString());
    return (time + " " + level + " " + message).trim();
  }

  static int intValue(Object o, int fallback) {
    return o instanceof Number n ? n.intValue() : fallback;
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
