package io.tusk.images.spilo;

import io.tusk.images.ExternalCommand;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The C library locales of this machine ({@code locale -a}), compared the way glibc does ({@code
 * en_US.UTF-8} and {@code en_US.utf8} are the same locale). initdb fails on a locale the machine
 * lacks, and Spilo images bring {@code en_US.UTF-8} that a plain Debian does not have.
 */
public final class Locales {

  private static volatile Set<String> cached;

  private Locales() {}

  /** Normalized names of the installed locales ({@code c.utf8}, {@code posix}, ...). */
  public static Set<String> available() {
    Set<String> result = cached;
    if (result == null) {
      Set<String> names = new TreeSet<>(List.of("c", "posix", "c.utf8"));
      ExternalCommand.Result r =
          ExternalCommand.run(List.of("locale", "-a"), Duration.ofSeconds(10));
      if (r.ok()) {
        r.output().lines().map(Locales::normalize).forEach(names::add);
      }
      result = Set.copyOf(names);
      cached = result;
    }
    return result;
  }

  /** glibc's normalization: lower-case codeset without dashes ({@code UTF-8} to {@code utf8}). */
  public static String normalize(String locale) {
    String l = locale.strip();
    int dot = l.indexOf('.');
    if (dot < 0) {
      return l.toLowerCase(Locale.ROOT);
    }
    int at = l.indexOf('@', dot);
    String codeset = (at < 0 ? l.substring(dot + 1) : l.substring(dot + 1, at));
    return (l.substring(0, dot)
            + "."
            + codeset.toLowerCase(Locale.ROOT).replace("-", "")
            + (at < 0 ? "" : l.substring(at)))
        .toLowerCase(Locale.ROOT);
  }
}
