package io.tusk.sql.plan;

import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.statement.Statement;
import java.util.List;
import java.util.Objects;

/**
 * One unit of work: statements about one subject, run in one database, in one transaction unless
 * {@code transactional} is false (CREATE/DROP DATABASE cannot run inside a transaction). When a
 * change fails, later changes of the same subject are skipped.
 *
 * @param database where to run; null means the maintenance database of the connection target
 * @param effects reported when the change succeeds
 * @param retryable a failure may be an ordering problem (a group role created later) worth one more
 *     pass, as Zalando's {@code ExecuteSyncRequests} retries while failures shrink
 */
public record Change(
    Subject subject,
    String database,
    boolean transactional,
    List<Statement> statements,
    List<Effect> effects,
    boolean retryable) {

  public Change {
    Objects.requireNonNull(subject, "subject");
    statements = List.copyOf(statements);
    effects = List.copyOf(effects);
  }

  /** A transactional change in the maintenance database. */
  public static Change inTransaction(Subject subject, List<Statement> statements, Effect effect) {
    return new Change(subject, null, true, statements, List.of(effect), true);
  }

  @Override
  public String toString() {
    return subject + " " + statements;
  }
}
