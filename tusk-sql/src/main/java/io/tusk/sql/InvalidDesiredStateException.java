package io.tusk.sql;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The wanted roles and databases are invalid; nothing was applied. The message lists every problem,
 * each naming its role or database.
 */
public final class InvalidDesiredStateException extends RuntimeException {

  private final List<Problem> problems;

  public InvalidDesiredStateException(List<Problem> problems) {
    super(
        "invalid roles/databases, nothing applied: "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
