package io.tusk.images.spilo;

import io.tusk.images.ImageException;

/**
 * Spilo's clone bootstrap ({@code CLONE_METHOD}): {@code clone_with_wale} restores from a WAL
 * archive and {@code clone_with_basebackup} copies a running cluster with Spilo's Python scripts.
 * Neither is available on the local node, and starting an empty cluster instead would silently lose
 * the data the manifest asked for, so the container fails with a clear reason.
 *
 * <p>Mirrors the {@code CLONE_WITH_WALE} / {@code CLONE_WITH_BASEBACKUP} blocks of {@code
 * configure_spilo.py#TEMPLATE}.
 */
final class CloneMethod {

  private CloneMethod() {}

  static void check(SpiloStartupEnv env) throws ImageException {
    String method = env.value("CLONE_METHOD", "");
    if (method.equals("CLONE_WITH_WALE") || method.equals("CLONE_WITH_BASEBACKUP")) {
      throw new ImageException(
          "cloning a cluster ("
              + method
              + " from "
              + env.value("CLONE_SCOPE", "?")
              + ") is not supported by the local node");
    }
  }
}
