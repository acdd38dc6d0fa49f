package io.tusk.operator.database;

import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the primary of a cluster for the database sync: whether it is ready to take the sync and
 * where to connect. The default, {@link ServiceDnsPrimaryResolver}, connects like Zalando ({@code
 * database.go#pgConnectionString}, v2.0.1): to the master Service's DNS name with {@code
 * sslmode=require}, once a pod labelled as master is Ready. Other implementations serve
 * environments where that name does not resolve from the operator (a local control plane: the
 * Service's ClusterIP or the pod IP) and tests (a PostgreSQL started by the test).
 *
 * <p>Implementations must be thread-safe: clusters reconcile concurrently.
 */
@FunctionalInterface
public interface PrimaryResolver {

  /**
   * Where the primary accepts connections.
   *
   * @param sslMode a PgJDBC {@code sslmode}; Zalando uses {@code require}, a resolver for
   *     environments without TLS on the server may use {@code prefer} or {@code disable}
   */
  record Primary(String host, int port, String sslMode) {
    public Primary {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(sslMode, "sslMode");
    }
  }

  /**
   * The primary, or empty when it is not ready (no pod is the Ready master yet); the sync is then
   * skipped and tried again later.
   */
  Optional<Primary> resolve(Postgresql cluster, OperatorConfig config);
}
