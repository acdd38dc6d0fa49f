package io.tusk.local.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tusk.api.Crds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrdSourceTest {

  @TempDir Path dir;

  @Test
  void directoriesContributeTheirYamlFilesInOrder() throws Exception {
    Files.writeString(dir.resolve("b.yaml"), "");
    Files.writeString(dir.resolve("a.yml"), "");
    Files.writeString(dir.resolve("README.md"), "");
    Path extra = Files.writeString(dir.resolveSibling(dir.getFileName() + "-x.yaml"), "");
    try {
      assertThat(CrdSource.files(List.of(dir, extra)))
          .containsExactly(dir.resolve("a.yml"), dir.resolve("b.yaml"), extra);
    } finally {
      Files.delete(extra);
    }
  }

  @Test
  void aMissingPathIsAnError() {
    assertThatThrownBy(() -> CrdSource.files(List.of(dir.resolve("missing"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void defaultsToTusksOwnCrds() throws Exception {
    String crds = System.getProperty(CrdSource.PROPERTY);
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      System.clearProperty(CrdSource.PROPERTY);
      if (System.getenv(CrdSource.ENV) == null) {
        assertThat(CrdSource.definitions(client, List.of()))
            .extracting(c -> c.getMetadata().getName())
            .containsExactlyElementsOf(Crds.names());
      }
    } finally {
      restore(CrdSource.PROPERTY, crds);
    }
  }

  @Test
  void explicitFilesOverrideTheDefault() throws Exception {
    Path crd =
        Path.of(
            System.getProperty("tusk.reference.dir"),
            "zalando-v2.0.1/manifests/postgresteam.crd.yaml");
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      assertThat(CrdSource.definitions(client, List.of(crd)))
          .extracting(c -> c.getMetadata().getName())
          .containsExactly("postgresteams.acid.zalan.do");
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
