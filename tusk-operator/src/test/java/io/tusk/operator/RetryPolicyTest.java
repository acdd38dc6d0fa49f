package io.tusk.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static List<Long> delays(RetryExecution execution, int attempts) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      out.add(execution.nextDelay().orElseThrow(() -> new AssertionError("retries stopped")));
    }
    return out;
  }

  @Test
  void aFailingClusterIsRetriedForeverWithDelaysDoublingUpToTheRepairPeriod() {
    RetryExecution execution = TuskOperator.retry(Duration.ofMinutes(5)).initExecution();

    List<Long> delays = delays(execution, 100);

    assertThat(delays.subList(0, 5)).containsExactly(2_000L, 2_000L, 4_000L, 8_000L, 16_000L);
    assertThat(delays).allMatch(d -> d <= 300_000L);
    assertThat(delays.get(99)).isEqualTo(300_000L);
    assertThat(execution.isLastAttempt()).isFalse();
  }

  @Test
  void aRepairPeriodShorterThanTheFirstDelayStillRetries() {
    RetryExecution execution = TuskOperator.retry(Duration.ofMillis(500)).initExecution();

    assertThat(delays(execution, 3)).containsExactly(2_000L, 2_000L, 2_000L);
  }
}
