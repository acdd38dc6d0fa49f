package io.tusk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.it.OperatorHarness;
import io.tusk.local.junit.LocalCluster;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator of an end-to-end test: in the test JVM, with database access on, reaching each
 * cluster's primary the default way, as {@code tusk operator} does on the host of {@code tusk
 * local}: through the master Service's ClusterIP, since the host cannot resolve cluster DNS names.
 */
final class RealPodsOperator {

  private RealPodsOperator() {}

  static OperatorHarness start(LocalCluster cluster, Map<String, String> configuration) {
    assertThat(cluster.simulatesPods())
        .as("end-to-end tests need real pods (-Dtusk.local.simulatePods=false)")
        .isFalse();
    Map<String, String> all = new HashMap<>(configuration);
    all.put("enable_database_access", "true");
    OperatorHarness operator = new OperatorHarness(cluster, all);
    return operator.start();
  }
}
