package io.tusk.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the upstream Zalando v2.0.1 manifests shipped beside the repository. */
final class ReferenceFiles {

  private ReferenceFiles() {}

  /** The {@code zalando-v2.0.1/manifests} directory. */
  static Path manifests() {
    String configured = System.getProperty("tusk.reference.dir");
    Path base =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of("..", "..", "shared", "reference");
    Path dir = base.resolve("zalando-v2.0.1").resolve("manifests");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "reference manifests not found at "
              + dir.toAbsolutePath()
              + "; set -Dtusk.reference.dir=/path/to/shared/reference");
    }
    return dir;
  }

  static String read(String fileName) {
    try {
      return Files.readString(manifests().resolve(fileName), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
