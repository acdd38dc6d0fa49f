package io.tusk.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CriLogTest {

  @Test
  void formatsAndParsesLines() {
    Instant t = Instant.parse("2026-01-01T00:00:01.5Z");
    String l = CriLog.format(t, "stderr", false, "hello world");
    assertThat(l).isEqualTo("2026-01-01T00:00:01.500000000Z stderr F hello world\n");
    CriLog.Line p = CriLog.parse(l.substring(0, l.length() - 1));
    assertThat(p).isEqualTo(new CriLog.Line(t, "stderr", false, "hello world"));
    assertThat(p.output()).isEqualTo("hello world\n");
    assertThat(CriLog.parse("2026-01-01T00:00:01Z stdout P ").output()).isEmpty();
  }

  @Test
  void otherTextIsNoLogLine() {
    assertThat(CriLog.parse("---- starting")).isNull();
    assertThat(CriLog.parse("yesterday stdout F x")).isNull();
    assertThat(CriLog.parse("2026-01-01T00:00:01Z stdout X x")).isNull();
  }
}
