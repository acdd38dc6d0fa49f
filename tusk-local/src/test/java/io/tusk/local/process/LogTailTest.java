package io.tusk.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir Path dir;

  @Test
  void returnsTheLastLinesIndented() throws Exception {
    Path log = dir.resolve("a.log");
    Files.writeString(
        log,
        IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"))
            + "\n");
    String tail = LogTail.of(log, 3);
    assertThat(tail.lines()).containsExactly("    line 98", "    line 99", "    line 100");
  }

  @Test
  void saysSoWhenTheLogIsMissing() {
    assertThat(LogTail.of(dir.resolve("nope.log"), 3)).contains("does not exist");
  }
}
