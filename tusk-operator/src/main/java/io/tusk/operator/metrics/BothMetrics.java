package io.tusk.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/** JOSDK takes one {@link Metrics}: this one passes every call to two. */
public final class BothMetrics implements Metrics {
  private final Metrics first;
  private final Metrics second;

  public BothMetrics(Metrics first, Metrics second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    first.controllerRegistered(controller);
    second.controllerRegistered(controller);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    first.receivedEvent(event, metadata);
    second.receivedEvent(event, metadata);
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    first.reconcileCustomResource(resource, retryInfo, metadata);
    second.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    first.failedReconciliation(resource, exception, metadata);
    second.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    first.reconciliationExecutionStarted(resource, metadata);
    second.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    first.reconciliationExecutionFinished(resource, metadata);
    second.reconciliationExecutionFinished(resource, metadata);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    first.cleanupDoneFor(resourceID, metadata);
    second.cleanupDoneFor(resourceID, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    first.finishedReconciliation(resource, metadata);
    second.finishedReconciliation(resource, metadata);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    // Both time the same execution: the second wraps the first's timing of it. JOSDK's Micrometer
    // metrics wrap what the reconciler throws in an OperatorException; the reconciler's own
    // exception is thrown on, as without metrics (error statuses and Events quote its message).
    Exception[] thrown = new Exception[1];
    try {
      return timeBoth(execution, thrown);
    } catch (Exception e) {
      Exception original = thrown[0];
      if (original != null && e != original && e.getCause() == original) {
        throw original;
      }
      throw e;
    }
  }

  private <T> T timeBoth(ControllerExecution<T> execution, Exception[] thrown) throws Exception {
    return second.timeControllerExecution(
        new ControllerExecution<T>() {
          @Override
          public String name() {
            return execution.name();
          }

          @Override
          public String controllerName() {
            return execution.controllerName();
          }

          @Override
          public String successTypeName(T result) {
            return execution.successTypeName(result);
          }

          @Override
          public ResourceID resourceID() {
            return execution.resourceID();
          }

          @Override
          public Map<String, Object> metadata() {
            return execution.metadata();
          }

          @Override
          public T execute() throws Exception {
            try {
              return first.timeControllerExecution(execution);
            } catch (Exception e) {
              thrown[0] = e;
              throw e;
            }
          }
        });
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    return second.monitorSizeOf(first.monitorSizeOf(map, name), name);
  }
}
