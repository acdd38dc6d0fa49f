package io.tusk.local.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes. */
final class Eventually {

  private Eventually() {}

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // not yet: keep polling
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what);
  }
}
