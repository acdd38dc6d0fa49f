package io.tusk.local.binaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.local.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryCacheTest {

  @TempDir Path root;

  private static void fakeProgram(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aFailedBuildLeavesNothingThatCountsAsCached() throws Exception {
    BinaryCache cache = new BinaryCache(root);
    assertThatThrownBy(
            () ->
                cache.ensure(
                    "k",
                    "v1",
                    List.of("a", "b"),
                    Progress.silent(),
                    bin -> {
                      fakeProgram(bin, "a"); // half-built: b never appears
                      throw new IOException("build broke");
                    }))
        .hasMessage("build broke");
    assertThat(cache.isComplete("k", "v1", List.of("a", "b"))).isFalse();
    assertThat(Files.exists(cache.binDir("k", "v1"))).isFalse();
  }

  @Test
  void aCompletedBuildIsRenamedIntoPlaceAndReused() throws Exception {
    BinaryCache cache = new BinaryCache(root);
    AtomicInteger builds = new AtomicInteger();
    BinaryCache.BuildStep step =
        bin -> {
          builds.incrementAndGet();
          fakeProgram(bin, "a");
          fakeProgram(bin, "b");
        };
    Path bin = cache.ensure("k", "v1", List.of("a", "b"), Progress.silent(), step);
    assertThat(bin).isEqualTo(root.resolve("k/v1/bin"));
    assertThat(Files.isExecutable(bin.resolve("a"))).isTrue();
    cache.ensure("k", "v1", List.of("a", "b"), Progress.silent(), step);
    assertThat(builds).hasValue(1);
    try (Stream<Path> s = Files.list(root.resolve("k"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("v1");
    }
  }

  @Test
  void leftoversOfACrashedBuildAreRemovedAndRebuilt() throws Exception {
    BinaryCache cache = new BinaryCache(root);
    Path crashed = root.resolve("k/.v1.partial-99999/bin");
    Files.createDirectories(crashed);
    fakeProgram(crashed, "a");
    // An incomplete version directory (not made by us) must not be trusted either.
    Files.createDirectories(root.resolve("k/v1/bin"));
    fakeProgram(root.resolve("k/v1/bin"), "a");
    Path bin =
        cache.ensure(
            "k",
            "v1",
            List.of("a", "b"),
            Progress.silent(),
            b -> {
              fakeProgram(b, "a");
              fakeProgram(b, "b");
            });
    assertThat(Files.isExecutable(bin.resolve("b"))).isTrue();
    assertThat(Files.exists(root.resolve("k/.v1.partial-99999"))).isFalse();
  }
}
