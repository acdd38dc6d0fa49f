package io.tusk.local.it;

import io.tusk.local.cli.LocalCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code tusk local ...} in-process and captures what it prints. */
final class Cli {

  record Result(int code, String out, String err) {
    String lastLine() {
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
  }

  private Cli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new LocalCommand())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    Result r = new Result(code, out.toString(), err.toString());
    System.out.println(
        "$ tusk local " + String.join(" ", args) + "  -> " + code + "\n" + r.out() + r.err());
    return r;
  }
}
