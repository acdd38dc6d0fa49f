package io.tusk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What {@code tusk ui} refuses before it starts. */
class UiCommandTest {

  @Test
  void refusesToListenBeyondLoopbackWithoutAToken() {
    var cl = TuskCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));

    int code = cl.execute("ui", "--bind", "0.0.0.0", "--port", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("error: the UI listens on 0.0.0.0, which is not a loopback address")
        .contains("--token-file");
  }

  @Test
  void isACommandOfTheCli() {
    StringWriter out = new StringWriter();
    var cl = TuskCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("ui", "--help")).isZero();
    assertThat(out.toString()).contains("--read-only", "--operator-url", "--token-file");
  }
}
