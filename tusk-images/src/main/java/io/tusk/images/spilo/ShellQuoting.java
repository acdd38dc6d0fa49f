package io.tusk.images.spilo;

import java.util.List;
import java.util.stream.Collectors;

/**
 * POSIX shell quoting for commands Patroni splits with Python's {@code shlex.split} (its {@code
 * post_init} and callback commands).
 */
final class ShellQuoting {

  private ShellQuoting() {}

  static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  static String join(List<String> words) {
    return words.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
  }
}
