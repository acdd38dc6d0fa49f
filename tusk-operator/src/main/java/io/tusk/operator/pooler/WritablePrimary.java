package io.tusk.operator.pooler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.database.PrimaryResolver;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.sql.ConnectionTarget;
import io.tusk.sql.exec.JdbcConnector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Waits until the master Service leads to a writable primary: a new connection through it (the
 * address the database sync uses, see {@link PrimaryResolver}) reaches a server that is not in
 * recovery. This is what the pooler pods find when they connect again, so it is the moment to let
 * them (RESUME) or make them (RECONNECT). Without {@code enable_database_access}, the master
 * Endpoints leading only to Ready pods labelled master stand for a writable connection.
 */
final class WritablePrimary {

  static final Duration POLL = Duration.ofMillis(100);

  /** Without database access each look is a GET and a LIST on the API server: less often. */
  static final Duration POLL_API = Duration.ofMillis(500);

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final PrimaryResolver primaries;
  private final Clock clock;

  WritablePrimary(KubernetesClient client, PrimaryResolver primaries, Clock clock) {
    this.client = client;
    this.primaries = primaries;
    this.clock = clock;
  }

  /**
   * Polls until a connection through the master Service is writable or {@code deadline} passes.
   *
   * @return the server address that answered ({@code inet_server_addr()}), or empty at the deadline
   */
  Optional<String> await(
      Postgresql pg, OperatorConfig cfg, MasterPoolers.Login login, Instant deadline) {
    boolean database = cfg.get(Options.ENABLE_DATABASE_ACCESS);
    while (true) {
      Optional<String> server = database ? writable(pg, cfg, login) : leadsToMaster(pg, cfg);
      if (server.isPresent()) {
        return server;
      }
      Duration poll = database ? POLL : POLL_API;
      if (!clock.instant().plus(poll).isBefore(deadline)) {
        return Optional.empty();
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /**
   * Without {@code enable_database_access} the operator does not log in to the database: the master
   * Endpoints leading only to Ready pods that Patroni labelled master stand for it.
   */
  private Optional<String> leadsToMaster(Postgresql pg, OperatorConfig cfg) {
    try {
      ClusterModel model = ClusterModel.of(pg, cfg);
      String namespace = pg.getMetadata().getNamespace();
      Optional<String> addresses =
          PoolerReconnect.address(
              client
                  .endpoints()
                  .inNamespace(namespace)
                  .withName(ClusterNames.of(model).service(PostgresRole.MASTER))
                  .get());
      if (addresses.isEmpty()) {
        return Optional.empty();
      }
      Labels labels = Labels.of(model);
      Map<String, String> selector = labels.base();
      selector.put(labels.roleLabel(), PostgresRole.MASTER.labelValue());
      java.util.Set<String> masters =
          client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
              .filter(
                  p ->
                      p.getStatus().getConditions() != null
                          && p.getStatus().getConditions().stream()
                              .anyMatch(
                                  c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
              .map(p -> p.getStatus().getPodIP())
              .collect(java.util.stream.Collectors.toSet());
      return masters.containsAll(java.util.List.of(addresses.get().split(",")))
          ? addresses
          : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<String> writable(Postgresql pg, OperatorConfig cfg, MasterPoolers.Login login) {
    Optional<PrimaryResolver.Primary> primary;
    try {
      primary = primaries.resolve(pg, cfg);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (primary.isEmpty()) {
      return Optional.empty();
    }
    PrimaryResolver.Primary p = primary.get();
    ConnectionTarget target =
        new ConnectionTarget(
            p.host(),
            p.port(),
            "postgres",
            login.user(),
            login.password(),
            p.sslMode(),
            CONNECT_TIMEOUT);
    try (Connection c = new JdbcConnector(target).open("postgres");
        Statement s = c.createStatement()) {
      s.setQueryTimeout((int) CONNECT_TIMEOUT.toSeconds());
      try (ResultSet rs =
          s.executeQuery("select pg_is_in_recovery(), coalesce(host(inet_server_addr()), '')")) {
        if (rs.next() && !rs.getBoolean(1)) {
          return Optional.of(rs.getString(2));
        }
      }
    } catch (SQLException | RuntimeException e) {
      // Not yet: the Service still leads nowhere, or to a server shutting down or in recovery.
    }
    return Optional.empty();
  }
}
