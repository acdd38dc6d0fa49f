package io.tusk.ui.form;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clone form: a new cluster with the source's spec and Zalando's {@code clone} section. Without
 * a timestamp the clone copies the running source ({@code pg_basebackup}); with one it is a
 * point-in-time recovery from the source's WAL archive, for which the source's {@code uid} is
 * given, as Zalando's UI does. Sections that describe the source's own place ({@code clone}, {@code
 * standby}) are not copied.
 */
public record CloneForm(String name, String timestamp) {

  public static CloneForm parse(Map<String, String> f) {
    return new CloneForm(ClusterForm.text(f, "name"), ClusterForm.text(f, "timestamp"));
  }

  public List<String> problems(String team) {
    List<String> p = new ArrayList<>();
    if (name.isEmpty()) {
      p.add("name: is required");
    } else if (!name.matches("[a-z]([-a-z0-9]*[a-z0-9])?")) {
      p.add("name: lowercase letters, digits and '-', starting with a letter");
    } else if (team != null && !team.isEmpty() && !name.startsWith(team + "-")) {
      p.add("name: must start with the team's prefix '" + team + "-'");
    }
    if (!timestamp.isEmpty()) {
      try {
        OffsetDateTime.parse(timestamp);
      } catch (DateTimeParseException e) {
        p.add("timestamp: an RFC 3339 time with its offset, e.g. 2026-12-07T10:15:00+00:00");
      }
    }
    return p;
  }

  /** The clone's manifest from the source's namespace, name, uid and spec. */
  public Map<String, Object> manifest(
      String namespace, String source, String sourceUid, Map<String, Object> sourceSpec) {
    Map<String, Object> spec = new LinkedHashMap<>(sourceSpec);
    spec.remove("clone");
    spec.remove("standby");
    Map<String, Object> clone = new LinkedHashMap<>();
    clone.put("cluster", source);
    if (!timestamp.isEmpty()) {
      clone.put("uid", sourceUid);
      clone.put("timestamp", timestamp);
    }
    spec.put("clone", clone);
    return Manifests.of(namespace, name, spec);
  }
}
