package io.tusk.local.binaries;

import io.tusk.local.Versions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code go} command and checks that it is new enough to build Kubernetes. All Go
 * commands run with {@code CGO_ENABLED=0} (static binaries, no C toolchain needed), {@code
 * GOFLAGS=-mod=mod} and {@code GOTOOLCHAIN=local} (a build never switches toolchains by itself).
 *
 * <p>Where the machine's Go is too old, {@link #provision} fetches Go {@value
 * Versions#GO_TOOLCHAIN} as the {@code golang.org/toolchain} module with the old {@code go} (what
 * {@code GOTOOLCHAIN} switching does since Go 1.21, done explicitly so that it also works from Go
 * 1.19, Debian 12's {@code golang-go}), and links it as {@code <cache>/toolchain/bin/go}, which
 * {@link #locate} finds after the machine's own.
 */
public final class GoToolchain {

  private static final Pattern GO_VERSION = Pattern.compile("go(\\d+)\\.(\\d+)");

  private final Path go;
  private final String version;

  private GoToolchain(Path go, String version) {
    this.go = go;
    this.version = version;
  }

  public Path executable() {
    return go;
  }

  public String version() {
    return version;
  }

  /** Locates a usable Go toolchain or throws with instructions on what to install. */
  public static GoToolchain locate() {
    Optional<Path> provisioned = provisioned(BinaryCache.defaultCache());
    if (provisioned.isPresent()) {
      return locate(provisioned);
    }
    return locate(find());
  }

  /** Where {@link #provision} links the toolchain it fetched. */
  public static Path provisionedLink(BinaryCache cache) {
    return cache.root().resolve("toolchain").resolve("bin").resolve("go");
  }

  private static Optional<Path> provisioned(BinaryCache cache) {
    Path link = provisionedLink(cache);
    return Files.isExecutable(link) ? Optional.of(link) : Optional.empty();
  }

  /**
   * A usable Go: the machine's when it is new enough, else Go {@value Versions#GO_TOOLCHAIN}
   * fetched as a module with the machine's older {@code go}.
   *
   * @throws MissingBinariesException when there is no {@code go} at all, or the fetch fails
   */
  public static GoToolchain provision(BinaryCache cache, java.util.function.Consumer<String> log) {
    Optional<Path> done = provisioned(cache);
    if (done.isPresent()) {
      return locate(done);
    }
    Optional<Path> go = find();
    if (go.isEmpty()) {
      return locate(go); // throws, naming what to install
    }
    String v = query(go.get());
    if (atLeast(v, Versions.MIN_GO[0], Versions.MIN_GO[1])) {
      return new GoToolchain(go.get(), v);
    }
    String module = toolchainModule(Versions.GO_TOOLCHAIN, System.getProperty("os.arch"));
    log.accept(
        go.get()
            + " is "
            + v
            + "; fetching Go "
            + Versions.GO_TOOLCHAIN
            + " as module "
            + module
            + " ...");
    Path dir = downloadModule(go.get(), module, cache.root());
    try {
      // Module archives keep no permission bits: the toolchain's programs are made executable,
      // as the go command does when it switches toolchains.
      for (Path sub : List.of(dir.resolve("bin"), dir.resolve("pkg").resolve("tool"))) {
        if (Files.isDirectory(sub)) {
          try (var files = Files.walk(sub)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
              f.toFile().setExecutable(true, false);
            }
          }
        }
      }
      Path link = provisionedLink(cache);
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, dir.resolve("bin").resolve("go"));
    } catch (IOException e) {
      throw new MissingBinariesException("cannot set up Go from " + dir + ": " + e.getMessage());
    }
    return locate(provisioned(cache));
  }

  /** {@code golang.org/toolchain@v0.0.1-go1.24.13.linux-amd64} for a JVM {@code os.arch}. */
  static String toolchainModule(String goVersion, String javaArch) {
    String arch =
        switch (javaArch) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> javaArch;
        };
    return "golang.org/toolchain@v0.0.1-go" + goVersion + ".linux-" + arch;
  }

  private static Path downloadModule(Path go, String module, Path workRoot) {
    try {
      Path work = Files.createDirectories(workRoot.resolve("build").resolve("toolchain"));
      ProcessBuilder pb =
          new ProcessBuilder(go.toString(), "mod", "download", "-json", module)
              .directory(work.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("GOTOOLCHAIN", "local");
      pb.environment().put("GO111MODULE", "on");
      pb.environment().remove("GOFLAGS");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new MissingBinariesException(
            "`go mod download "
                + module
                + "` failed: "
                + out.strip()
                + ". Install Go >= "
                + Versions.MIN_GO[0]
                + "."
                + Versions.MIN_GO[1]
                + " by hand, or pass --bin-dir with prebuilt binaries.");
      }
      Matcher dir = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"").matcher(out);
      if (!dir.find()) {
        throw new MissingBinariesException("`go mod download " + module + "` named no directory");
      }
      return Path.of(dir.group(1));
    } catch (IOException e) {
      throw new MissingBinariesException("cannot run " + go + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static GoToolchain locate(Optional<Path> go) {
    if (go.isEmpty()) {
      throw new MissingBinariesException(
          "no Go toolchain found to build Kubernetes "
              + Versions.KUBERNETES
              + " and etcd "
              + Versions.ETCD
              + " from source. Install Go >= "
              + Versions.MIN_GO[0]
              + "."
              + Versions.MIN_GO[1]
              + " (e.g. `apt-get install golang` on a recent Debian, or a toolchain from go.dev), "
              + "or pass --bin-dir / set KUBEBUILDER_ASSETS to a directory holding etcd, "
              + "kube-apiserver, kube-controller-manager and kube-scheduler.");
    }
    String v = query(go.get());
    if (!atLeast(v, Versions.MIN_GO[0], Versions.MIN_GO[1])) {
      throw new MissingBinariesException(
          go.get()
              + " is "
              + v
              + " but building Kubernetes "
              + Versions.KUBERNETES
              + " needs Go >= "
              + Versions.MIN_GO[0]
              + "."
              + Versions.MIN_GO[1]
              + ". Install a newer Go toolchain or pass --bin-dir with prebuilt binaries.");
    }
    return new GoToolchain(go.get(), v);
  }

  /** The first {@code go} on {@code PATH}, in {@code GOROOT} or at the usual places. */
  public static Optional<Path> find() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "go"));
        }
      }
    }
    String goroot = System.getenv("GOROOT");
    if (goroot != null) {
      candidates.add(Path.of(goroot, "bin", "go"));
    }
    candidates.add(Path.of("/usr/local/go/bin/go"));
    candidates.add(Path.of("/usr/lib/go/bin/go"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** True when a {@code goX.Y[.Z]} version string is at least {@code major.minor}. */
  static boolean atLeast(String goVersion, int major, int minor) {
    Matcher m = GO_VERSION.matcher(goVersion);
    if (!m.find()) {
      return false;
    }
    int maj = Integer.parseInt(m.group(1));
    int min = Integer.parseInt(m.group(2));
    return maj > major || (maj == major && min >= minor);
  }

  private static String query(Path go) {
    try {
      Process p =
          new ProcessBuilder(go.toString(), "env", "GOVERSION").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new MissingBinariesException(go + " env GOVERSION failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new MissingBinariesException("cannot run " + go + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The environment every Go command runs with. */
  public void configure(Map<String, String> env) {
    env.put("CGO_ENABLED", "0");
    env.put("GOFLAGS", "-mod=mod");
    env.put("GOTOOLCHAIN", "local");
  }
}
