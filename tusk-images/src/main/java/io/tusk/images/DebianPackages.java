package io.tusk.images;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Installs Debian packages with {@code apt-get}, non-interactively, retrying once after {@code
 * apt-get update} (a new machine's package lists are often missing or stale). Shared by every step
 * that installs what Tusk's local environment needs.
 */
public final class DebianPackages {

  static final Duration APT_TIMEOUT = Duration.ofMinutes(15);

  private DebianPackages() {}

  /**
   * Installs {@code packages}; does nothing for an empty list.
   *
   * @throws InstallationException naming the packages to install by hand when apt-get fails
   */
  public static void install(List<String> packages, Consumer<String> progress)
      throws InstallationException {
    if (packages.isEmpty()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
    cmd.addAll(packages);
    Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
    progress.accept("apt-get install " + String.join(" ", packages) + " ...");
    ExternalCommand.Result r = ExternalCommand.run(cmd, env, null, APT_TIMEOUT);
    if (!r.ok()) {
      progress.accept("apt-get install failed; running apt-get update and retrying ...");
      ExternalCommand.run(List.of("apt-get", "update", "-q"), env, null, APT_TIMEOUT);
      r = ExternalCommand.run(cmd, env, null, APT_TIMEOUT);
    }
    if (!r.ok()) {
      throw new InstallationException(
          "apt-get install "
              + String.join(" ", packages)
              + " failed (exit "
              + r.exitCode()
              + "): "
              + r.tail(5)
              + "; install these Debian packages by hand: "
              + String.join(" ", packages));
    }
  }
}
