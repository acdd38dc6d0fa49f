package io.tusk.sql;

/** Why an input was rejected by validation; nothing is applied when there is any. */
public record Problem(Subject subject, String message) {
  @Override
  public String toString() {
    return subject + ": " + message;
  }
}
