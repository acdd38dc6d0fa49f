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
 * GOFLAGS=-mod=mod} and {@code GOTOOLCHAIN=local} (never fetch another toolchain behind the user's
 * back: a too-old Go fails with a message instead).
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
    return locate(find());
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

  static Optional<Path> find() {
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
