package io.tusk.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.tusk.api.acid.v1.Postgresql;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Queues a reconcile of every known cluster when the operator configuration changes, so that each
 * cluster is brought in line with the new configuration within seconds rather than at the next
 * periodic resync (Zalando re-syncs every cluster at once, one after the other).
 *
 * <p>The clusters are fed to the reconciler a few at a time ({@code maxInFlight}), the next one as
 * soon as one finishes: queuing hundreds at once would put a user's change to one cluster behind
 * all of them. A cluster reconciled for another reason meanwhile has seen the new configuration and
 * leaves the queue. A queued reconcile that never reports back (its cluster was deleted) frees its
 * slot after {@code staleAfterMillis}.
 */
public final class ConfigChangeTrigger implements AutoCloseable {
  static final int DEFAULT_MAX_IN_FLIGHT = 8;
  private static final long STALE_AFTER_MILLIS = 60_000;

  private final SimpleInboundEventSource<Postgresql> source =
      new SimpleInboundEventSource<>("configuration");
  private final int maxInFlight;
  private final long staleAfterMillis;
  private final LongSupplier clock;
  private final Set<ResourceID> pending = new LinkedHashSet<>();
  private final Map<ResourceID, Long> inFlight = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker;
  private volatile IndexedResourceCache<Postgresql> clusters;
  private volatile Propagator propagator = source::propagateEvent;

  /** Where queued reconciles go (JOSDK's inbound event source; tests record them). */
  interface Propagator {
    void propagate(ResourceID id);
  }

  ConfigChangeTrigger() {
    this(DEFAULT_MAX_IN_FLIGHT, STALE_AFTER_MILLIS, System::currentTimeMillis, true);
  }

  ConfigChangeTrigger(int maxInFlight, long staleAfterMillis, LongSupplier clock, boolean tick) {
    this.maxInFlight = Math.max(1, maxInFlight);
    this.staleAfterMillis = staleAfterMillis;
    this.clock = clock;
    this.ticker =
        tick
            ? Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "config-change-resync");
                  t.setDaemon(true);
                  return t;
                })
            : null;
    if (ticker != null) {
      ticker.scheduleWithFixedDelay(this::pump, 1, 1, TimeUnit.SECONDS);
    }
  }

  void bind(IndexedResourceCache<Postgresql> primaryCache) {
    this.clusters = primaryCache;
  }

  void propagateTo(Propagator p) {
    this.propagator = p;
  }

  SimpleInboundEventSource<Postgresql> eventSource() {
    return source;
  }

  /** Queues every known cluster; returns how many were queued. */
  public int resyncAll() {
    IndexedResourceCache<Postgresql> cache = clusters;
    if (cache == null) {
      return 0;
    }
    List<ResourceID> ids = cache.list().map(ResourceID::fromResource).toList();
    queue(ids);
    return ids.size();
  }

  void queue(Collection<ResourceID> ids) {
    synchronized (this) {
      pending.addAll(ids);
    }
    pump();
  }

  /** A reconcile of {@code id} finished (whatever triggered it): it has seen the configuration. */
  void reconciled(ResourceID id) {
    synchronized (this) {
      boolean changed = inFlight.remove(id) != null | pending.remove(id);
      if (!changed) {
        return;
      }
    }
    pump();
  }

  /** Clusters still waiting for their configuration resync (queued or running). */
  synchronized int outstanding() {
    return pending.size() + inFlight.size();
  }

  void pump() {
    Set<ResourceID> next = new LinkedHashSet<>();
    synchronized (this) {
      long now = clock.getAsLong();
      inFlight.values().removeIf(started -> now - started > staleAfterMillis);
      var it = pending.iterator();
      while (inFlight.size() < maxInFlight && it.hasNext()) {
        ResourceID id = it.next();
        it.remove();
        inFlight.put(id, now);
        next.add(id);
      }
    }
    next.forEach(propagator::propagate);
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
