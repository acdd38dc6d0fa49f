package io.tusk.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's OCI image archive that the build makes ({@code target/tusk-operator-image.tar},
 * see the tusk-cli pom): reproducible (two builds from separate runtimes have the same digest), an
 * OCI layout with the entrypoint, user and port of the Deployment, and runnable: its layers
 * unpacked into a directory and its entrypoint run there by {@code chroot} as the image's user,
 * with nothing of this machine but the kernel, renders a manifest's objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorImageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TARGET = Path.of("target");

  @TempDir Path work;
  private Path root;
  private JsonNode config;

  @BeforeAll
  void unpack(@TempDir Path dir) throws Exception {
    Path layout = dir.resolve("layout");
    Files.createDirectories(layout);
    run(
        List.of(
            "tar",
            "-xf",
            TARGET.resolve("tusk-operator-image.tar").toString(),
            "-C",
            layout.toString()));
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode manifest = blob(layout, index.path("manifests").get(0).path("digest").asText());
    config = blob(layout, manifest.path("config").path("digest").asText());
    root = dir.resolve("root");
    Files.createDirectories(root);
    for (JsonNode layer : manifest.path("layers")) {
      assertThat(layer.path("mediaType").asText())
          .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
      run(
          List.of(
              "tar",
              "-xzf",
              blobPath(layout, layer.path("digest").asText()).toString(),
              "-C",
              root.toString()));
    }
    Files.createDirectories(root.resolve("proc"));
  }

  private static Path blobPath(Path layout, String digest) {
    return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
  }

  private static JsonNode blob(Path layout, String digest) throws IOException {
    return JSON.readTree(blobPath(layout, digest).toFile());
  }

  @Test
  void twoBuildsFromSeparateRuntimesHaveTheSameDigest() throws Exception {
    String first = Files.readString(TARGET.resolve("tusk-operator-image.digest")).trim();
    String second = Files.readString(TARGET.resolve("tusk-operator-image-again.digest")).trim();
    assertThat(first).startsWith("sha256:").isEqualTo(second);
  }

  @Test
  void theImageIsConfiguredAsTheDeploymentExpects() {
    JsonNode c = config.path("config");
    List<String> entrypoint = new ArrayList<>();
    c.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertThat(entrypoint)
        .containsExactly(
            "/opt/java/bin/java",
            "-cp",
            "/app/resources:/app/classes:/app/libs/*",
            "io.tusk.cli.TuskCli");
    assertThat(c.path("User").asText()).isEqualTo("1000:1000");
    assertThat(c.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.path("created").asText()).startsWith("1970-01-01T00:00:00");
    assertThat(root.resolve("bin"))
        .as("no shell or tools: only Java and its libraries")
        .doesNotExist();
  }

  @Test
  void itsEntrypointRunsInTheImageAloneAsItsUser() throws Exception {
    Files.writeString(
        root.resolve("tmp/acid-image.yaml"),
        "apiVersion: acid.zalan.do/v1\nkind: postgresql\nmetadata: {name: acid-image,"
            + " namespace: default}\nspec:\n  teamId: acid\n  numberOfInstances: 2\n"
            + "  volume: {size: 1Gi}\n  postgresql: {version: \"17\"}\n");
    root.resolve("tmp/acid-image.yaml").toFile().setReadable(true, false);

    Result version = inImage("--version");
    assertThat(version.code()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("tusk ");

    Result render = inImage("render", "-f", "/tmp/acid-image.yaml");
    assertThat(render.code()).as(render.err()).isZero();
    assertThat(render.out())
        .contains("kind: \"StatefulSet\"", "name: \"acid-image\"", "replicas: 2")
        .contains("image: \"ghcr.io/zalando/spilo-");
  }

  record Result(int code, String out, String err) {}

  /** The image's entrypoint with {@code args}, in a PID and mount namespace with its own /proc. */
  private Result inImage(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                host("unshare"),
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=" + root.resolve("proc"),
                host("chroot"),
                "--userspec=1000:1000",
                root.toString()));
    config.path("config").path("Entrypoint").forEach(e -> cmd.add(e.asText()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    config
        .path("config")
        .path("Env")
        .forEach(
            e -> {
              String[] kv = e.asText().split("=", 2);
              pb.environment().put(kv[0], kv[1]);
            });
    Path out = work.resolve("out");
    Path err = work.resolve("err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the image's entrypoint did not end in 2 minutes");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** A program of this machine by its absolute path (the image's environment has no PATH to it). */
  private static String host(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(program + " is needed (Debian: util-linux and coreutils)");
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
  }
}
