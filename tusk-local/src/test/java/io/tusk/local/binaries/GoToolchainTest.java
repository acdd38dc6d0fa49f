package io.tusk.local.binaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoToolchainTest {

  @TempDir Path dir;

  @Test
  void withoutGoTheMessageSaysWhatToInstallOrProvide() {
    assertThatThrownBy(() -> GoToolchain.locate(Optional.empty()))
        .isInstanceOf(MissingBinariesException.class)
        .hasMessageContaining("apt-get install golang")
        .hasMessageContaining("Go >= 1.25")
        .hasMessageContaining("--bin-dir")
        .hasMessageContaining("KUBEBUILDER_ASSETS");
  }

  @Test
  void aTooOldGoIsRejectedWithItsVersion() throws Exception {
    Path fake = dir.resolve("go");
    Files.writeString(fake, "#!/bin/sh\necho go1.22.5\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> GoToolchain.locate(Optional.of(fake)))
        .isInstanceOf(MissingBinariesException.class)
        .hasMessageContaining("go1.22.5")
        .hasMessageContaining("needs Go >= 1.25");
  }

  @Test
  void aRecentGoIsAccepted() throws Exception {
    Path fake = dir.resolve("go");
    Files.writeString(fake, "#!/bin/sh\necho go1.25.1\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    GoToolchain go = GoToolchain.locate(Optional.of(fake));
    assertThat(go.version()).isEqualTo("go1.25.1");
    java.util.Map<String, String> env = new java.util.HashMap<>();
    go.configure(env);
    assertThat(env)
        .containsEntry("CGO_ENABLED", "0")
        .containsEntry("GOFLAGS", "-mod=mod")
        .containsEntry("GOTOOLCHAIN", "local");
  }
}
