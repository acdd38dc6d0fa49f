package io.tusk.day2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parameters PostgreSQL applies only when the server starts (context {@code postmaster}), read
 * from {@code postmaster-parameters.txt}, which PostgreSQL itself printed. Previews use it to say
 * which members a change restarts; the operator acts on Patroni's {@code pending_restart}.
 */
public final class RestartParameters {

  private static final Set<String> POSTMASTER = load();

  private RestartParameters() {}

  public static boolean needsRestart(String parameter) {
    return POSTMASTER.contains(parameter);
  }

  private static Set<String> load() {
    try (InputStream in =
        RestartParameters.class.getResourceAsStream("postmaster-parameters.txt")) {
      if (in == null) {
        throw new IllegalStateException("postmaster-parameters.txt is missing from the classpath");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
