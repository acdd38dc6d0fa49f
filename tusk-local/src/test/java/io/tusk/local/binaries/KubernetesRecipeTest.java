package io.tusk.local.binaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesRecipeTest {

  /** Shaped like k8s.io/kubernetes' go.mod: a require block and staging replaces. */
  private static final String UPSTREAM =
      """
      module k8s.io/kubernetes

      go 1.24.0

      godebug default=go1.24

      require (
      \tk8s.io/api v0.0.0
      \tk8s.io/client-go v0.0.0
      \tgithub.com/spf13/cobra v1.9.1
      )

      replace (
      \tk8s.io/api => ./staging/src/k8s.io/api
      \tk8s.io/client-go => ./staging/src/k8s.io/client-go
      \tk8s.io/kube-openapi => k8s.io/kube-openapi v0.0.0-20250710124328-f3f2b991d03b
      \tk8s.io/sample-controller => ./staging/src/k8s.io/sample-controller
      )

      replace k8s.io/cri-api => ./staging/src/k8s.io/cri-api
      """;

  @Test
  void readsStagingModulesFromUpstreamGoMod() {
    assertThat(KubernetesRecipe.stagingModules(UPSTREAM))
        .containsExactly(
            "k8s.io/api", "k8s.io/client-go", "k8s.io/sample-controller", "k8s.io/cri-api");
  }

  @Test
  void stagingVersionFollowsTheRelease() {
    assertThat(KubernetesRecipe.stagingVersion("v1.34.4")).isEqualTo("v0.34.4");
    assertThat(KubernetesRecipe.stagingVersion("v1.35.0-rc.1")).isEqualTo("v0.35.0-rc.1");
    assertThatThrownBy(() -> KubernetesRecipe.stagingVersion("1.34.4"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void goModRequiresKubernetesAndPinsEveryStagingModule() {
    GoBuildRecipe r = KubernetesRecipe.recipe("v1.34.4", UPSTREAM);
    String goMod = r.goMod();
    assertThat(goMod)
        .startsWith("module tusk.local/k8sbuild\n\ngo 1.24.0\n")
        .contains("\tk8s.io/kubernetes v1.34.4\n")
        .contains("\tk8s.io/api => k8s.io/api v0.34.4\n")
        .contains("\tk8s.io/client-go => k8s.io/client-go v0.34.4\n")
        .contains("\tk8s.io/sample-controller => k8s.io/sample-controller v0.34.4\n")
        .contains("\tk8s.io/cri-api => k8s.io/cri-api v0.34.4\n")
        .doesNotContain("kube-openapi")
        .doesNotContain("./staging");
  }

  @Test
  void toolsGoImportsTheProgramsBehindABuildTag() {
    String tools = KubernetesRecipe.recipe("v1.34.4", UPSTREAM).toolsGo();
    assertThat(tools)
        .startsWith("//go:build tools\n")
        .contains("_ \"k8s.io/kubernetes/cmd/kube-apiserver\"")
        .contains("_ \"k8s.io/kubernetes/cmd/kube-controller-manager\"")
        .contains("_ \"k8s.io/kubernetes/cmd/kube-scheduler\"")
        .contains("_ \"k8s.io/kubernetes/cmd/kubectl\"");
  }

  @Test
  void buildArgumentsSetVersionThroughLdflags() {
    List<String> args =
        KubernetesRecipe.recipe("v1.34.4", UPSTREAM)
            .buildArgs("kube-apiserver", "/out/kube-apiserver");
    assertThat(args)
        .containsExactly(
            "build",
            "-trimpath",
            "-ldflags=-s -w -X k8s.io/component-base/version.gitVersion=v1.34.4"
                + " -X k8s.io/component-base/version.gitMajor=1"
                + " -X k8s.io/component-base/version.gitMinor=34",
            "-o",
            "/out/kube-apiserver",
            "k8s.io/kubernetes/cmd/kube-apiserver");
  }

  @Test
  void anUpstreamGoModWithoutStagingIsRejected() {
    assertThatThrownBy(() -> KubernetesRecipe.recipe("v1.34.4", "module x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("staging");
  }

  @Test
  void etcdIsBuiltFromTheServerModuleRoot() {
    GoBuildRecipe r = EtcdRecipe.recipe("v3.6.4");
    assertThat(r.goMod())
        .contains("\tgo.etcd.io/etcd/server/v3 v3.6.4\n")
        .doesNotContain("replace");
    assertThat(r.toolsGo()).contains("_ \"go.etcd.io/etcd/server/v3\"");
    assertThat(r.buildArgs("etcd", "/o/etcd")).endsWith("/o/etcd", "go.etcd.io/etcd/server/v3");
  }

  @Test
  void goVersionComparison() {
    assertThat(GoToolchain.atLeast("go1.24.0", 1, 24)).isTrue();
    assertThat(GoToolchain.atLeast("go1.26.8", 1, 24)).isTrue();
    assertThat(GoToolchain.atLeast("go1.23.11", 1, 24)).isFalse();
    assertThat(GoToolchain.atLeast("go2.0", 1, 24)).isTrue();
    assertThat(GoToolchain.atLeast("devel", 1, 24)).isFalse();
  }
}
