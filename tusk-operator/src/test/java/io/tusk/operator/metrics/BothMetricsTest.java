package io.tusk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BothMetricsTest {

  private static Metrics.ControllerExecution<String> execution(Exception failure) {
    return new Metrics.ControllerExecution<>() {
      @Override
      public String name() {
        return "reconcile";
      }

      @Override
      public String controllerName() {
        return "postgresql";
      }

      @Override
      public String successTypeName(String result) {
        return "resource";
      }

      @Override
      public ResourceID resourceID() {
        return new ResourceID("acid-a", "ns");
      }

      @Override
      public Map<String, Object> metadata() {
        return Map.of(
            Constants.RESOURCE_GVK_KEY, new GroupVersionKind("acid.zalan.do", "v1", "postgresql"));
      }

      @Override
      public String execute() throws Exception {
        if (failure != null) {
          throw failure;
        }
        return "done";
      }
    };
  }

  @Test
  void theReconcilersOwnExceptionIsThrownOnNotJosdksWrapper() throws Exception {
    OperatorMetrics metrics = new OperatorMetrics();
    BothMetrics both = new BothMetrics(Metrics.NOOP, metrics.josdk());
    assertThat(both.timeControllerExecution(execution(null))).isEqualTo("done");
    IllegalStateException boom = new IllegalStateException("the API server is away");
    assertThatThrownBy(() -> both.timeControllerExecution(execution(boom))).isSameAs(boom);
    assertThat(metrics.scrape())
        .containsPattern("operator_sdk_controllers_execution_reconcile_success_total\\{[^}]*\\} 1")
        .containsPattern("operator_sdk_controllers_execution_reconcile_failure_total\\{[^}]*\\} 1");
  }
}
