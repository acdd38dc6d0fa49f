package io.tusk.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconcileThreadsTest {

  @Test
  void runsUpToItsSizeAtOnceAndEndsIdleThreads() throws Exception {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) ReconcileThreads.pool(3);
    try {
      CountDownLatch running = new CountDownLatch(3);
      CountDownLatch release = new CountDownLatch(1);
      for (int i = 0; i < 4; i++) {
        pool.execute(
            () -> {
              running.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.getPoolSize()).isEqualTo(3);
      assertThat(pool.getQueue()).hasSize(1);
      release.countDown();
      assertThat(pool.allowsCoreThreadTimeOut()).isTrue();
      assertThat(pool.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(ReconcileThreads.IDLE_SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }
}
