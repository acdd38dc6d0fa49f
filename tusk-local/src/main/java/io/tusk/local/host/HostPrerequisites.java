package io.tusk.local.host;

import io.tusk.images.DebianPackages;
import io.tusk.images.InstallationException;
import io.tusk.local.Progress;
import io.tusk.local.Versions;
import io.tusk.local.binaries.BinaryCache;
import io.tusk.local.binaries.GoToolchain;
import io.tusk.local.binaries.MissingBinariesException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one prerequisite step of {@code tusk local up}, {@code install} and {@code demo} (and so of
 * the test command): the programs of {@link HostRequirement} on {@code PATH}, root for real pods,
 * and a Go toolchain when binaries must be built. As root, missing Debian packages are installed
 * and a too-old Go is replaced by a fetched one; otherwise (or with {@value #NO_INSTALL} set) the
 * step stops before any work with a message that names each missing piece and how to install it.
 */
public final class HostPrerequisites {

  /** Environment variable: when set to {@code 1} or {@code true}, check only, never install. */
  public static final String NO_INSTALL = "TUSK_NO_INSTALL";

  /** What the command about to run needs. */
  public record Needs(boolean realPods, boolean buildBinaries) {}

  /** One missing piece, with the command that provides it. */
  public record Missing(String what, String purpose, String remedy) {
    @Override
    public String toString() {
      return what + " (" + purpose + "): " + remedy;
    }
  }

  /** Installs Debian packages; {@link DebianPackages#install} on a real machine. */
  @FunctionalInterface
  interface PackageInstaller {
    void install(List<String> packages, Consumer<String> progress) throws InstallationException;
  }

  private final Map<String, String> env;
  private final boolean root;
  private final PackageInstaller packages;
  private final BinaryCache cache;

  HostPrerequisites(
      Map<String, String> env, boolean root, PackageInstaller packages, BinaryCache cache) {
    this.env = env;
    this.root = root;
    this.packages = packages;
    this.cache = cache;
  }

  /** The prerequisites of this process: its {@code PATH}, its user, apt-get and the cache. */
  public static HostPrerequisites ofThisProcess() {
    return new HostPrerequisites(
        System.getenv(), isRoot(), DebianPackages::install, BinaryCache.defaultCache());
  }

  private static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /** Whether this step may install: as root, unless {@value #NO_INSTALL} says not to. */
  boolean mayInstall() {
    String no = env.get(NO_INSTALL);
    return root && !("1".equals(no) || "true".equalsIgnoreCase(no));
  }

  /** Everything missing for {@code needs}, installing nothing. */
  public List<Missing> check(Needs needs) {
    List<Missing> missing = new ArrayList<>();
    for (HostRequirement r : missingPrograms(needs)) {
      missing.add(
          new Missing(
              r.command(),
              r.purpose(),
              "not found on PATH; install it with: "
                  + (root ? "" : "sudo ")
                  + "apt-get install "
                  + r.debianPackage()));
    }
    if (needs.realPods() && !root) {
      missing.add(
          new Missing(
              "root",
              "network namespaces, the pod bridge and Service rules",
              "run as root, or start the control plane with --simulate-pods"));
    }
    if (needs.buildBinaries()) {
      goProblem().ifPresent(missing::add);
    }
    return missing;
  }

  /**
   * Installs what is missing (as root) and fails, before any other work, when something is still
   * missing.
   *
   * @throws PrerequisitesException naming every missing piece and how to install it
   */
  public void ensure(Needs needs, Progress progress) {
    if (mayInstall()) {
      install(needs, progress);
    }
    List<Missing> missing = check(needs);
    if (!missing.isEmpty()) {
      throw new PrerequisitesException(missing);
    }
    if (needs.buildBinaries()) {
      try {
        GoToolchain.provision(cache, progress::step);
      } catch (MissingBinariesException e) {
        throw new PrerequisitesException(
            List.of(new Missing("Go >= " + minGo(), "building Kubernetes", e.getMessage())));
      }
    }
  }

  private void install(Needs needs, Progress progress) {
    Set<String> debs = new LinkedHashSet<>();
    for (HostRequirement r : missingPrograms(needs)) {
      debs.add(r.debianPackage());
    }
    if (needs.buildBinaries() && GoToolchain.find().isEmpty() && !goProvisioned()) {
      debs.add("golang-go");
    }
    if (debs.isEmpty()) {
      return;
    }
    progress.step("installing what the local environment needs: " + String.join(" ", debs));
    try {
      packages.install(List.copyOf(debs), progress::step);
    } catch (InstallationException e) {
      progress.step(e.getMessage());
    }
  }

  /** The requirements for {@code needs} whose program is not on {@code PATH}. */
  List<HostRequirement> missingPrograms(Needs needs) {
    List<HostRequirement> out = new ArrayList<>();
    for (HostRequirement r : HostRequirement.values()) {
      if (r.appliesTo(needs.realPods()) && onPath(r.command()).isEmpty()) {
        out.add(r);
      }
    }
    return out;
  }

  /** The first executable {@code command} in the directories of {@code PATH}. */
  Optional<Path> onPath(String command) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, command);
        if (Files.isExecutable(p) && !Files.isDirectory(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A {@code go} of any version can fetch the toolchain that is needed ({@link
   * GoToolchain#provision}); only a machine without any is missing something.
   */
  private Optional<Missing> goProblem() {
    if (GoToolchain.find().isPresent() || goProvisioned()) {
      return Optional.empty();
    }
    return Optional.of(
        new Missing(
            "go",
            "building Kubernetes "
                + Versions.KUBERNETES
                + " and etcd "
                + Versions.ETCD
                + " once into "
                + cache.root(),
            "install it with: "
                + (root ? "" : "sudo ")
                + "apt-get install golang-go (any version: Go "
                + Versions.GO_TOOLCHAIN
                + " is then fetched as a Go module), or pass --bin-dir / set KUBEBUILDER_ASSETS"
                + " to prebuilt binaries"));
  }

  private boolean goProvisioned() {
    return Files.isExecutable(GoToolchain.provisionedLink(cache));
  }

  private static String minGo() {
    return Versions.MIN_GO[0] + "." + Versions.MIN_GO[1];
  }
}
