package io.tusk.config;

import java.util.List;

/**
 * The operator configuration cannot be used; {@link #problems()} lists every reason, each naming
 * the offending key (for example {@code "workers: not a number: 'abc'"}).
 *
 * <p>Replaces the {@code panic} in Zalando's {@code config.go#NewFromMap} and {@code #validate}
 * (v2.0.1), which stops the operator at the first problem without saying which key was wrong.
 */
public final class InvalidConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  /** Creates the exception from one or more problem descriptions. */
  public InvalidConfigurationException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, each starting with the key it concerns. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.size() == 1) {
      return "invalid operator configuration: " + problems.get(0);
    }
    return "invalid operator configuration ("
        + problems.size()
        + " problems):\n  - "
        + String.join("\n  - ", problems);
  }
}
