package io.tusk.operator.database;

import io.fabric8.kubernetes.api.model.Service;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the primary of a cluster for the database sync: whether it is ready to take the sync and
 * where to connect. {@link ServiceDnsPrimaryResolver} connects like Zalando ({@code
 * database.go#pgConnectionString}, v2.0.1): to the master Service's DNS name with {@code
 * sslmode=require}, once a pod labelled as master is Ready. {@link AddressPrimaryResolver} connects
 * to the Service's ClusterIP or the pod IP, for environments where that name does not resolve from
 * the operator (the host of a local control plane). The default, {@link AutoPrimaryResolver},
 * chooses between the two by whether cluster DNS names resolve. Tests may connect to a PostgreSQL
 * they started.
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
   * @param route how the host was chosen, for messages (e.g. "ClusterIP of Service ns/name"), or
   *     empty when the host says it all
   */
  record Primary(String host, int port, String sslMode, String route) {
    public Primary {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(sslMode, "sslMode");
      Objects.requireNonNull(route, "route");
    }

    public Primary(String host, int port, String sslMode) {
      this(host, port, sslMode, "");
    }

    /** {@code host:port}, followed by the route in parentheses when there is one. */
    public String describe() {
      return host + ":" + port + (route.isEmpty() ? "" : " (" + route + ")");
    }
  }

  /** A cache of Services (the operator's informer), read before asking the API server. */
  @FunctionalInterface
  interface ServiceCache {
    /** The cached Service, or empty when the cache does not hold it. */
    Optional<Service> get(String namespace, String name);
  }

  /**
   * The primary, or empty when it is not ready (no pod is the Ready master yet); the sync is then
   * skipped and tried again later.
   */
  Optional<Primary> resolve(Postgresql cluster, OperatorConfig config);

  /**
   * Offers the operator's cache of Services, called once its informers exist; resolvers that read
   * the master Service use it instead of a GET per sync.
   */
  default void useServiceCache(ServiceCache services) {}
}
