package io.tusk.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.operator.sync.StatefulSetSync;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the API server holds for some clusters at one moment: every object the operator wrote for
 * them (the {@code postgresql} resource itself, StatefulSet, Services, the Endpoints it created,
 * Secrets, PodDisruptionBudgets, the namespace's pod ServiceAccount and RoleBinding) with its
 * resourceVersion and content, the pods with their annotations, and the operator's Events. {@link
 * #writesSince} names every difference to an earlier snapshot, with the JSON paths that changed and
 * the field managers of the object, so that a failing test says which field was written and by
 * whom.
 */
final class ObjectSnapshot {
  private static final String POD_SERVICE_ACCOUNT = "postgres-pod";

  private record Entry(
      String resourceVersion, JsonNode content, JsonNode status, String managers) {}

  private final Map<String, Entry> objects;
  private final Map<String, String> pods;
  private final Map<String, String> events;

  private ObjectSnapshot(
      Map<String, Entry> objects, Map<String, String> pods, Map<String, String> events) {
    this.objects = objects;
    this.pods = pods;
    this.events = events;
  }

  static ObjectSnapshot take(KubernetesClient client, List<String> clusters) {
    Map<String, Entry> objects = new TreeMap<>();
    Map<String, String> pods = new TreeMap<>();
    for (String name : clusters) {
      Map<String, String> selector = Map.of("cluster-name", name);
      List<HasMetadata> owned = new ArrayList<>();
      owned.add(client.resources(Postgresql.class).withName(name).get());
      owned.addAll(client.apps().statefulSets().withLabels(selector).list().getItems());
      owned.addAll(client.services().withLabels(selector).list().getItems());
      // The replica Service's Endpoints belong to the endpoints controller; the operator creates
      // only the master's (endpoints mode), which Patroni would keep as its leader lock.
      owned.addAll(
          client.endpoints().withLabels(selector).list().getItems().stream()
              .filter(e -> e.getMetadata().getName().equals(name))
              .toList());
      owned.addAll(client.secrets().withLabels(selector).list().getItems());
      owned.addAll(
          client.policy().v1().podDisruptionBudget().withLabels(selector).list().getItems());
      for (HasMetadata o : owned) {
        objects.put(key(o), entry(client, o));
      }
      for (Pod p : client.pods().withLabels(selector).list().getItems()) {
        pods.put(
            p.getMetadata().getName(),
            p.getMetadata().getUid()
                + " annotations "
                + new TreeMap<>(
                    Objects.requireNonNullElse(p.getMetadata().getAnnotations(), Map.of())));
      }
    }
    for (HasMetadata o :
        Stream.<HasMetadata>of(
                client.serviceAccounts().withName(POD_SERVICE_ACCOUNT).get(),
                client.rbac().roleBindings().withName(POD_SERVICE_ACCOUNT).get())
            .filter(Objects::nonNull)
            .toList()) {
      objects.put(key(o), entry(client, o));
    }
    return new ObjectSnapshot(objects, pods, operatorEvents(client));
  }

  /** The operator's Events in the client's namespace: name to reason, count and message. */
  static Map<String, String> operatorEvents(KubernetesClient client) {
    Map<String, String> events = new TreeMap<>();
    for (Event e : client.v1().events().list().getItems()) {
      String component = e.getSource() == null ? null : e.getSource().getComponent();
      if ("tusk".equals(component) || "tusk".equals(e.getReportingComponent())) {
        events.put(
            e.getMetadata().getName(),
            e.getInvolvedObject().getName()
                + " "
                + e.getType()
                + " "
                + e.getReason()
                + " x"
                + e.getCount()
                + ": "
                + e.getMessage());
      }
    }
    return events;
  }

  /** Names of the pods carrying Zalando's rolling-update flag. */
  static List<String> flaggedPods(KubernetesClient client, List<String> clusters) {
    return clusters.stream()
        .flatMap(
            c -> client.pods().withLabels(Map.of("cluster-name", c)).list().getItems().stream())
        .filter(
            p ->
                p.getMetadata().getAnnotations() != null
                    && p.getMetadata()
                        .getAnnotations()
                        .containsKey(StatefulSetSync.ROLLING_UPDATE_ANNOTATION))
        .map(p -> p.getMetadata().getName())
        .toList();
  }

  /** How many objects the snapshot holds (a test checks it saw what it expects to compare). */
  int objectCount() {
    return objects.size();
  }

  Set<String> objectKeys() {
    return objects.keySet();
  }

  int podCount() {
    return pods.size();
  }

  /**
   * Every write between {@code before} and this snapshot: objects created, deleted or changed
   * (resourceVersion), pods replaced or re-annotated, Events created or repeated. A StatefulSet
   * whose status alone changed is not the operator's write (the StatefulSet controller keeps it).
   */
  List<String> writesSince(ObjectSnapshot before) {
    List<String> writes = new ArrayList<>();
    Set<String> keys = new TreeSet<>(before.objects.keySet());
    keys.addAll(objects.keySet());
    for (String k : keys) {
      Entry was = before.objects.get(k);
      Entry is = objects.get(k);
      if (was == null) {
        writes.add(k + " was created (managers " + is.managers() + ")");
      } else if (is == null) {
        writes.add(k + " was deleted");
      } else if (!was.resourceVersion().equals(is.resourceVersion())) {
        List<String> paths = new ArrayList<>();
        // A Secret's values are passwords: its paths are named, its values never shown.
        boolean show = !k.startsWith("Secret/");
        difference(was.content(), is.content(), "", show, paths);
        boolean statusOnly = paths.isEmpty();
        if (statusOnly && k.startsWith("StatefulSet/")) {
          continue;
        }
        if (statusOnly) {
          difference(was.status(), is.status(), ".status", show, paths);
        }
        writes.add(
            k
                + " was written (resourceVersion "
                + was.resourceVersion()
                + " -> "
                + is.resourceVersion()
                + ", changed "
                + (paths.isEmpty() ? "nothing visible" : paths)
                + "; managers now "
                + is.managers()
                + ")");
      }
    }
    mapChanges("pod", before.pods, pods, writes);
    mapChanges("Event", before.events, events, writes);
    return writes;
  }

  private static void mapChanges(
      String what, Map<String, String> was, Map<String, String> is, List<String> out) {
    Set<String> keys = new TreeSet<>(was.keySet());
    keys.addAll(is.keySet());
    for (String k : keys) {
      if (!Objects.equals(was.get(k), is.get(k))) {
        out.add(what + " " + k + ": " + was.get(k) + " -> " + is.get(k));
      }
    }
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }

  private static Entry entry(KubernetesClient client, HasMetadata o) {
    ObjectNode node = client.getKubernetesSerialization().convertValue(o, ObjectNode.class);
    JsonNode status = node.remove("status");
    ObjectNode meta = (ObjectNode) node.get("metadata");
    meta.remove("resourceVersion");
    meta.remove("managedFields");
    List<ManagedFieldsEntry> managed =
        Objects.requireNonNullElse(o.getMetadata().getManagedFields(), List.of());
    String managers =
        managed.stream()
            .map(
                m ->
                    m.getManager()
                        + "/"
                        + m.getOperation()
                        + (m.getSubresource() == null || m.getSubresource().isEmpty()
                            ? ""
                            : "(" + m.getSubresource() + ")")
                        + "@"
                        + m.getTime())
            .collect(Collectors.joining(", ", "[", "]"));
    return new Entry(o.getMetadata().getResourceVersion(), node, status, managers);
  }

  /**
   * Adds the JSON paths where {@code a} and {@code b} differ (at most 10), with the values if
   * {@code show}.
   */
  private static void difference(
      JsonNode a, JsonNode b, String path, boolean show, List<String> out) {
    if (out.size() >= 10 || Objects.equals(a, b)) {
      return;
    }
    if (a != null && b != null && a.isObject() && b.isObject()) {
      Set<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        difference(a.get(n), b.get(n), path + "." + n, show, out);
      }
    } else if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
      Iterator<JsonNode> ia = a.elements();
      Iterator<JsonNode> ib = b.elements();
      for (int i = 0; ia.hasNext(); i++) {
        difference(ia.next(), ib.next(), path + "[" + i + "]", show, out);
      }
    } else {
      out.add(show ? path + " (" + abbreviate(a) + " -> " + abbreviate(b) + ")" : path);
    }
  }

  private static String abbreviate(JsonNode n) {
    if (n == null) {
      return "absent";
    }
    String s = n.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
