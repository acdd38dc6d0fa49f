package io.tusk.sql;

/** A change that failed (or was refused, e.g. a database with open connections), and why. */
public record SyncError(Subject subject, String reason) {
  @Override
  public String toString() {
    return subject + ": " + reason;
  }
}
