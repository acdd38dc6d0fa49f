package io.tusk.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where Events go: {@link EventRecorder} records them as core/v1 Events, tests collect them. */
public interface EventSink {

  void normal(HasMetadata on, EventReason reason, String message);

  void warning(HasMetadata on, EventReason reason, String message);
}
