package io.tusk.ui.form;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The new-cluster form as Zalando's UI has it (name with the team's prefix, namespace, team,
 * PostgreSQL version, instances, volume, connection poolers, users, databases with owners,
 * resources, allowed source ranges), turned into a {@code postgresql} manifest. Pure: the same
 * fields give the same manifest; the form's problems are reported, not thrown.
 *
 * <p>Users are one per line, {@code name: flag, flag} (flags such as {@code superuser}, {@code
 * createdb}); databases one per line, {@code name: owner}.
 */
public record ClusterForm(
    String team,
    String name,
    String namespace,
    String version,
    int instances,
    String volumeSize,
    String storageClass,
    boolean masterPooler,
    boolean replicaPooler,
    String users,
    String databases,
    String cpuRequest,
    String memoryRequest,
    String cpuLimit,
    String memoryLimit,
    String allowedSourceRanges) {

  /** Kubernetes allows 63 characters in a label value; Zalando's UI limits the name to 53. */
  public static final int MAX_NAME = 53;

  /** The form as first shown. */
  public static ClusterForm defaults(String namespace, String team, String version) {
    return new ClusterForm(
        team, "", namespace, version, 2, "1Gi", "", false, false, "", "", "100m", "100Mi", "500m",
        "500Mi", "");
  }

  /** The form from posted fields; missing fields take the defaults, numbers that do not parse 0. */
  public static ClusterForm of(Map<String, String> f) {
    return new ClusterForm(
        text(f, "team"),
        text(f, "name"),
        text(f, "namespace"),
        text(f, "version"),
        number(f.get("instances")),
        text(f, "volumeSize"),
        text(f, "storageClass"),
        checked(f, "masterPooler"),
        checked(f, "replicaPooler"),
        f.getOrDefault("users", ""),
        f.getOrDefault("databases", ""),
        text(f, "cpuRequest"),
        text(f, "memoryRequest"),
        text(f, "cpuLimit"),
        text(f, "memoryLimit"),
        text(f, "allowedSourceRanges"));
  }

  /** The cluster's name: the team's prefix and the name given (Zalando's naming rule). */
  public String clusterName() {
    if (team.isEmpty() || name.startsWith(team + "-")) {
      return name;
    }
    return team + "-" + name;
  }

  /** What is wrong with the form before the manifest is even checked; empty when nothing. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (team.isEmpty()) {
      p.add("team: is required");
    }
    if (name.isEmpty()) {
      p.add("name: is required");
    } else if (!clusterName().matches("[a-z]([-a-z0-9]*[a-z0-9])?")) {
      p.add("name: lowercase letters, digits and '-', starting with a letter");
    } else if (clusterName().length() > MAX_NAME) {
      p.add("name: at most " + MAX_NAME + " characters with the team prefix");
    }
    if (namespace.isEmpty()) {
      p.add("namespace: is required");
    } else if (!namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || namespace.length() > 63) {
      p.add("namespace: not a valid namespace name");
    }
    if (instances < 1) {
      p.add("instances: at least 1");
    }
    p.addAll(Lines.problems("users", users, true));
    p.addAll(Lines.problems("databases", databases, false));
    return p;
  }

  /** The manifest, as a tree in Zalando's field order. */
  public Map<String, Object> manifest() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("teamId", team);
    Map<String, Object> postgresql = new LinkedHashMap<>();
    postgresql.put("version", version);
    spec.put("postgresql", postgresql);
    spec.put("numberOfInstances", instances);
    Map<String, Object> volume = new LinkedHashMap<>();
    volume.put("size", volumeSize);
    if (!storageClass.isEmpty()) {
      volume.put("storageClass", storageClass);
    }
    spec.put("volume", volume);
    Map<String, Object> u = Lines.users(users);
    if (!u.isEmpty()) {
      spec.put("users", u);
    }
    Map<String, Object> d = Lines.databases(databases);
    if (!d.isEmpty()) {
      spec.put("databases", d);
    }
    if (masterPooler) {
      spec.put("enableConnectionPooler", true);
    }
    if (replicaPooler) {
      spec.put("enableReplicaConnectionPooler", true);
    }
    Map<String, Object> resources = Resources.of(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
    if (!resources.isEmpty()) {
      spec.put("resources", resources);
    }
    List<String> ranges = Lines.list(allowedSourceRanges);
    if (!ranges.isEmpty()) {
      spec.put("allowedSourceRanges", ranges);
    }
    return Manifests.of(namespace, clusterName(), spec);
  }

  static String text(Map<String, String> f, String key) {
    String v = f.get(key);
    return v == null ? "" : v.trim();
  }

  static boolean checked(Map<String, String> f, String key) {
    String v = f.get(key);
    return v != null && (v.equals("on") || v.equals("true"));
  }

  /** A whole number from a field; -1 for an empty field or anything else. */
  static int number(String v) {
    try {
      return v == null ? -1 : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
