package io.tusk.local.junit;

import io.fabric8.kubernetes.client.Config;
import io.tusk.local.ComponentControl;
import io.tusk.local.ControlPlaneSettings;
import io.tusk.local.LocalControlPlane;
import io.tusk.local.Progress;
import io.tusk.local.pki.Kubeconfigs;
import io.tusk.local.state.ClusterState;
import io.tusk.local.state.StateLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one control plane of a test JVM, kept in JUnit's root store so that it is closed (stopped and
 * removed) when the JVM's tests are done; a shutdown hook covers JVMs that exit otherwise. It lives
 * in a temporary directory of its own, never in the user's {@code tusk local up} state, and runs
 * the node agent in the test JVM. A control plane left behind by a test JVM that was killed is
 * removed by the next one (its owner pid is recorded in {@code state.json}).
 */
final class SharedControlPlane implements ExtensionContext.Store.CloseableResource {

  static final String DIR_PREFIX = "tusk-local-test-";

  private final LocalControlPlane controlPlane;
  private final String apiserverUrl;
  private final boolean simulatePods;
  private final Thread shutdownHook;

  private SharedControlPlane(LocalControlPlane cp, String url, boolean simulatePods) {
    this.controlPlane = cp;
    this.apiserverUrl = url;
    this.simulatePods = simulatePods;
    this.shutdownHook = new Thread(this::stopQuietly, "tusk-local-test-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a control plane in a new temporary directory. */
  static SharedControlPlane start() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    removeOrphans(tmp);
    Path dir = Files.createTempDirectory(tmp, DIR_PREFIX);
    Files.delete(dir); // up() creates it; an existing empty directory would count as leftover
    boolean simulate = !"false".equalsIgnoreCase(System.getProperty("tusk.local.simulatePods"));
    String binDir = System.getProperty("tusk.local.binDir");
    ControlPlaneSettings settings =
        ControlPlaneSettings.builder(new StateLayout(dir))
            .simulatePods(simulate)
            .binDir(binDir == null || binDir.isBlank() ? null : Path.of(binDir))
            .embedded()
            // Tests count the writes of each component (LocalCluster#auditLog).
            .auditWrites(true)
            .build();
    LocalControlPlane cp = new LocalControlPlane(settings, new Progress(System.out));
    try {
      LocalControlPlane.UpResult r = cp.up();
      return new SharedControlPlane(cp, r.apiserverUrl(), simulate);
    } catch (IOException | RuntimeException e) {
      cp.down();
      throw e;
    }
  }

  /** Removes control planes of earlier test JVMs that died without stopping theirs. */
  static void removeOrphans(Path tmp) {
    try (Stream<Path> dirs = Files.list(tmp)) {
      List<Path> entries = dirs.toList();
      List<Path> candidates =
          entries.stream().filter(p -> p.getFileName().toString().startsWith(DIR_PREFIX)).toList();
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith("." + DIR_PREFIX) && name.endsWith(".lock")) {
          Path dir = p.resolveSibling(name.substring(1, name.length() - ".lock".length()));
          if (!Files.exists(dir) && isOld(p)) {
            Files.deleteIfExists(p);
          }
        }
      }
      for (Path dir : candidates) {
        StateLayout layout = new StateLayout(dir);
        Optional<ClusterState> state = ClusterState.read(layout.stateFile());
        boolean orphan;
        if (state.isPresent()) {
          long owner = state.get().ownerPid();
          orphan = owner > 0 && ProcessHandle.of(owner).map(h -> !h.isAlive()).orElse(true);
        } else {
          // Another test JVM may be about to write its state: only old directories are debris.
          orphan = isOld(dir);
        }
        if (orphan) {
          new LocalControlPlane(ControlPlaneSettings.defaults(layout), Progress.silent()).down();
          Files.deleteIfExists(layout.lockFile());
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("tusk-local: could not clean up old test control planes: " + e);
    }
  }

  private static boolean isOld(Path p) throws IOException {
    return Files.getLastModifiedTime(p)
        .toInstant()
        .isBefore(Instant.now().minus(Duration.ofMinutes(10)));
  }

  StateLayout layout() {
    return controlPlane.layout();
  }

  String apiserverUrl() {
    return apiserverUrl;
  }

  boolean simulatesPods() {
    return simulatePods;
  }

  ComponentControl components() {
    return new ComponentControl(layout(), new Progress(System.out));
  }

  Config adminConfig() {
    try {
      return Kubeconfigs.clientConfig(layout().adminKubeconfig());
    } catch (IOException e) {
      throw LocalCluster.unchecked(e);
    }
  }

  private synchronized void stopQuietly() {
    try {
      controlPlane.down();
      Files.deleteIfExists(layout().lockFile()); // unique to this run: nobody else waits on it
    } catch (IOException | RuntimeException e) {
      System.err.println("tusk-local: stopping the test control plane failed: " + e);
    }
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs (harmlessly) again
    }
  }
}
