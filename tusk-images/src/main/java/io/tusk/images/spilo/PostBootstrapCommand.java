package io.tusk.images.spilo;

import io.tusk.images.PodUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The command Patroni runs as {@code bootstrap.post_init}: this JVM's {@code java} running {@link
 * PostBootstrap} from a small jar in the container's scratch directory that holds just the hook's
 * classes and pgjdbc.
 *
 * <p>Why a jar of its own: the pod user cannot read the agent's class path when it lives under
 * {@code /root} (e.g. {@code ~/.m2}), and copying whole (possibly shaded) jars per container would
 * be wasteful. The classes are found through {@link Class#getProtectionDomain()}, so it works the
 * same from separate jars, a shaded jar or Maven's {@code target/classes}. Stands in for Spilo's
 * {@code /scripts/post_init.sh}.
 */
public final class PostBootstrapCommand {

  static final String MAIN_CLASS = PostBootstrap.class.getName();
  static final String JAR_NAME = "tusk-post-bootstrap.jar";

  /** The local logical backup image's program runs from the same jar. */
  private static final String LOGICAL_BACKUP_PACKAGE =
      io.tusk.images.logicalbackup.LogicalBackupDump.class.getPackageName().replace('.', '/') + "/";

  private static final String TRUSTED_CA =
      io.tusk.images.TrustedCa.class.getName().replace('.', '/') + ".class";

  private static final String HOOK_PACKAGE =
      PostBootstrap.class.getPackageName().replace('.', '/') + "/";

  private PostBootstrapCommand() {}

  /** Writes the hook's jar into {@code libDir} and returns the command (without arguments). */
  /**
   * Writes the jar of the programs that run inside local containers into {@code libDir}; returns
   * the {@code java} command that runs a class of it (without the class).
   */
  public static List<String> javaCommand(Path libDir, PodUser user) throws IOException {
    prepare(libDir, user);
    return javaArgs(libDir);
  }

  /** {@code java} with the small-footprint options and the jar in {@code libDir} on its path. */
  static List<String> javaArgs(Path libDir) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return List.of(
        java.toString(),
        "-Xmx64m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        libDir.resolve(JAR_NAME).toString());
  }

  static String prepare(Path libDir, PodUser user) throws IOException {
    user.directory(libDir, "rwxr-xr-x");
    Path jar = libDir.resolve(JAR_NAME);
    Path tmp = libDir.resolve(JAR_NAME + ".tmp");
    Set<String> written = new LinkedHashSet<>();
    try (OutputStream out = Files.newOutputStream(tmp);
        JarOutputStream jos = new JarOutputStream(out)) {
      copyEntries(
          codeSource(PostBootstrap.class),
          n ->
              n.startsWith(HOOK_PACKAGE)
                  || n.startsWith(LOGICAL_BACKUP_PACKAGE)
                  || n.equals(TRUSTED_CA),
          jos,
          written);
      copyEntries(
          codeSource(org.postgresql.Driver.class),
          n -> n.startsWith("org/postgresql/") || n.equals("META-INF/services/java.sql.Driver"),
          jos,
          written);
      // The in-place upgrade's program talks to Patroni through Tusk's client.
      for (Class<?> c :
          List.of(
              io.tusk.patroni.PatroniClient.class,
              org.slf4j.LoggerFactory.class,
              com.fasterxml.jackson.databind.ObjectMapper.class,
              com.fasterxml.jackson.core.JsonParser.class,
              com.fasterxml.jackson.annotation.JsonProperty.class)) {
        String prefix = c.getPackageName().replace('.', '/') + "/";
        copyEntries(codeSource(c), n -> n.startsWith(prefix), jos, written);
      }
      // The backup cron reads BACKUP_SCHEDULE with cron-utils.
      copyEntries(
          codeSource(com.cronutils.parser.CronParser.class),
          n -> n.startsWith("com/cronutils/"),
          jos,
          written);
    }
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    user.own(tmp);
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    List<String> cmd = new java.util.ArrayList<>(javaArgs(libDir));
    cmd.add(MAIN_CLASS);
    return ShellQuoting.join(cmd);
  }

  static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("cannot locate the code source of " + c.getName(), e);
    }
  }

  private static void copyEntries(
      Path source, Predicate<String> wanted, JarOutputStream jos, Set<String> written)
      throws IOException {
    if (Files.isDirectory(source)) {
      try (Stream<Path> files = Files.walk(source)) {
        for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
          String name = source.relativize(p).toString().replace('\\', '/');
          if (wanted.test(name) && written.add(name)) {
            jos.putNextEntry(new JarEntry(name));
            Files.copy(p, jos);
            jos.closeEntry();
          }
        }
      }
      return;
    }
    try (JarFile jar = new JarFile(source.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (!e.isDirectory() && wanted.test(e.getName()) && written.add(e.getName())) {
          jos.putNextEntry(new JarEntry(e.getName()));
          try (InputStream in = jar.getInputStream(e)) {
            in.transferTo(jos);
          }
          jos.closeEntry();
        }
      }
    }
  }
}
