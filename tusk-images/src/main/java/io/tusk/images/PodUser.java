package io.tusk.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The unprivileged OS user a container's process runs as, and the files written for it: when this
 * JVM runs as root, everything written for a container is handed over (chown) to that user, since
 * PostgreSQL insists on owning its data directory and private keys.
 *
 * <p>Mirrors what Spilo's {@code launch.sh} / {@code configure_spilo.py} do with {@code
 * adjust_owner} and {@code chown postgres}.
 */
public final class PodUser {

  private final String name;
  private final Integer uid;
  private final Integer gid;

  private PodUser(String name, Integer uid, Integer gid) {
    this.name = name;
    this.uid = uid;
    this.gid = gid;
  }

  /**
   * The user named (or numbered) {@code runAsUser}; ownership changes happen only when this JVM
   * runs as root and the user is known.
   */
  public static PodUser of(String runAsUser) throws ImageException {
    if (runAsUser == null || runAsUser.isBlank() || !runningAsRoot()) {
      return new PodUser(runAsUser, null, null);
    }
    for (String line : passwdLines()) {
      String[] f = line.split(":");
      if (f.length >= 4 && (f[0].equals(runAsUser) || f[2].equals(runAsUser))) {
        return new PodUser(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]));
      }
    }
    if (runAsUser.matches("\\d+")) {
      int id = Integer.parseInt(runAsUser);
      return new PodUser(runAsUser, id, id);
    }
    throw new ImageException("user " + runAsUser + " does not exist on this machine");
  }

  public static boolean runningAsRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  public String name() {
    return name;
  }

  /** Hands a file or directory over to the user (no-op unless running as root). */
  public void own(Path path) throws IOException {
    if (uid != null) {
      Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /**
   * Creates a directory and its missing parents with the given mode; every directory it creates,
   * and the leaf, belongs to the user.
   */
  public Path directory(Path dir, String mode) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      directory(parent, "rwxr-xr-x");
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectory(dir);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    own(dir);
    return dir;
  }

  /** Writes a file only the user can read (configuration with passwords, private keys). */
  public Path privateFile(Path file, String content) throws IOException {
    return file(file, content, "rw-------");
  }

  /** Writes a file with the given mode, owned by the user. */
  public Path file(Path file, String content, String mode) throws IOException {
    Set<PosixFilePermission> perms = PosixFilePermissions.fromString(mode);
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(perms));
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(tmp, perms); // umask may have narrowed the creation mode
    own(tmp);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** Copies a file (e.g. a mounted certificate) to a private, user-owned file. */
  public Path privateCopy(Path source, Path target) throws IOException {
    return privateFile(target, Files.readString(source, StandardCharsets.UTF_8));
  }

  private static List<String> passwdLines() {
    try {
      return Files.readAllLines(Path.of("/etc/passwd"));
    } catch (IOException e) {
      return List.of();
    }
  }
}
