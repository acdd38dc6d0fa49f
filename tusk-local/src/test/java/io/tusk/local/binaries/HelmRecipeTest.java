package io.tusk.local.binaries;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.local.Versions;
import org.junit.jupiter.api.Test;

class HelmRecipeTest {

  @Test
  void buildsHelmsCommandFromItsV4ModuleStampedWithTheVersion() {
    GoBuildRecipe r = HelmRecipe.recipe(Versions.HELM);

    assertThat(r.goMod())
        .contains("module tusk.local/helmbuild")
        .contains("go 1.26.0")
        .contains("helm.sh/helm/v4 " + Versions.HELM)
        .doesNotContain("replace");
    assertThat(r.programs()).containsEntry("helm", "helm.sh/helm/v4/cmd/helm");
    assertThat(r.ldflags())
        .contains("-X", "helm.sh/helm/v4/internal/version.version=" + Versions.HELM);
  }
}
