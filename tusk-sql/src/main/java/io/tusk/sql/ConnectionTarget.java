package io.tusk.sql;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom Tusk connects: the primary, as the superuser. Zalando connects to {@code
 * {cluster}.{namespace}.svc.{cluster_domain}:5432} with {@code sslmode=require} ({@code
 * database.go#pgConnectionString}, v2.0.1); a local environment may use {@code disable} or {@code
 * prefer}.
 *
 * @param database the maintenance database role and database statements run in ({@code postgres})
 * @param sslMode a PgJDBC {@code sslmode}: disable, allow, prefer, require, verify-ca, verify-full
 */
public record ConnectionTarget(
    String host,
    int port,
    String database,
    String user,
    String password,
    String sslMode,
    Duration connectTimeout) {

  public ConnectionTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(sslMode, "sslMode");
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(15) : connectTimeout;
  }

  /** Database {@code postgres}, {@code sslmode=require}, 15 s connect timeout. */
  public static ConnectionTarget of(String host, int port, String user, String password) {
    return new ConnectionTarget(host, port, "postgres", user, password, "require", null);
  }

  public ConnectionTarget withSslMode(String mode) {
    return new ConnectionTarget(host, port, database, user, password, mode, connectTimeout);
  }

  /** The JDBC URL for one database of this server (no credentials in it). */
  public String jdbcUrl(String db) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:postgresql://"
        + h
        + ":"
        + port
        + "/"
        + java.net.URLEncoder.encode(db, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20");
  }

  @Override
  public String toString() {
    return "ConnectionTarget["
        + user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + database
        + ", sslmode="
        + sslMode
        + "]";
  }
}
