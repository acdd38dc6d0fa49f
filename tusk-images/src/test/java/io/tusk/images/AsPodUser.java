package io.tusk.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs test processes the way the local node runs containers: as an unprivileged user with exactly
 * the given environment ({@code setpriv ... env -i}). Uses {@code tuskpg} (created when missing);
 * without root the processes simply run as the current user.
 */
public final class AsPodUser {

  public static final String USER = "tuskpg";

  private AsPodUser() {}

  /** The user name for {@link ContainerContext#runAsUser()}; null when not running as root. */
  public static String user() {
    if (!PodUser.runningAsRoot()) {
      return null;
    }
    if (!ExternalCommand.run(List.of("id", "-u", USER), Duration.ofSeconds(10)).ok()) {
      ExternalCommand.Result r =
          ExternalCommand.run(
              List.of("useradd", "-r", "-m", "-d", "/home/" + USER, "-s", "/bin/bash", USER),
              Duration.ofSeconds(30));
      if (!r.ok()) {
        throw new IllegalStateException("cannot create user " + USER + ": " + r.output());
      }
    }
    return USER;
  }

  /** The command line that runs {@code command} as the pod user with exactly {@code env}. */
  public static List<String> command(List<String> command, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    if (user() != null) {
      out.addAll(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups", "--"));
    }
    out.add("env");
    out.add("-i");
    env.forEach((k, v) -> out.add(k + "=" + v));
    out.addAll(command);
    return out;
  }

  public static ExternalCommand.Result run(
      List<String> command, Map<String, String> env, Duration timeout) {
    return ExternalCommand.run(command(command, env), Map.of(), null, timeout);
  }

  /** A temporary directory the pod user can enter (mode 0755). */
  public static Path tempDir(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** The pod user for file ownership. */
  public static PodUser podUser() {
    try {
      return PodUser.of(user());
    } catch (ImageException e) {
      throw new IllegalStateException(e);
    }
  }
}
