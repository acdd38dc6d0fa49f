package io.tusk.sql.teams;

/** The Teams API could not be asked or answered with an error; {@code statusCode} 0 if none. */
public final class TeamsApiException extends Exception {

  private final int statusCode;

  public TeamsApiException(int statusCode, String message, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  public int statusCode() {
    return statusCode;
  }
}
