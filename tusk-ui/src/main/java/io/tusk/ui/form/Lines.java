package io.tusk.ui.form;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forms' multi-line fields: users ({@code name: flag, flag}) and databases ({@code name:
 * owner}).
 */
final class Lines {
  private static final String IDENTIFIER = "[a-z_][a-z0-9_.-]*";

  private Lines() {}

  static Map<String, Object> users(String text) {
    Map<String, Object> users = new LinkedHashMap<>();
    for (String line : lines(text)) {
      int colon = line.indexOf(':');
      String name = (colon < 0 ? line : line.substring(0, colon)).trim();
      List<String> flags = new ArrayList<>();
      if (colon >= 0) {
        for (String flag : line.substring(colon + 1).split(",")) {
          if (!flag.isBlank()) {
            flags.add(flag.trim().toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
      users.put(name, flags);
    }
    return users;
  }

  static Map<String, Object> databases(String text) {
    Map<String, Object> dbs = new LinkedHashMap<>();
    for (String line : lines(text)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        // A line without an owner is one of the form's problems, not part of the manifest.
        dbs.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return dbs;
  }

  /** The text of {@code users} or {@code databases} for a manifest's map. */
  @SuppressWarnings("unchecked")
  static String text(Map<String, Object> map, boolean users) {
    StringBuilder b = new StringBuilder();
    if (map != null) {
      map.forEach(
          (k, v) -> {
            b.append(k);
            if (users) {
              List<Object> flags = v instanceof List<?> l ? (List<Object>) l : List.of();
              if (!flags.isEmpty()) {
                b.append(": ")
                    .append(String.join(", ", flags.stream().map(String::valueOf).toList()));
              }
            } else {
              b.append(": ").append(v);
            }
            b.append('\n');
          });
    }
    return b.toString();
  }

  static List<String> problems(String field, String text, boolean users) {
    List<String> p = new ArrayList<>();
    for (String line : lines(text)) {
      int colon = line.indexOf(':');
      String name = (colon < 0 ? line : line.substring(0, colon)).trim();
      if (!name.matches(IDENTIFIER)) {
        p.add(field + ": '" + name + "' is not a valid name");
      } else if (!users && (colon < 0 || line.substring(colon + 1).isBlank())) {
        p.add(field + ": '" + name + "' needs an owner (name: owner)");
      }
    }
    return p;
  }

  static List<String> list(String text) {
    List<String> items = new ArrayList<>();
    for (String line : lines(text.replace(',', '\n'))) {
      items.add(line);
    }
    return items;
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (!line.isBlank()) {
        out.add(line.trim());
      }
    }
    return out;
  }
}
