package io.tusk.images.spilo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spilo's merge of {@code SPILO_CONFIGURATION} over its template: dictionaries merge recursively,
 * the user's value wins for scalars unless it is null, and lists are replaced, not merged.
 *
 * <p>Mirrors {@code configure_spilo.py#deep_update}.
 */
final class DeepMerge {

  private DeepMerge() {}

  /** Merges {@code user} over {@code template}; returns a new map, inputs stay unchanged. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> user, Map<String, Object> template) {
    Map<String, Object> result = copy(template);
    for (Map.Entry<String, Object> e : user.entrySet()) {
      Object mine = e.getValue();
      Object theirs = result.get(e.getKey());
      if (mine instanceof Map && theirs instanceof Map) {
        result.put(e.getKey(), merge((Map<String, Object>) mine, (Map<String, Object>) theirs));
      } else if (mine != null) {
        result.put(e.getKey(), mine instanceof Map ? copy((Map<String, Object>) mine) : mine);
      } else if (!result.containsKey(e.getKey())) {
        result.put(e.getKey(), null);
      }
    }
    return result;
  }

  /** A deep copy of the nested maps (lists and scalars are shared; they are not mutated). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(Map<String, Object> source) {
    Map<String, Object> out = new LinkedHashMap<>();
    source.forEach((k, v) -> out.put(k, v instanceof Map ? copy((Map<String, Object>) v) : v));
    return out;
  }
}
