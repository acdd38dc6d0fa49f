package io.tusk.local.binaries;

import io.tusk.local.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * The per-user cache of built binaries, keyed by upstream version: {@code
 * <root>/<recipe>/<version>/bin/<program>} (root defaults to {@code ~/.cache/tusk}). A version
 * directory only ever appears by an atomic rename of a completed build, so a build that crashed
 * half-way leaves a {@code .partial-*} directory that is never used (and is removed by the next
 * build). Builds of the same recipe are serialised with a file lock so that two test JVMs starting
 * at once do not build twice.
 */
public final class BinaryCache {

  private final Path root;

  public BinaryCache(Path root) {
    this.root = root;
  }

  /** {@code $TUSK_CACHE_DIR}, else {@code $XDG_CACHE_HOME/tusk}, else {@code ~/.cache/tusk}. */
  public static BinaryCache defaultCache() {
    String explicit = System.getProperty("tusk.cache.dir", System.getenv("TUSK_CACHE_DIR"));
    if (explicit != null && !explicit.isBlank()) {
      return new BinaryCache(Path.of(explicit));
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return new BinaryCache(base.resolve("tusk"));
  }

  public Path root() {
    return root;
  }

  /** Where the programs of {@code recipe} live once built. */
  public Path binDir(GoBuildRecipe recipe) {
    return binDir(recipe.name(), recipe.version());
  }

  public Path binDir(String name, String version) {
    return root.resolve(name).resolve(version).resolve("bin");
  }

  /** The wrapper-module directory and log of a recipe's build. */
  public Path workDir(String name, String version) {
    return root.resolve("build").resolve(name + "-" + version);
  }

  public boolean isComplete(String name, String version, Iterable<String> programs) {
    Path bin = binDir(name, version);
    for (String p : programs) {
      if (!Files.isExecutable(bin.resolve(p))) {
        return false;
      }
    }
    return true;
  }

  /** A build step that fills {@code binDir} with the recipe's programs. */
  @FunctionalInterface
  public interface BuildStep {
    void build(Path binDir) throws IOException;
  }

  /**
   * Makes sure the programs of {@code name/version} are cached, running {@code step} into a private
   * directory and renaming it into place when they are not.
   *
   * @return the bin directory
   */
  public Path ensure(
      String name, String version, Iterable<String> programs, Progress progress, BuildStep step)
      throws IOException {
    if (isComplete(name, version, programs)) {
      return binDir(name, version);
    }
    Path versions = root.resolve(name);
    Files.createDirectories(versions);
    Files.createDirectories(root.resolve("build"));
    Path lockFile = root.resolve("build").resolve(name + "-" + version + ".lock");
    try (FileChannel ch =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = lock(ch, progress, name)) {
      if (isComplete(name, version, programs)) {
        return binDir(name, version); // another process built it while we waited
      }
      Path target = versions.resolve(version);
      if (Files.exists(target)) {
        // An incomplete version directory cannot come from us (we rename whole builds); move it
        // out of the way rather than mixing binaries of unknown origin.
        deleteTree(target);
      }
      try (Stream<Path> old = Files.list(versions)) {
        old.filter(p -> p.getFileName().toString().startsWith("." + version + ".partial-"))
            .forEach(BinaryCache::deleteTree);
      }
      Path partial = versions.resolve("." + version + ".partial-" + ProcessHandle.current().pid());
      Files.createDirectories(partial.resolve("bin"));
      step.build(partial.resolve("bin"));
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        deleteTree(partial);
        throw new IOException("cannot move the finished build into " + target, e);
      }
      return binDir(name, version);
    }
  }

  private static FileLock lock(FileChannel ch, Progress progress, String name) throws IOException {
    FileLock lock = ch.tryLock();
    if (lock == null) {
      progress.step("waiting for another process that is building " + name);
      lock = ch.lock();
    }
    return lock;
  }

  static void deleteTree(Path dir) {
    try {
      if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        PathUtils.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
