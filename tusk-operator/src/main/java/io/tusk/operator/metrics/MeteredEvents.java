package io.tusk.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tusk.operator.status.EventReason;
import io.tusk.operator.status.EventSink;

/** An {@link EventSink} that counts every Event by reason and type, then records it. */
public final class MeteredEvents implements EventSink {
  private final EventSink inner;
  private final OperatorMetrics metrics;

  public MeteredEvents(EventSink inner, OperatorMetrics metrics) {
    this.inner = inner;
    this.metrics = metrics;
  }

  @Override
  public void normal(HasMetadata on, EventReason reason, String message) {
    metrics.event(reason, "Normal");
    inner.normal(on, reason, message);
  }

  @Override
  public void warning(HasMetadata on, EventReason reason, String message) {
    metrics.event(reason, "Warning");
    inner.warning(on, reason, message);
  }
}
