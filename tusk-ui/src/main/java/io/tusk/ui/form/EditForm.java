package io.tusk.ui.form;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edit form: the fields Zalando's UI lets a user change on a running cluster (instances,
 * PostgreSQL version, volume size, connection poolers, users, databases, resources), applied to the
 * cluster's current {@code spec}. Every other field of the spec is kept exactly as it is. Pure: the
 * spec given is not changed.
 */
public record EditForm(
    int instances,
    String version,
    String volumeSize,
    boolean masterPooler,
    boolean replicaPooler,
    String users,
    String databases,
    String cpuRequest,
    String memoryRequest,
    String cpuLimit,
    String memoryLimit) {

  /** The form filled from a cluster's spec. */
  @SuppressWarnings("unchecked")
  public static EditForm of(Map<String, Object> spec) {
    Map<String, Object> pg = map(spec.get("postgresql"));
    Map<String, Object> volume = map(spec.get("volume"));
    Object n = spec.get("numberOfInstances");
    return new EditForm(
        n instanceof Number num ? num.intValue() : 1,
        pg.get("version") == null ? "" : String.valueOf(pg.get("version")),
        volume.get("size") == null ? "" : String.valueOf(volume.get("size")),
        Boolean.TRUE.equals(spec.get("enableConnectionPooler")),
        Boolean.TRUE.equals(spec.get("enableReplicaConnectionPooler")),
        Lines.text(map(spec.get("users")), true),
        Lines.text(map(spec.get("databases")), false),
        Resources.get(spec, "requests", "cpu"),
        Resources.get(spec, "requests", "memory"),
        Resources.get(spec, "limits", "cpu"),
        Resources.get(spec, "limits", "memory"));
  }

  /** The form from posted fields. */
  public static EditForm parse(Map<String, String> f) {
    return new EditForm(
        ClusterForm.number(f.get("instances")),
        ClusterForm.text(f, "version"),
        ClusterForm.text(f, "volumeSize"),
        ClusterForm.checked(f, "masterPooler"),
        ClusterForm.checked(f, "replicaPooler"),
        f.getOrDefault("users", ""),
        f.getOrDefault("databases", ""),
        ClusterForm.text(f, "cpuRequest"),
        ClusterForm.text(f, "memoryRequest"),
        ClusterForm.text(f, "cpuLimit"),
        ClusterForm.text(f, "memoryLimit"));
  }

  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (instances < 0) {
      p.add("instances: a whole number, 0 or more (0 stops the cluster)");
    }
    if (version.isEmpty()) {
      p.add("version: is required");
    }
    if (volumeSize.isEmpty()) {
      p.add("volumeSize: is required");
    }
    p.addAll(Lines.problems("users", users, true));
    p.addAll(Lines.problems("databases", databases, false));
    return p;
  }

  /** The spec with this form's fields applied; fields the form does not show stay as they were. */
  public Map<String, Object> applyTo(Map<String, Object> spec) {
    Map<String, Object> s = new LinkedHashMap<>(spec);
    s.put("numberOfInstances", instances);
    Map<String, Object> pg = new LinkedHashMap<>(map(s.get("postgresql")));
    pg.put("version", version);
    s.put("postgresql", pg);
    Map<String, Object> volume = new LinkedHashMap<>(map(s.get("volume")));
    volume.put("size", volumeSize);
    s.put("volume", volume);
    toggle(s, "enableConnectionPooler", masterPooler);
    toggle(s, "enableReplicaConnectionPooler", replicaPooler);
    putOrRemove(s, "users", Lines.users(users));
    putOrRemove(s, "databases", Lines.databases(databases));
    Map<String, Object> resources = new LinkedHashMap<>(map(s.get("resources")));
    Map<String, Object> requests = new LinkedHashMap<>(map(resources.get("requests")));
    Map<String, Object> limits = new LinkedHashMap<>(map(resources.get("limits")));
    putOrRemove(requests, "cpu", cpuRequest);
    putOrRemove(requests, "memory", memoryRequest);
    putOrRemove(limits, "cpu", cpuLimit);
    putOrRemove(limits, "memory", memoryLimit);
    putOrRemove(resources, "requests", requests);
    putOrRemove(resources, "limits", limits);
    putOrRemove(s, "resources", resources);
    return s;
  }

  /** A pooler switch: set when on, left out (rather than written false) when it was not set. */
  private static void toggle(Map<String, Object> s, String key, boolean on) {
    if (on) {
      s.put(key, true);
    } else if (s.containsKey(key)) {
      s.put(key, false);
    }
  }

  private static void putOrRemove(Map<String, Object> m, String key, Object value) {
    boolean empty =
        value == null
            || (value instanceof String str && str.isEmpty())
            || (value instanceof Map<?, ?> map && map.isEmpty());
    if (empty) {
      m.remove(key);
    } else {
      m.put(key, value);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
