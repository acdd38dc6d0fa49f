package io.tusk.local.kubelet;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request to the kubelet API, parsed from its path and query (pure).
 *
 * @param kind what is asked for
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param container the container (empty for port-forward)
 * @param query the query parameters, each with all its values in order
 */
public record KubeletRequest(
    Kind kind, String namespace, String pod, String container, Map<String, List<String>> query) {

  /** The served endpoints. */
  public enum Kind {
    CONTAINER_LOGS("containerLogs", 3),
    EXEC("exec", 3),
    PORT_FORWARD("portForward", 2);

    final String prefix;
    final int segments;

    Kind(String prefix, int segments) {
      this.prefix = prefix;
      this.segments = segments;
    }
  }

  /** Parses {@code uri} (path and query); null when it names no served endpoint. */
  public static KubeletRequest parse(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    String[] parts = path.split("/", -1);
    if (parts.length < 2 || !parts[0].isEmpty()) {
      return null;
    }
    for (Kind k : Kind.values()) {
      if (!k.prefix.equals(parts[1])) {
        continue;
      }
      // exec also has a form with the pod's uid before the container: /exec/ns/pod/uid/container
      int n = parts.length - 2;
      if (n != k.segments && !(k == Kind.EXEC && n == 4) && !(k == Kind.PORT_FORWARD && n == 3)) {
        return null;
      }
      for (int i = 2; i < parts.length; i++) {
        if (parts[i].isEmpty()) {
          return null;
        }
      }
      String container = k == Kind.PORT_FORWARD ? "" : decode(parts[parts.length - 1]);
      return new KubeletRequest(
          k,
          decode(parts[2]),
          decode(parts[3]),
          container,
          query(q < 0 ? "" : uri.substring(q + 1)));
    }
    return null;
  }

  /** The first value of {@code name}, or null. */
  public String first(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** A kubelet's reading of a boolean parameter: {@code 1} or {@code true}. */
  public boolean flag(String name) {
    String v = first(name);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  /** All values of {@code name}. */
  public List<String> all(String name) {
    return query.getOrDefault(name, List.of());
  }

  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
