package io.tusk.ui.form;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code postgresql} manifest around a spec, in the order users write it. */
public final class Manifests {
  public static final String API_VERSION = "acid.zalan.do/v1";
  public static final String KIND = "postgresql";

  private Manifests() {}

  public static Map<String, Object> of(String namespace, String name, Map<String, Object> spec) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", API_VERSION);
    m.put("kind", KIND);
    m.put("metadata", metadata);
    m.put("spec", spec);
    return m;
  }
}
