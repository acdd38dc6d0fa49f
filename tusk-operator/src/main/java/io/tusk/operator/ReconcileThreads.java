package io.tusk.operator;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads reconciles run on. Up to {@link TuskOperator#RECONCILIATION_THREADS} at once, like
 * JOSDK's fixed pool, so that a burst of new clusters is not serialised; but a thread that has had
 * nothing to do for {@link #IDLE_SECONDS} ends, so an operator whose clusters are all in sync keeps
 * none of them (each costs its stack and the JVM's bookkeeping). Starting a thread again takes far
 * less than a millisecond, nothing next to the API requests a reconcile makes.
 */
final class ReconcileThreads {

  static final long IDLE_SECONDS = 30;

  private ReconcileThreads() {}

  static ExecutorService pool(int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            named("tusk-reconcile-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> new Thread(r, prefix + n.incrementAndGet());
  }
}
