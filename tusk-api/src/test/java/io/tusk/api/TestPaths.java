package io.tusk.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations the tests read from, as configured by the parent pom's surefire settings. */
public final class TestPaths {

  private TestPaths() {}

  /** The shared reference directory (Zalando v2.0.1 manifests live below it). */
  public static Path referenceDir() {
    String configured = System.getProperty("tusk.reference.dir");
    Path dir =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of("..", "..", "shared", "reference");
    return requireDirectory(dir.toAbsolutePath().normalize());
  }

  /** Zalando v2.0.1 {@code manifests/} folder. */
  public static Path zalandoManifests() {
    return requireDirectory(referenceDir().resolve("zalando-v2.0.1").resolve("manifests"));
  }

  /** Root of the Tusk checkout. */
  public static Path rootDir() {
    String configured = System.getProperty("tusk.root.dir");
    Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..");
    return requireDirectory(dir.toAbsolutePath().normalize());
  }

  private static Path requireDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("directory not found: " + dir);
    }
    return dir;
  }
}
