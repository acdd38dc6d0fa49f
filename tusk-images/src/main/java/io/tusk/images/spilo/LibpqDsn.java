package io.tusk.images.spilo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A libpq key/value connection string ({@code dbname=postgres user=postgres host=/run/postgresql
 * port=5432}), as Patroni passes it to {@code post_init}. Values may be single-quoted with
 * backslash escapes.
 */
record LibpqDsn(Map<String, String> values) {

  static LibpqDsn parse(String dsn) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = dsn.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(dsn.charAt(i))) {
        i++;
      }
      int keyStart = i;
      while (i < n && dsn.charAt(i) != '=' && !Character.isWhitespace(dsn.charAt(i))) {
        i++;
      }
      String key = dsn.substring(keyStart, i);
      while (i < n && Character.isWhitespace(dsn.charAt(i))) {
        i++;
      }
      if (key.isEmpty() || i >= n || dsn.charAt(i) != '=') {
        if (!key.isEmpty()) {
          throw new IllegalArgumentException(
              "missing '=' after \"" + key + "\" in connection string");
        }
        break;
      }
      i++;
      while (i < n && Character.isWhitespace(dsn.charAt(i))) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < n && dsn.charAt(i) == '\'') {
        i++;
        while (i < n && dsn.charAt(i) != '\'') {
          if (dsn.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          value.append(dsn.charAt(i++));
        }
        i++; // closing quote
      } else {
        while (i < n && !Character.isWhitespace(dsn.charAt(i))) {
          if (dsn.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          value.append(dsn.charAt(i++));
        }
      }
      out.put(key, value.toString());
    }
    return new LibpqDsn(Map.copyOf(out));
  }

  Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
  }

  /** The first host; a unix socket directory when it starts with a slash. */
  Optional<String> host() {
    return get("host").map(h -> h.split(",")[0]);
  }

  int port() {
    return get("port").map(p -> Integer.parseInt(p.split(",")[0])).orElse(5432);
  }

  String user() {
    return get("user").orElse(System.getProperty("user.name"));
  }

  String dbname() {
    return get("dbname").orElse(user());
  }
}
