package io.tusk.sql.plan;

import io.tusk.sql.statement.Quoting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Role settings ({@code ALTER ROLE ... SET name TO value}): how a manifest value is sent, and
 * whether the value PostgreSQL stored in {@code pg_db_role_setting} already is the wanted one.
 *
 * <p>Manifest values follow Zalando's {@code users.go#quoteParameterValue} (v2.0.1): a value in
 * single or double quotes is taken without them, others are trimmed; {@code search_path} is a
 * comma-separated list whose elements may be double-quoted. Tusk always sends values as string
 * literals, never as raw SQL. PostgreSQL stores list settings (those with {@code GUC_LIST_QUOTE})
 * with each element re-quoted as an identifier ({@code "$user", data}), so list values are compared
 * element by element; Zalando compares the texts, which differ, and re-sets {@code search_path} on
 * every sync.
 */
public final class ParameterValues {

  /** Settings PostgreSQL treats as quoted lists ({@code GUC_LIST_QUOTE}). */
  private static final Set<String> LIST_SETTINGS =
      Set.of(
          "search_path",
          "temp_tablespaces",
          "session_preload_libraries",
          "shared_preload_libraries",
          "local_preload_libraries");

  private ParameterValues() {}

  /** True if the setting is a quoted list. */
  public static boolean isList(String name) {
    return LIST_SETTINGS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The SQL after {@code TO}: one literal, or a comma-separated list of literals. */
  public static String render(String name, String manifestValue) {
    if (isList(name)) {
      return parseManifestList(manifestValue).stream()
          .map(Quoting::literal)
          .collect(Collectors.joining(", "));
    }
    return Quoting.literal(normalizeScalar(manifestValue));
  }

  /**
   * True if the stored settings are exactly the wanted ones (names compared case-insensitively,
   * values as described in the class comment).
   */
  public static boolean equivalent(Map<String, String> stored, Map<String, String> wanted) {
    Map<String, String> s = lowerKeys(stored);
    Map<String, String> w = lowerKeys(wanted);
    if (!s.keySet().equals(w.keySet())) {
      return false;
    }
    for (Map.Entry<String, String> e : w.entrySet()) {
      String storedValue = s.get(e.getKey());
      if (isList(e.getKey())) {
        if (!parseStoredList(storedValue).equals(parseManifestList(e.getValue()))) {
          return false;
        }
      } else if (!Objects.equals(storedValue, normalizeScalar(e.getValue()))) {
        return false;
      }
    }
    return true;
  }

  /** A manifest scalar without its surrounding quotes, or trimmed. */
  static String normalizeScalar(String value) {
    String v = value;
    if (v.length() >= 2) {
      char first = v.charAt(0);
      char last = v.charAt(v.length() - 1);
      if ((first == '\'' && last == '\'') || (first == '"' && last == '"')) {
        String inner = v.substring(1, v.length() - 1);
        return inner.replace(String.valueOf(first) + first, String.valueOf(first));
      }
    }
    return v.trim();
  }

  /**
   * A manifest list: surrounding single quotes removed (the YAML-quoting Zalando strips), then
   * comma-separated elements; a double-quoted element keeps its case, a bare one is folded to lower
   * case as the SQL parser would.
   */
  static List<String> parseManifestList(String value) {
    String v = value.trim();
    if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
      v = v.substring(1, v.length() - 1);
    }
    return splitList(v, true);
  }

  /** A stored list ({@code "$user", data}) into its elements. */
  static List<String> parseStoredList(String value) {
    if (value == null) {
      return null;
    }
    return splitList(value, false);
  }

  private static List<String> splitList(String v, boolean foldBare) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = v.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(v.charAt(i))) {
        i++;
      }
      StringBuilder element = new StringBuilder();
      if (i < n && v.charAt(i) == '"') {
        i++;
        while (i < n) {
          char c = v.charAt(i);
          if (c == '"') {
            if (i + 1 < n && v.charAt(i + 1) == '"') {
              element.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          element.append(c);
          i++;
        }
        while (i < n && v.charAt(i) != ',') {
          i++;
        }
        out.add(element.toString());
      } else {
        while (i < n && v.charAt(i) != ',') {
          element.append(v.charAt(i));
          i++;
        }
        String bare = element.toString().trim();
        if (!bare.isEmpty()) {
          out.add(foldBare ? bare.toLowerCase(Locale.ROOT) : bare);
        }
      }
      i++; // skip the comma
    }
    return out;
  }

  private static Map<String, String> lowerKeys(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    return out;
  }
}
