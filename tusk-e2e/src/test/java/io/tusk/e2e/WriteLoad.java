package io.tusk.e2e;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A writer that commits numbered rows through the master Service, one every {@code pauseMillis},
 * and records which commits returned (acknowledged), how many attempts failed, and the longest time
 * between two acknowledged commits (the write gap a client sees).
 */
final class WriteLoad implements AutoCloseable {

  private final Supplier<Sql.Login> login;
  private final String table;
  private final long pauseMillis;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong longestGapMillis = new AtomicLong();
  private final Thread thread;

  private WriteLoad(Supplier<Sql.Login> login, String table, long pauseMillis) {
    this.login = login;
    this.table = table;
    this.pauseMillis = pauseMillis;
    this.thread = new Thread(this::run, "write-load-" + table);
  }

  static WriteLoad start(Supplier<Sql.Login> login, String table, long pauseMillis)
      throws SQLException {
    Sql.execute(login.get(), "create table if not exists " + table + " (id bigint primary key)");
    WriteLoad load = new WriteLoad(login, table, pauseMillis);
    load.thread.setDaemon(true);
    load.thread.start();
    return load;
  }

  private void run() {
    long id = System.currentTimeMillis() * 1000;
    long lastAck = System.nanoTime();
    while (running.get()) {
      id++;
      try {
        Sql.execute(login.get(), "insert into " + table + " values (" + id + ")");
        acknowledged.add(id);
        long now = System.nanoTime();
        longestGapMillis.accumulateAndGet((now - lastAck) / 1_000_000, Math::max);
        lastAck = now;
      } catch (SQLException | RuntimeException e) {
        failures.incrementAndGet();
      }
      sleep(pauseMillis);
    }
  }

  List<Long> acknowledged() {
    synchronized (acknowledged) {
      return List.copyOf(acknowledged);
    }
  }

  long failures() {
    return failures.get();
  }

  long longestGapMillis() {
    return longestGapMillis.get();
  }

  /** Resets the gap and failure counters (between phases of a test). */
  void resetCounters() {
    failures.set(0);
    longestGapMillis.set(0);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(30_000);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
