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
 * runner's temporary jar.
 */
final class AgentCommand {

  private AgentCommand() {}

  static List<String> forStateDir(Path stateDir) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classpath()));
    cmd.add(NodeAgentMain.class.getName());
    cmd.add(stateDir.toString());
    return cmd;
  }

  static String javaExecutable() {
    Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(fromHome)) {
      return fromHome.toString();
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  static List<String> classpath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.isBlank()) {
        continue;
      }
      entries.add(Path.of(e).toAbsolutePath().toString());
      entries.addAll(manifestClassPath(Path.of(e)));
    }
    return new ArrayList<>(entries);
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
