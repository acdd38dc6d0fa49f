package io.tusk.operator.pooler;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.operator.database.PrimaryResolver;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;
import io.tusk.pooler.AdminTarget;
import io.tusk.pooler.PgBouncerAdmin;
import io.tusk.pooler.PgBouncerAdminException;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.pooler.ConnectionPoolers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the primary moved without a planned switchover (a failover), sends {@code RECONNECT} to
 * every master pooler pod once a connection through the master Service is writable: each server
 * connection is closed when its client releases it and opened again, through the Service, on the
 * new primary. Without it, a connection PgBouncer opened while the Service still led to the former
 * primary (back as a replica) answers "read-only transaction" until {@code server_lifetime} runs
 * out (zalando/postgres-operator#1928).
 *
 * <p>The primary is where the master Endpoints lead (Patroni writes them as it takes the leader
 * lock); every reconcile passes them in, and the Endpoints informer reconciles the cluster when
 * their addresses change. The first address seen after the operator starts is only recorded. A
 * planned switchover pauses the poolers instead ({@link PoolerPause}), which closes every server
 * connection: no RECONNECT for the move it ends with. Off with {@code
 * connection_pooler_reconnect_on_failover: false}.
 */
public final class PoolerReconnect {
  private static final Logger LOG = LoggerFactory.getLogger(PoolerReconnect.class);

  /** How long to wait for the master Service to lead to a writable primary. */
  static final Duration WAIT = Duration.ofMinutes(2);

  /** Clusters whose poolers are reconnected at the same time, at most. */
  static final int THREADS = 8;

  private final KubernetesClient client;
  private final EventSink events;
  private final Clock clock;
  private final WritablePrimary writable;
  private final PoolerPause pauses;
  private final Map<ResourceID, String> primaryAddress = new ConcurrentHashMap<>();
  private final ExecutorService thread;
  private final Runnable reconnected;

  public PoolerReconnect(
      KubernetesClient client,
      PrimaryResolver primaries,
      EventSink events,
      Clock clock,
      PoolerPause pauses) {
    this(client, primaries, events, clock, pauses, () -> {});
  }

  /**
   * @param reconnected told of every RECONNECT sent to a cluster's poolers (the metrics)
   */
  public PoolerReconnect(
      KubernetesClient client,
      PrimaryResolver primaries,
      EventSink events,
      Clock clock,
      PoolerPause pauses,
      Runnable reconnected) {
    this.reconnected = reconnected;
    this.client = client;
    this.events = events;
    this.clock = clock;
    this.writable = new WritablePrimary(client, primaries, clock);
    this.pauses = pauses;
    // Threads while there is work (a cluster whose primary never becomes writable must not hold up
    // the others), ending when idle: failovers are rare.
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "pooler-reconnect");
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    this.thread = executor;
  }

  /**
   * Looks at where the master Endpoints lead; when that changed since the last look, reconnects the
   * master poolers in the background.
   *
   * @param endpoints the cluster's Endpoints by name, as the reconcile observed them
   */
  public void observe(Postgresql pg, OperatorConfig cfg, Map<String, Endpoints> endpoints) {
    ResourceID id = ResourceID.fromResource(pg);
    if (pg.getSpec() == null
        || !ConnectionPoolers.enabled(pg.getSpec(), PostgresRole.MASTER)
        || !cfg.get(Options.CONNECTION_POOLER_RECONNECT_ON_FAILOVER)) {
      primaryAddress.remove(id);
      return;
    }
    String master = ClusterNames.of(ClusterModel.of(pg, cfg)).service(PostgresRole.MASTER);
    Optional<String> address = address(endpoints.get(master));
    if (address.isEmpty()) {
      return;
    }
    String before = primaryAddress.put(id, address.get());
    if (before == null
        || before.equals(address.get())
        || pauses.pausing(pg)
        || pauses.planned(pg, address.get())) {
      return;
    }
    Instant seen = clock.instant();
    thread.execute(() -> reconnect(pg, cfg, before, address.get(), seen));
  }

  public void forget(Postgresql pg) {
    primaryAddress.remove(ResourceID.fromResource(pg));
  }

  /**
   * The addresses of the master Endpoints, sorted and joined by commas, if any. Usually one; two
   * for a moment when the master Service selects pods by their role label (configmaps mode) and a
   * former primary comes back still labelled master.
   */
  static Optional<String> address(Endpoints e) {
    if (e == null || e.getSubsets() == null) {
      return Optional.empty();
    }
    java.util.TreeSet<String> ips = new java.util.TreeSet<>();
    for (EndpointSubset subset : e.getSubsets()) {
      if (subset.getAddresses() != null) {
        for (EndpointAddress a : subset.getAddresses()) {
          if (a.getIp() != null && !a.getIp().isBlank()) {
            ips.add(a.getIp());
          }
        }
      }
    }
    return ips.isEmpty() ? Optional.empty() : Optional.of(String.join(",", ips));
  }

  private void reconnect(Postgresql pg, OperatorConfig cfg, String from, String to, Instant seen) {
    try {
      Optional<MasterPoolers.Found> found = MasterPoolers.find(client, pg, cfg);
      if (found.isEmpty() || found.get().consoles().isEmpty()) {
        return;
      }
      Optional<String> server =
          writable.await(pg, cfg, found.get().login(), clock.instant().plus(WAIT));
      if (server.isEmpty()) {
        String message =
            "the primary moved from "
                + from
                + " to "
                + to
                + ", but no connection through the master Service was writable within "
                + WAIT.toSeconds()
                + " s: pooler "
                + found.get().name()
                + " not reconnected";
        LOG.warn("{}: {}", name(pg), message);
        events.warning(pg, EventReason.Pooler, message);
        return;
      }
      List<String> done = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      for (AdminTarget console : found.get().consoles()) {
        try {
          new PgBouncerAdmin(console).reconnect();
          done.add(console.instance());
        } catch (PgBouncerAdminException e) {
          failed.add(console.instance() + ": " + e.getMessage());
        }
      }
      if (!done.isEmpty()) {
        reconnected.run();
      }
      long millis = Duration.between(seen, clock.instant()).toMillis();
      String message =
          "the primary moved from "
              + from
              + " to "
              + to
              + ": sent RECONNECT to pooler "
              + found.get().name()
              + " ("
              + String.join(", ", done)
              + ") once the master Service was writable, "
              + millis
              + " ms after the move was seen"
              + (failed.isEmpty() ? "" : "; failed: " + String.join("; ", failed));
      LOG.info("{}: {}", name(pg), message);
      if (failed.isEmpty()) {
        events.normal(pg, EventReason.Pooler, message);
      } else {
        events.warning(pg, EventReason.Pooler, message);
      }
    } catch (KubernetesClientException | IllegalStateException e) {
      LOG.warn("{}: could not reconnect the pooler: {}", name(pg), e.getMessage());
    }
  }

  private static String name(Postgresql pg) {
    return pg.getMetadata().getNamespace() + "/" + pg.getMetadata().getName();
  }
}
