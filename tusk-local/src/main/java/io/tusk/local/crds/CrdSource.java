package io.tusk.local.crds;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.Crds;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the CustomResourceDefinitions to install into a fresh control plane. Explicit paths win
 * (files, or directories whose {@code *.yaml}/{@code *.yml} are taken); otherwise Tusk's own CRDs
 * from {@link io.tusk.api.Crds} on the class path; if those cannot be rendered (tusk-api built
 * without its generated resources), the repository's {@code deploy/crds} directory under the {@code
 * tusk.root.dir} system property (set by the launcher and the Maven test plugins).
 *
 * <p>Explicit paths come from {@code --crds} on the command line, or the {@code tusk.local.crds}
 * system property / {@code TUSK_LOCAL_CRDS} environment variable, separated by the platform path
 * separator.
 */
public final class CrdSource {

  public static final String PROPERTY = "tusk.local.crds";
  public static final String ENV = "TUSK_LOCAL_CRDS";

  private CrdSource() {}

  /** Paths configured through the system property or environment, if any. */
  public static List<Path> configured() {
    String v = System.getProperty(PROPERTY, System.getenv(ENV));
    List<Path> paths = new ArrayList<>();
    if (v != null) {
      for (String p : v.split(File.pathSeparator)) {
        if (!p.isBlank()) {
          paths.add(Path.of(p.trim()));
        }
      }
    }
    return paths;
  }

  /** The repository's deploy/crds directory, if {@code tusk.root.dir} is set and it exists. */
  public static List<Path> repositoryDefault() {
    String root = System.getProperty("tusk.root.dir");
    if (root == null) {
      return List.of();
    }
    Path dir = Path.of(root, "deploy", "crds");
    return Files.isDirectory(dir) ? List.of(dir) : List.of();
  }

  /**
   * The CRDs to install.
   *
   * @param client used to parse YAML files (no server contact)
   * @param explicit paths given by the caller; empty to use the configured or default ones
   */
  public static List<CustomResourceDefinition> definitions(
      KubernetesClient client, List<Path> explicit) throws IOException {
    List<Path> paths = !explicit.isEmpty() ? explicit : configured();
    if (paths.isEmpty()) {
      try {
        return Crds.definitions();
      } catch (RuntimeException e) {
        paths = repositoryDefault();
      }
    }
    return CrdInstaller.load(client, files(paths));
  }

  /**
   * The YAML files under {@code roots}, in a stable order.
   *
   * @param roots files or directories
   */
  public static List<Path> files(List<Path> roots) {
    List<Path> files = new ArrayList<>();
    for (Path p : roots) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new IllegalArgumentException("CRD path " + p + " does not exist");
      }
    }
    return files;
  }
}
