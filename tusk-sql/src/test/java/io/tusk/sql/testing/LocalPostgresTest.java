package io.tusk.sql.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {

  @Test
  void missingBinariesFailWithWhatToInstall() {
    assertThatThrownBy(
            () -> LocalPostgres.firstWithBinaries(List.of(Path.of("/nonexistent/postgresql/bin"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("initdb, pg_ctl, postgres")
        .hasMessageContaining("apt-get install postgresql");
  }

  @Test
  void findsADirectoryWithTheServerBinaries() throws Exception {
    Path dir = Files.createTempDirectory("fake-pg-bin");
    try {
      for (String b : List.of("initdb", "pg_ctl", "postgres")) {
        Path f = Files.createFile(dir.resolve(b));
        assertThat(f.toFile().setExecutable(true)).isTrue();
      }
      assertThat(LocalPostgres.firstWithBinaries(List.of(Path.of("/nonexistent"), dir)))
          .isEqualTo(dir);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
