package io.tusk.operator.day2;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How long each cluster's next step has found its Patroni member busy with another action
 * (Patroni's 503 "... already in progress"). The step is tried again every few seconds without a
 * Warning: a demotion or a restart usually ends within seconds. A member still busy after {@link
 * #WARN_AFTER} is worth one Warning per spell: Patroni has not finished its own action for minutes.
 */
final class BusyMembers {

  static final Duration WARN_AFTER = Duration.ofMinutes(5);

  private final LongSupplier nanoTime;
  private final Map<ResourceID, Long> since = new ConcurrentHashMap<>();
  private final Map<ResourceID, Boolean> warned = new ConcurrentHashMap<>();

  BusyMembers(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * The step found the member busy again.
   *
   * @return how long it has been busy, when a Warning is due now; empty otherwise (also after the
   *     one Warning of this spell)
   */
  Optional<Duration> busy(ResourceID id) {
    long now = nanoTime.getAsLong();
    long start = since.computeIfAbsent(id, k -> now);
    Duration waited = Duration.ofNanos(now - start);
    if (waited.compareTo(WARN_AFTER) >= 0 && warned.putIfAbsent(id, Boolean.TRUE) == null) {
      return Optional.of(waited);
    }
    return Optional.empty();
  }

  /** The step ran, failed otherwise, or the work is done: the spell is over. */
  void over(ResourceID id) {
    since.remove(id);
    warned.remove(id);
  }
}
