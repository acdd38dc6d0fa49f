package io.tusk.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.tusk.api.acid.v1.Postgresql;

/**
 * Queues a reconcile of every known cluster. Used when the operator configuration changes, so that
 * each cluster is brought in line with the new configuration within seconds rather than at the next
 * periodic resync.
 */
public final class ConfigChangeTrigger {
  private final SimpleInboundEventSource<Postgresql> source = new SimpleInboundEventSource<>("configuration");
  private volatile IndexedResourceCache<Postgresql> clusters;

  void bind(IndexedResourceCache<Postgresql> primaryCache) {
    this.clusters = primaryCache;
  }

  SimpleInboundEventSource<Postgresql> eventSource() {
    return source;
  }

  /** Returns how many clusters were queued. */
  public int resyncAll() {
    IndexedResourceCache<Postgresql> cache = clusters;
    if (cache == null) {
      return 0;
    }
    int[] n = {0};
    cache.list().forEach(pg -> {
      source.propagateEvent(ResourceID.fromResource(pg));
      n[0]++;
    });
    return n[0];
  }
}
