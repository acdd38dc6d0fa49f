package io.tusk.pooler;

import java.util.List;

/**
 * What one PgBouncer instance reports at one moment: whether it is paused, its databases and its
 * pools (the admin console's own pool left out).
 */
public record PoolerState(
    String instance,
    String version,
    PauseMode pauseMode,
    List<DatabaseInfo> databases,
    List<PoolStats> pools) {

  public PoolerState {
    databases = List.copyOf(databases);
    pools = List.copyOf(pools);
  }

  public boolean paused() {
    return pauseMode.holdsQueries();
  }

  /** Clients that sent a query and wait for a server connection, over all pools. */
  public int clientsWaiting() {
    return pools.stream().mapToInt(PoolStats::clientsWaiting).sum();
  }

  /** Clients linked to a server connection or idle, over all pools. */
  public int clientsActive() {
    return pools.stream().mapToInt(PoolStats::clientsActive).sum();
  }

  /** Server connections in any state, over all pools. */
  public int servers() {
    return pools.stream().mapToInt(PoolStats::servers).sum();
  }
}
