package io.tusk.pooler;

/**
 * Whether the whole pooler is paused. PgBouncer 1.19 and later say it ({@code SHOW STATE}); 1.18
 * does not, and there the client can only tell that the pooler is paused or suspended.
 */
public enum PauseMode {
  /** Serving queries. */
  RUNNING,
  /** {@code PAUSE} was given (and possibly not yet complete): queries wait until {@code RESUME}. */
  PAUSED,
  /** {@code SUSPEND} was given. */
  SUSPENDED,
  /** Paused or suspended; PgBouncer before 1.19 does not say which. */
  PAUSED_OR_SUSPENDED;

  /** Whether clients' queries wait instead of running. */
  public boolean holdsQueries() {
    return this != RUNNING;
  }
}
