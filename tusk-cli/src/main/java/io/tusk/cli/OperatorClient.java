package io.tusk.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.tusk.operator.TuskOperator;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * The Kubernetes client of {@code tusk operator}: Tusk's request concurrency ({@link
 * TuskOperator#tune}), its own user agent, and an HTTP transport sized for a process that mostly
 * waits for the API server.
 *
 * <p>fabric8's default Vert.x instance runs two event loops per core, each with a Netty buffer
 * arena of its own (allocated in chunks of 4 MB), and worker pools of up to 20 threads. The
 * operator's reconcile threads block on their requests, which are small: one event loop carries
 * them, and the few blocking tasks of Vert.x (name lookups, streamed bodies) need two threads.
 */
final class OperatorClient {

  /** The User-Agent of the operator's API requests, as the API server's audit log shows it. */
  static final String USER_AGENT = "tusk-operator";

  static final int EVENT_LOOPS = 1;
  static final int BLOCKING_THREADS = 2;

  private OperatorClient() {}

  static KubernetesClient create(Config config) {
    TuskOperator.tune(config);
    config.setUserAgent(USER_AGENT);
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new VertxHttpClientFactory(vertx()))
        .build();
  }

  static VertxOptions options() {
    return new VertxOptions()
        .setEventLoopPoolSize(EVENT_LOOPS)
        .setWorkerPoolSize(BLOCKING_THREADS)
        .setInternalBlockingPoolSize(BLOCKING_THREADS)
        // As fabric8 configures its own instance: no file cache or class-path files, daemon
        // threads.
        .setFileSystemOptions(
            new FileSystemOptions()
                .setFileCachingEnabled(false)
                .setClassPathResolvingEnabled(false))
        .setUseDaemonThread(true);
  }

  private static Vertx vertx() {
    // One event loop allocates from one Netty arena; the default makes one per two cores.
    System.setProperty(
        "io.netty.allocator.numDirectArenas",
        System.getProperty("io.netty.allocator.numDirectArenas", "1"));
    System.setProperty(
        "io.netty.allocator.numHeapArenas",
        System.getProperty("io.netty.allocator.numHeapArenas", "1"));
    // The JDK's resolver, as fabric8 uses it, rather than Netty's (one more thread and cache).
    String property = "vertx.disableDnsResolver";
    String before = System.getProperty(property);
    System.setProperty(property, "true");
    try {
      return Vertx.vertx(options());
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }
}
