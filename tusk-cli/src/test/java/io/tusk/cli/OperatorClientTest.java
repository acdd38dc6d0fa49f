package io.tusk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.operator.TuskOperator;
import org.junit.jupiter.api.Test;

class OperatorClientTest {

  @Test
  void theOperatorsRequestsCarryItsNameAndTusksConcurrency() {
    Config config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build();
    try (KubernetesClient client = OperatorClient.create(config)) {
      assertThat(client.getConfiguration().getUserAgent()).isEqualTo("tusk-operator");
      assertThat(client.getConfiguration().getMaxConcurrentRequestsPerHost())
          .isEqualTo(TuskOperator.MAX_CONCURRENT_REQUESTS);
    }
  }

  @Test
  void oneEventLoopAndTwoBlockingThreadsCarryTheRequests() {
    assertThat(OperatorClient.options().getEventLoopPoolSize()).isEqualTo(1);
    assertThat(OperatorClient.options().getWorkerPoolSize()).isEqualTo(2);
    assertThat(OperatorClient.options().getInternalBlockingPoolSize()).isEqualTo(2);
  }
}
