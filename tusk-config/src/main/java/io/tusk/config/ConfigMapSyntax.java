package io.tusk.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flat string syntax of the operator ConfigMap: lists {@code "a,b"} and maps {@code
 * "k:v,k2:v2"}.
 *
 * <p>Mirrors Zalando's {@code config/util.go#processField} and {@code #getMapPairsFromString}
 * (v2.0.1): map items are separated by commas outside single or double quotes, and an unmatched
 * quote is an error. Two deliberate differences: list items and map keys/values are trimmed
 * (Zalando keeps the blank in {@code "a, b"}), and a map value may itself contain ':' (Zalando
 * rejects {@code "k:a:b"}), because only the first ':' separates key from value.
 */
final class ConfigMapSyntax {

  private ConfigMapSyntax() {}

  /** Splits {@code "a,b , c"} into {@code [a, b, c]}; empty items are dropped. */
  static List<String> parseList(String raw) {
    List<String> items = new ArrayList<>();
    for (String item : raw.split(",", -1)) {
      String trimmed = item.trim();
      if (!trimmed.isEmpty()) {
        items.add(trimmed);
      }
    }
    return items;
  }

  /**
   * Parses {@code "k:v,k2:v2"} into an insertion-ordered map.
   *
   * @throws IllegalArgumentException for an unmatched quote or an item without ':'
   */
  static Map<String, String> parseMap(String raw) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String pair : splitPairs(raw)) {
      if (pair.isEmpty()) {
        continue;
      }
      int colon = pair.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "invalid map item '" + pair + "' (expected key:value[,key2:value2])");
      }
      result.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
    }
    return result;
  }

  /** Splits at commas that are not inside quotes, as Zalando's getMapPairsFromString does. */
  private static List<String> splitPairs(String value) {
    List<String> pairs = new ArrayList<>();
    char quote = 0;
    int quoteStart = 0;
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '"' || ch == '\'') {
        if (quote == 0) {
          quote = ch;
          quoteStart = i;
        } else if (quote == ch) {
          quote = 0;
        }
      } else if (ch == ',' && quote == 0) {
        pairs.add(value.substring(start, i).strip());
        start = i + 1;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException(
          "unmatched quote starting at position " + (quoteStart + 1) + " in '" + value + "'");
    }
    pairs.add(value.substring(start).strip());
    return pairs;
  }

  /** Formats a list the way it would be written in the ConfigMap. */
  static String formatList(List<String> items) {
    return String.join(",", items);
  }

  /** Formats a map the way it would be written in the ConfigMap. */
  static String formatMap(Map<String, String> map) {
    StringBuilder out = new StringBuilder();
    map.forEach(
        (k, v) -> {
          if (out.length() > 0) {
            out.append(',');
          }
          out.append(k).append(':').append(v);
        });
    return out.toString();
  }
}
