package io.tusk.pooler;

import java.time.Duration;
import java.util.Objects;

/**
 * One PgBouncer instance's admin console: where it listens, a user listed in its {@code
 * admin_users}, that user's password, the TLS mode and the timeouts of every call.
 *
 * @param instance how errors name the instance (for example the pod, {@code
 *     default/acid-minimal-cluster-pooler-6f9c-x2x4z})
 * @param host the instance's address or host name
 * @param port the instance's {@code listen_port}
 * @param user a user listed in {@code admin_users}
 * @param password that user's password; never part of {@link #toString()} or an error
 * @param sslMode PgJDBC's {@code sslmode}; Zalando's pooler image requires TLS from clients ({@code
 *     client_tls_sslmode = require}), so {@code require} there
 * @param connectTimeout bound of connecting and logging in
 * @param commandTimeout bound of every command but {@code PAUSE} and {@code WAIT_CLOSE}, which take
 *     their own
 */
public record AdminTarget(
    String instance,
    String host,
    int port,
    String user,
    String password,
    String sslMode,
    Duration connectTimeout,
    Duration commandTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);

  public AdminTarget {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(sslMode, "sslMode");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (user.isBlank()) {
      throw new IllegalArgumentException("user is empty");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("commandTimeout must be positive: " + commandTimeout);
    }
  }

  /** TLS required (as Zalando's pooler image requires of clients), default timeouts. */
  public static AdminTarget of(String instance, String host, int port, String user, String pw) {
    return new AdminTarget(
        instance,
        host,
        port,
        user,
        pw,
        "require",
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_COMMAND_TIMEOUT);
  }

  public AdminTarget withSslMode(String mode) {
    return new AdminTarget(
        instance, host, port, user, password, mode, connectTimeout, commandTimeout);
  }

  public AdminTarget withTimeouts(Duration connect, Duration command) {
    return new AdminTarget(instance, host, port, user, password, sslMode, connect, command);
  }

  public AdminTarget withPassword(String pw) {
    return new AdminTarget(instance, host, port, user, pw, sslMode, connectTimeout, commandTimeout);
  }

  /** {@code host:port}, IPv6 addresses in brackets. */
  public String address() {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The instance and its address, as errors name it. */
  public String describe() {
    return instance.equals(address()) ? instance : instance + " (" + address() + ")";
  }

  @Override
  public String toString() {
    return "AdminTarget["
        + describe()
        + ", user="
        + user
        + ", sslmode="
        + sslMode
        + ", connectTimeout="
        + connectTimeout
        + ", commandTimeout="
        + commandTimeout
        + "]";
  }
}
