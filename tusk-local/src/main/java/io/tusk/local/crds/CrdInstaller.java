package io.tusk.local.crds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs CRDs and waits until the API server serves them (condition Established), so that a test
 * or operator can create custom resources as soon as the control plane reports ready.
 */
public final class CrdInstaller {

  private static final Duration ESTABLISH_TIMEOUT = Duration.ofSeconds(30);

  private CrdInstaller() {}

  /** Reads the CRDs in {@code files} (no server contact), rejecting anything that is not a CRD. */
  public static List<CustomResourceDefinition> load(KubernetesClient client, List<Path> files)
      throws IOException {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (Path f : files) {
      List<HasMetadata> objects;
      try (InputStream in = Files.newInputStream(f)) {
        objects = client.load(in).items();
      }
      for (HasMetadata o : objects) {
        if (!(o instanceof CustomResourceDefinition crd)) {
          throw new IllegalArgumentException(
              f + " contains a " + o.getKind() + "; only CustomResourceDefinitions are installed");
        }
        crd.getMetadata().setResourceVersion(null);
        crds.add(crd);
      }
    }
    return crds;
  }

  /**
   * Applies {@code crds} (server-side apply, so re-installing is harmless) and waits until each is
   * Established.
   *
   * @return names of the installed CRDs
   */
  public static List<String> install(KubernetesClient client, List<CustomResourceDefinition> crds) {
    List<String> names = new ArrayList<>();
    for (CustomResourceDefinition crd : crds) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(crd)
          .forceConflicts()
          .serverSideApply();
      names.add(crd.getMetadata().getName());
    }
    for (String name : names) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(
              CrdInstaller::established, ESTABLISH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    return names;
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
