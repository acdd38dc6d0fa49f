package io.tusk.local.binaries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tusk.local.Progress;
import io.tusk.local.process.LogTail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link GoBuildRecipe}s with the local Go toolchain: writes the wrapper module, runs {@code
 * go mod tidy} and one {@code go build} per program, appending all output to a build log. While a
 * command runs it reports progress every 30 seconds (packages compiled so far, elapsed time),
 * because building Kubernetes from scratch takes many minutes on a small machine.
 */
public final class GoBuilder {

  private static final Duration TICK = Duration.ofSeconds(30);

  private final GoToolchain go;
  private final Progress progress;

  public GoBuilder(GoToolchain go, Progress progress) {
    this.go = go;
    this.progress = progress;
  }

  /**
   * Reads the go.mod of an upstream module version through {@code go mod download -json}.
   *
   * @param scratch an empty directory outside any Go module to run the command in
   */
  public String upstreamGoMod(String module, String version, Path scratch, Path log)
      throws IOException {
    Files.createDirectories(scratch);
    List<String> out = new ArrayList<>();
    run(
        scratch,
        log,
        List.of("mod", "download", "-json", module + "@" + version),
        "download " + module,
        out);
    JsonNode info = new ObjectMapper().readTree(String.join("\n", out));
    if (info.hasNonNull("Error")) {
      throw new IOException(
          "go mod download " + module + "@" + version + ": " + info.get("Error").asText());
    }
    return Files.readString(Path.of(info.get("GoMod").asText()));
  }

  /**
   * Writes the wrapper module into {@code workDir} and builds every program into {@code outDir}.
   */
  public void build(GoBuildRecipe recipe, Path workDir, Path outDir, Path log) throws IOException {
    Files.createDirectories(workDir);
    Files.createDirectories(outDir);
    Files.writeString(workDir.resolve("go.mod"), recipe.goMod());
    Files.writeString(workDir.resolve("tools.go"), recipe.toolsGo());
    progress.step(recipe.name() + " " + recipe.version() + ": resolving modules (go mod tidy)");
    run(workDir, log, List.of("mod", "tidy"), "go mod tidy", null);
    for (String program : recipe.programs().keySet()) {
      progress.step(recipe.name() + " " + recipe.version() + ": building " + program);
      List<String> args =
          new ArrayList<>(recipe.buildArgs(program, outDir.resolve(program).toString()));
      args.add(1, "-v");
      run(workDir, log, args, "building " + program, null);
      if (!Files.isExecutable(outDir.resolve(program))) {
        throw new IOException("go build produced no " + program + "; see " + log);
      }
    }
  }

  private void run(Path dir, Path log, List<String> args, String what, List<String> capture)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(go.executable().toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    go.configure(pb.environment());
    if (capture != null) {
      pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    } else {
      pb.redirectErrorStream(true);
    }
    long start = System.nanoTime();
    AtomicInteger lines = new AtomicInteger();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "go-build-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(
        () ->
            progress.step(
                "  still "
                    + what
                    + " ("
                    + Progress.format(Duration.ofNanos(System.nanoTime() - start))
                    + (capture == null ? ", " + lines.get() + " lines of go output" : "")
                    + ")"),
        TICK.toSeconds(),
        TICK.toSeconds(),
        TimeUnit.SECONDS);
    int exit;
    try (Writer w =
            Files.newBufferedWriter(
                log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        PrintWriter logOut = new PrintWriter(w)) {
      logOut.println("$ (cd " + dir + " && " + String.join(" ", cmd) + ")");
      logOut.flush();
      Process p = pb.start();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (capture != null) {
            capture.add(line);
          } else {
            logOut.println(line);
            lines.incrementAndGet();
          }
        }
      }
      exit = p.waitFor();
      logOut.println("# exit " + exit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + what, e);
    } finally {
      ticker.shutdownNow();
    }
    if (exit != 0) {
      throw new IOException(
          "go "
              + String.join(" ", args)
              + " failed (exit "
              + exit
              + ") while "
              + what
              + "; build log "
              + log
              + ":\n"
              + LogTail.of(log, 30));
    }
  }
}
