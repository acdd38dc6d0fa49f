package io.tusk.images.spilo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads passwords from a libpq password file ({@code hostname:port:database:username:password},
 * {@code *} wildcards, {@code \:} and {@code \\} escapes). Patroni writes one for its {@code
 * post_init} command and passes it as {@code PGPASSFILE}.
 */
final class PgPassFile {

  private PgPassFile() {}

  /**
   * The password for a user, port and database. The host field is not compared: Patroni writes the
   * unix socket directory there, while {@link PostBootstrap} reaches the same server over loopback
   * TCP.
   */
  static Optional<String> password(Path file, int port, String database, String user) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return Optional.empty();
    }
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> f = fields(line);
      if (f.size() < 5) {
        continue;
      }
      if (matches(f.get(1), String.valueOf(port))
          && matches(f.get(2), database)
          && matches(f.get(3), user)) {
        return Optional.of(f.get(4));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(String pattern, String value) {
    return pattern.equals("*") || pattern.equals(value);
  }

  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (c == ':' && out.size() < 4) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
