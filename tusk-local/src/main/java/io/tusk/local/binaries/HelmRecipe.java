package io.tusk.local.binaries;

import java.util.List;
import java.util.Map;

/**
 * Builds Helm from its Go module {@code helm.sh/helm/v4} (Apache-2.0), for installing Tusk's chart
 * into the local environment as users install it. Helm v4.3 declares go 1.26.0, which the wrapper
 * module repeats; its go.mod has no replace directives.
 */
public final class HelmRecipe {

  public static final String PROGRAM = "helm";

  private HelmRecipe() {}

  public static GoBuildRecipe recipe(String version) {
    return new GoBuildRecipe(
        PROGRAM,
        version,
        "tusk.local/helmbuild",
        "1.26.0",
        Map.of("helm.sh/helm/v4", version),
        Map.of(),
        Map.of(PROGRAM, "helm.sh/helm/v4/cmd/helm"),
        // As Helm's Makefile stamps its releases: `helm version` names the version built.
        List.of("-s", "-w", "-X", "helm.sh/helm/v4/internal/version.version=" + version));
  }
}
