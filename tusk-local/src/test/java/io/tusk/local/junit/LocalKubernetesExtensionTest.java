package io.tusk.local.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalKubernetesExtensionTest {

  static class ABitOfAVeryLongTestClassNameThatGoesOnAndOnForeverAndEverIT {}

  @Test
  void namespaceNamesAreValidDnsLabelsDerivedFromTheClass() {
    String ns = LocalKubernetesExtension.namespaceName(LocalKubernetesExtensionTest.class);
    assertThat(ns).matches("local-kubernetes-extension-test-[0-9a-f]{6}");
    String longOne =
        LocalKubernetesExtension.namespaceName(
            ABitOfAVeryLongTestClassNameThatGoesOnAndOnForeverAndEverIT.class);
    assertThat(longOne.length()).isLessThanOrEqualTo(63);
    assertThat(longOne).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  }

  @Test
  void twoClassesNeverShareANamespace() {
    assertThat(LocalKubernetesExtension.namespaceName(getClass()))
        .isNotEqualTo(LocalKubernetesExtension.namespaceName(getClass()));
  }
}
