package io.tusk.images.spilo;

import io.tusk.images.PodUser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command Patroni runs as {@code bootstrap.post_init}: this JVM's {@code java} running {@link
 * PostBootstrap} with a private copy of the two code sources it needs (this module and pgjdbc).
 *
 * <p>Why a copy: the pod user cannot read the agent's class path when it lives under {@code
 * /root} (e.g. {@code ~/.m2}). The code sources are found through the classes themselves, so it
 * works the same from a jar, a Maven {@code target/classes} directory or a packaged distribution.
 * Stands in for Spilo's {@code /scripts/post_init.sh}.
 */
final class PostBootstrapCommand {

  static final String MAIN_CLASS = PostBootstrap.class.getName();

  private PostBootstrapCommand() {}

  /** Copies the class path into {@code libDir} and returns the command (without arguments). */
  static String prepare(Path libDir, PodUser user) throws IOException {
    if (Files.exists(libDir)) {
      deleteTree(libDir);
    }
    user.directory(libDir, "rwxr-xr-x");
    List<String> classpath = new ArrayList<>();
    int i = 0;
    for (Class<?> anchor : List.of(PostBootstrap.class, org.postgresql.Driver.class)) {
      Path source = codeSource(anchor);
      Path target = libDir.resolve(i++ + "-" + source.getFileName());
      copy(source, target, user);
      classpath.add(target.toString());
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return ShellQuoting.join(
        List.of(
            java.toString(),
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            String.join(":", classpath),
            MAIN_CLASS));
  }

  static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("cannot locate the code source of " + c.getName(), e);
    }
  }

  private static void copy(Path source, Path target, PodUser user) throws IOException {
    if (Files.isDirectory(source)) {
      try (Stream<Path> s = Files.walk(source)) {
        for (Path p : s.toList()) {
          Path t = target.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
          } else {
            Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
          }
          user.own(t);
        }
      }
    } else {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
      user.own(target);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
