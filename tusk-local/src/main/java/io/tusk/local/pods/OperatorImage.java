package io.tusk.local.pods;

import io.tusk.images.ContainerContext;
import io.tusk.images.ContainerImage;
import io.tusk.images.ImageException;
import io.tusk.images.ImageReference;
import io.tusk.images.LaunchPlan;
import io.tusk.images.PodUser;
import io.tusk.local.AgentCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tusk's own operator image, {@value #REPOSITORY} (any tag, as {@code deploy/operator.yaml} and the
 * Helm chart name it), run from the local build: the image's entrypoint is {@code java -cp <the
 * CLI's class path> io.tusk.cli.TuskCli}, and the container's {@code args} ({@code ["operator"]})
 * follow, as in the OCI image. The class path is the node agent's own (the {@code tusk} CLI's),
 * copied into the container's scratch directory because the pod user cannot read {@code ~/.m2}
 * under {@code /root}. The operator reaches the API server with its ServiceAccount's kubeconfig, as
 * it would with the projected token on a real node.
 */
final class OperatorImage implements ContainerImage {

  static final String REPOSITORY = "ghcr.io/tusk-operator/tusk";
  static final String MAIN_CLASS = "io.tusk.cli.TuskCli";

  static boolean matches(String image) {
    if (image == null || image.isBlank()) {
      return false;
    }
    // ghcr.io/tusk-operator/tusk:0.1.0, a mirror's registry/tusk-operator/tusk@sha256:...
    return ImageReference.parse(image).path().equals(List.of("tusk-operator", "tusk"));
  }

  @Override
  public LaunchPlan prepare(ContainerContext ctx) throws ImageException {
    List<String> entries = AgentCommand.classpath();
    try {
      Class.forName(MAIN_CLASS, false, OperatorImage.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ImageException(
          REPOSITORY
              + " runs the local build of the tusk CLI, which is not on this node's class path;"
              + " start the local environment with ./tusk local up");
    }
    PodUser user = PodUser.of(ctx.runAsUser());
    List<String> copied = new ArrayList<>();
    try {
      Path lib = user.directory(ctx.scratchDir().resolve("lib"), "rwxr-xr-x");
      int i = 0;
      for (String e : entries) {
        Path source = Path.of(e);
        if (!Files.exists(source)) {
          continue;
        }
        Path target = lib.resolve(String.format("%03d-%s", i++, source.getFileName()));
        copyReadable(source, target);
        copied.add(target.toString());
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ImageException("cannot copy the operator's class path: " + e.getMessage());
    }
    List<String> cmd = new ArrayList<>();
    if (ctx.command().isEmpty()) {
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-cp");
      cmd.add(String.join(java.io.File.pathSeparator, copied));
      cmd.add(MAIN_CLASS);
      cmd.addAll(ctx.args());
    } else {
      // A container command replaces the image's entrypoint: it runs as given.
      cmd.addAll(ctx.command());
      cmd.addAll(ctx.args());
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", ctx.scratchDir().toString());
    env.put("HOSTNAME", ctx.podName());
    env.putAll(ctx.env());
    if (ctx.kubeconfig() != null) {
      env.put("KUBECONFIG", ctx.kubeconfig().toString());
    }
    // The container's /tmp is the host's /tmp here; the JVM gets a directory of its own.
    Path tmp;
    try {
      tmp = user.directory(ctx.scratchDir().resolve("tmp"), "rwx------");
    } catch (IOException e) {
      throw new ImageException("cannot create the container's temporary directory: " + e);
    }
    String options = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
    env.put(
        "JAVA_TOOL_OPTIONS",
        options.replace("-Djava.io.tmpdir=/tmp", "").trim() + " -Djava.io.tmpdir=" + tmp);
    return new LaunchPlan(
        cmd,
        env,
        ctx.scratchDir(),
        List.of(
            "runs "
                + MAIN_CLASS
                + " from the local build of the tusk CLI ("
                + copied.size()
                + " class path entries)"));
  }

  private static void copyReadable(Path source, Path target) throws IOException {
    if (Files.isDirectory(source)) {
      Files.walkFileTree(
          source,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              Path d = target.resolve(source.relativize(dir).toString());
              Files.createDirectories(d);
              d.toFile().setReadable(true, false);
              d.toFile().setExecutable(true, false);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Path f = target.resolve(source.relativize(file).toString());
              Files.copy(file, f, StandardCopyOption.REPLACE_EXISTING);
              f.toFile().setReadable(true, false);
              return FileVisitResult.CONTINUE;
            }
          });
    } else {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setReadable(true, false);
    }
  }
}
