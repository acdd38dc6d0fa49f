package io.tusk.ui.form;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code resources} of a manifest from the forms' four fields; empty fields are left out. */
final class Resources {
  private Resources() {}

  static Map<String, Object> of(
      String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    Map<String, Object> requests = pair(cpuRequest, memoryRequest);
    Map<String, Object> limits = pair(cpuLimit, memoryLimit);
    Map<String, Object> r = new LinkedHashMap<>();
    if (!requests.isEmpty()) {
      r.put("requests", requests);
    }
    if (!limits.isEmpty()) {
      r.put("limits", limits);
    }
    return r;
  }

  private static Map<String, Object> pair(String cpu, String memory) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (cpu != null && !cpu.isEmpty()) {
      m.put("cpu", cpu);
    }
    if (memory != null && !memory.isEmpty()) {
      m.put("memory", memory);
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  static String get(Map<String, Object> spec, String kind, String what) {
    if (spec.get("resources") instanceof Map<?, ?> r && r.get(kind) instanceof Map<?, ?> m) {
      Object v = ((Map<String, Object>) m).get(what);
      return v == null ? "" : String.valueOf(v);
    }
    return "";
  }
}
