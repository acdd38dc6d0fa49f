package io.tusk.local.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void defaultsToTheRepositoryDeployDirectory() throws Exception {
    String before = System.getProperty("tusk.root.dir");
    String crds = System.getProperty(CrdSource.PROPERTY);
    try {
      System.clearProperty(CrdSource.PROPERTY);
      Files.createDirectories(dir.resolve("deploy/crds"));
      Files.writeString(dir.resolve("deploy/crds/postgresql.yaml"), "");
      System.setProperty("tusk.root.dir", dir.toString());
      if (System.getenv(CrdSource.ENV) == null) {
        assertThat(CrdSource.files(List.of())).containsExactly(dir.resolve("deploy/crds/postgresql.yaml"));
      }
    } finally {
      restore("tusk.root.dir", before);
      restore(CrdSource.PROPERTY, crds);
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
