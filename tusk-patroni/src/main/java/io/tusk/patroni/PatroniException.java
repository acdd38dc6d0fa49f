package io.tusk.patroni;

import java.net.URI;

/**
 * A Patroni call that failed: no answer in time, a refused connection, or an answer other than the
 * one the call expects. The message names the member's API address, the call and what Patroni said;
 * request bodies are never part of it.
 */
public final class PatroniException extends RuntimeException {

  private static final int MAX_ANSWER_CHARS = 300;

  private final int status;
  private final boolean busy;

  PatroniException(URI member, String call, int status, String answer) {
    super(call + " on " + member + " answered " + status + describe(answer));
    this.status = status;
    this.busy = status == 503 && answer != null && answer.contains("already in progress");
  }

  PatroniException(URI member, String call, Throwable cause) {
    super(call + " on " + member + " failed: " + reason(cause), cause);
    this.status = 0;
    this.busy = false;
  }

  /**
   * Whether Patroni refused because the member is busy with another action ({@code 503} with
   * "demote already in progress", "restart already in progress", ...): nothing failed, the call may
   * be made again once that action is over.
   */
  public boolean busy() {
    return busy;
  }

  /** The HTTP status Patroni answered, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** Whether Patroni answered at all (a status other than the expected one). */
  public boolean answered() {
    return status != 0;
  }

  private static String describe(String answer) {
    if (answer == null || answer.isBlank()) {
      return "";
    }
    String text = answer.strip().replaceAll("\\s+", " ");
    if (text.length() > MAX_ANSWER_CHARS) {
      text = text.substring(0, MAX_ANSWER_CHARS) + "...";
    }
    return ": " + text;
  }

  private static String reason(Throwable cause) {
    String message = cause.getMessage();
    String kind = cause.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }
}
