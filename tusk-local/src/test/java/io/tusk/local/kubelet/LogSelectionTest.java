package io.tusk.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.local.pods.CriLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogSelectionTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static CriLog.Line line(int second, String content) {
    return new CriLog.Line(T0.plusSeconds(second), "stdout", false, content);
  }

  private static CriLog.Line part(int second, String content) {
    return new CriLog.Line(T0.plusSeconds(second), "stdout", true, content);
  }

  private static String show(LogSelection s, List<CriLog.Line> lines) {
    StringBuilder b = new StringBuilder();
    for (CriLog.Line l : s.initial(lines)) {
      b.append(new String(s.render(l), StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  private static LogOptions options(Long tail, Instant since, boolean ts, Long limit) {
    return new LogOptions(false, false, tail, since, ts, limit);
  }

  @Test
  void tailCountsWholeLinesIncludingPartialOnes() {
    List<CriLog.Line> lines =
        List.of(line(0, "a"), part(1, "b1"), line(1, "b2"), line(2, "c"), part(3, "d"));
    assertThat(show(new LogSelection(options(2L, null, false, null)), lines)).isEqualTo("c\nd");
    assertThat(show(new LogSelection(options(3L, null, false, null)), lines))
        .isEqualTo("b1b2\nc\nd");
    assertThat(show(new LogSelection(options(0L, null, false, null)), lines)).isEmpty();
    assertThat(show(new LogSelection(options(null, null, false, null)), lines))
        .isEqualTo("a\nb1b2\nc\nd");
  }

  @Test
  void sinceSkipsEarlierLinesAndTimestampsPrefixThem() {
    List<CriLog.Line> lines = List.of(line(0, "old"), line(5, "new"));
    assertThat(show(new LogSelection(options(null, T0.plusSeconds(5), true, null)), lines))
        .isEqualTo("2026-01-01T00:00:05.000000000Z new\n");
  }

  @Test
  void limitBytesCutsTheOutputOff() {
    LogSelection s = new LogSelection(options(null, null, false, 5L));
    assertThat(show(s, List.of(line(0, "abc"), line(1, "def"), line(2, "ghi"))))
        .isEqualTo("abc\nd");
    assertThat(s.exhausted()).isTrue();
  }
}
