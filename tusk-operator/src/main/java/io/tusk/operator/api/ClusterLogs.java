package io.tusk.operator.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.LoggerFactory;

/**
 * The operator's recent log lines per cluster and per worker, as Zalando keeps them for {@code
 * /clusters/{namespace}/{cluster}/logs/} and {@code /workers/{id}/logs/}: the last {@code
 * ring_log_lines} of each. A line belongs to a cluster when it is logged while a reconcile of that
 * {@code postgresql} runs on the thread (JOSDK's {@code resource.*} MDC keys), and to the cluster's
 * worker ({@link Workers}). Captured through a Logback appender on the root logger, installed when
 * Logback is the logging backend; without it the rings stay empty.
 */
public final class ClusterLogs implements Metrics {

  /** A log line: Zalando's {@code LogEntry} without the key that names the ring it is in. */
  public record Entry(Instant time, String level, String cluster, int worker, String message) {}

  private final IntSupplier lines;
  private final Workers workers;
  private final Map<String, Deque<Entry>> byCluster = new ConcurrentHashMap<>();
  private final Map<Integer, Deque<Entry>> byWorker = new ConcurrentHashMap<>();
  private Appender appender;

  /**
   * @param lines how many lines each ring keeps ({@code ring_log_lines}), read at each line
   */
  public ClusterLogs(IntSupplier lines, Workers workers) {
    this.lines = lines;
    this.workers = workers;
  }

  /** Adds a line logged during a reconcile of {@code namespace/name}. */
  public void add(Instant time, String level, String namespace, String name, String message) {
    int worker = workers.workerOf(namespace, name);
    Entry e = new Entry(time, level, namespace + "/" + name, worker, message);
    int keep = Math.max(1, lines.getAsInt());
    append(byCluster.computeIfAbsent(namespace + "/" + name, k -> new ArrayDeque<>()), e, keep);
    append(byWorker.computeIfAbsent(worker, k -> new ArrayDeque<>()), e, keep);
  }

  private static void append(Deque<Entry> ring, Entry e, int keep) {
    synchronized (ring) {
      ring.addLast(e);
      while (ring.size() > keep) {
        ring.removeFirst();
      }
    }
  }

  /** The cluster's lines, oldest first; empty when it logged none since the operator started. */
  public Optional<List<Entry>> ofCluster(String namespace, String name) {
    Deque<Entry> ring = byCluster.get(namespace + "/" + name);
    if (ring == null) {
      return Optional.empty();
    }
    synchronized (ring) {
      return Optional.of(List.copyOf(ring));
    }
  }

  /** The worker's lines, oldest first. */
  public List<Entry> ofWorker(int worker) {
    Deque<Entry> ring = byWorker.get(worker);
    if (ring == null) {
      return List.of();
    }
    synchronized (ring) {
      return List.copyOf(ring);
    }
  }

  /** Forgets a deleted cluster's lines. */
  public void forget(String namespace, String name) {
    byCluster.remove(namespace + "/" + name);
  }

  @Override
  public void cleanupDoneFor(ResourceID id, Map<String, Object> metadata) {
    id.getNamespace().ifPresent(ns -> forget(ns, id.getName()));
  }

  /** Starts capturing when Logback is the logging backend; whether it is. */
  public synchronized boolean install() {
    if (appender != null) {
      return true;
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return false;
    }
    appender = new Appender(this);
    appender.setContext(context);
    appender.setName("tusk-cluster-logs");
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return true;
  }

  public synchronized void uninstall() {
    if (appender != null) {
      LoggerContext context = (LoggerContext) appender.getContext();
      context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
      appender.stop();
      appender = null;
    }
  }

  /** logrus's names of the levels, as Zalando's log entries carry them. */
  static String levelName(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "error";
      case Level.WARN_INT -> "warning";
      case Level.INFO_INT -> "info";
      case Level.DEBUG_INT -> "debug";
      default -> "trace";
    };
  }

  private static final class Appender extends AppenderBase<ILoggingEvent> {
    private final ClusterLogs logs;

    Appender(ClusterLogs logs) {
      this.logs = logs;
    }

    @Override
    protected void append(ILoggingEvent event) {
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc == null || !"postgresql".equals(mdc.get("resource.kind"))) {
        return;
      }
      String name = mdc.get("resource.name");
      String namespace = mdc.get("resource.namespace");
      if (name == null || namespace == null) {
        return;
      }
      logs.add(
          Instant.ofEpochMilli(event.getTimeStamp()),
          levelName(event.getLevel()),
          namespace,
          name,
          event.getFormattedMessage());
    }
  }
}
