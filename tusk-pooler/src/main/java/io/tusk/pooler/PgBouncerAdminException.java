package io.tusk.pooler;

/**
 * A command on a PgBouncer admin console that failed: the message names the instance, the command
 * and PgBouncer's (or the driver's) answer, and never contains the password.
 */
public final class PgBouncerAdminException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String instance;
  private final String command;
  private final String detail;

  PgBouncerAdminException(String instance, String command, String detail, Throwable cause) {
    super("PgBouncer " + instance + ": " + command + " failed: " + detail, cause);
    this.instance = instance;
    this.command = command;
    this.detail = detail;
  }

  /** The instance, as {@link AdminTarget#describe()} names it. */
  public String instance() {
    return instance;
  }

  /** The admin command, or {@code connect}. */
  public String command() {
    return command;
  }

  /** PgBouncer's or the driver's answer, without the password. */
  public String detail() {
    return detail;
  }

  /**
   * Whether nothing listens at the instance's address: the connection was refused, or there is no
   * route to it. No PgBouncer runs there then (its pod is gone or restarting), so none is paused; a
   * timeout does not count (the instance may be alive behind a slow network).
   */
  public boolean nothingListens() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
