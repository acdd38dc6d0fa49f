package io.tusk.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogWriterTest {

  @Test
  void writesEachStreamsLinesAndEndsWithTheProcess(@TempDir Path dir) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "echo out; echo err >&2; printf tail").start();
    Path file = dir.resolve("0.log");
    ContainerLogWriter w = ContainerLogWriter.start(p, file, "test");
    p.waitFor();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!w.ended() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(w.ended()).isTrue();
    List<CriLog.Line> lines = Files.readAllLines(file).stream().map(CriLog::parse).toList();
    assertThat(lines)
        .extracting(CriLog.Line::stream, CriLog.Line::partial, CriLog.Line::content)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("stdout", false, "out"),
            org.assertj.core.groups.Tuple.tuple("stderr", false, "err"),
            org.assertj.core.groups.Tuple.tuple("stdout", true, "tail"));
  }
}
