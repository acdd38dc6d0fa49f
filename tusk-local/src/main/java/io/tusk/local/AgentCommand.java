package io.tusk.local;

import io.tusk.local.nodes.NodeAgentMain;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The command line of the detached node-agent JVM: the running JVM's {@code java} executable and
 * class path. Test runners often start JVMs with a single "manifest-only" jar whose {@code
 * Class-Path} lists the real entries; those are expanded so the agent does not depend on the
 * runner's temporary jar. Entries outside the local Maven repository (the project's own {@code
 * target/} jars and class directories) are copied into the state directory first: the agent
 * outlives the command that started it, and a rebuild of the project must not pull classes from
 * under a running agent.
 */
public final class AgentCommand {

  /** Directory under the state directory holding the agent's copies of project classes. */
  static final String DIR = "agent-classpath";

  private AgentCommand() {}

  static List<String> forStateDir(Path stateDir) throws IOException {
    return javaCommand(
        stateDir.resolve(DIR),
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
        NodeAgentMain.class.getName(),
        List.of(stateDir.toString()));
  }

  /**
   * A detached JVM running {@code mainClass} with this JVM's class path, its project entries copied
   * into {@code snapshotDir} (which must not hold an earlier snapshot).
   */
  static List<String> javaCommand(
      Path snapshotDir, List<String> jvmOptions, String mainClass, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, snapshot(classpath(), snapshotDir)));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  static String javaExecutable() {
    Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(fromHome)) {
      return fromHome.toString();
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** This JVM's class path, with what launcher jars name in their manifests. */
  public static List<String> classpath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.isBlank()) {
        continue;
      }
      // The jar itself, and what its manifest's Class-Path names: a launcher jar holds only the
      // latter, while a library jar (cron-utils) may name neighbours that are not there.
      entries.add(Path.of(e).toAbsolutePath().toString());
      for (String named : manifestClassPath(Path.of(e))) {
        if (Files.exists(Path.of(named))) {
          entries.add(named);
        }
      }
    }
    return new ArrayList<>(entries);
  }

  /**
   * Copies every entry that is not in the local Maven repository into {@code dest} and returns the
   * class path with the copies in their place.
   */
  static List<String> snapshot(List<String> entries, Path dest) throws IOException {
    Path repo = mavenRepository();
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String e : entries) {
      Path p = Path.of(e).toAbsolutePath().normalize();
      if (!Files.exists(p) || p.startsWith(repo)) {
        out.add(e);
        continue;
      }
      Path copy = dest.resolve(String.format("%02d-%s", i++, p.getFileName()));
      copyTree(p, copy);
      out.add(copy.toString());
    }
    return out;
  }

  private static Path mavenRepository() {
    String local = System.getProperty("maven.repo.local");
    return (local != null
            ? Path.of(local)
            : Path.of(System.getProperty("user.home"), ".m2", "repository"))
        .toAbsolutePath()
        .normalize();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (Files.isRegularFile(from)) {
      Files.createDirectories(to.getParent());
      Files.copy(from, to);
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
      for (Path src : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(src).toString());
        if (Files.isDirectory(src)) {
          Files.createDirectories(target);
        } else {
          Files.copy(src, target);
        }
      }
    }
  }

  private static List<String> manifestClassPath(Path jar) {
    if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
      return List.of();
    }
    try (JarFile jf = new JarFile(jar.toFile())) {
      Manifest m = jf.getManifest();
      String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
      if (cp == null || cp.isBlank()) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      URI base = jar.toAbsolutePath().getParent().toUri();
      for (String item : cp.trim().split("\\s+")) {
        URI u = base.resolve(item);
        if ("file".equals(u.getScheme())) {
          out.add(Path.of(u).toString());
        }
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
  }
}
