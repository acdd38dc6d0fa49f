package io.tusk.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A manifest as the pages show it: credentials a spec may carry in plain text ({@code clone} and
 * {@code standby} S3 keys, {@code env} values named like passwords, tokens or keys) are masked.
 * Only for display: what the UI writes keeps the values.
 */
final class Redaction {
  static final String MASK = "******";
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|secret|token|access_key|private_key|credential).*");

  private Redaction() {}

  @SuppressWarnings("unchecked")
  static <T> T forDisplay(T tree) {
    return (T) copy(tree);
  }

  private static Object copy(Object o) {
    if (o instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      Object envName = map.get("name");
      boolean secretEnv =
          map.containsKey("value")
              && envName instanceof String n
              && SECRET_NAME.matcher(n).matches();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        Object value = e.getValue();
        boolean scalar = value != null && !(value instanceof Map) && !(value instanceof List);
        if (scalar && (SECRET_NAME.matcher(key).matches() || (secretEnv && key.equals("value")))) {
          out.put(key, MASK);
        } else {
          out.put(key, copy(value));
        }
      }
      return out;
    }
    if (o instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(copy(item)));
      return out;
    }
    return o;
  }
}
