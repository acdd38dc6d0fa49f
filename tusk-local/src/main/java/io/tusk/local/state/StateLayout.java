package io.tusk.local.state;

import java.nio.file.Path;

/**
 * Where a local control plane keeps its files. Everything lives under one directory so that {@code
 * down} can remove it all, and a second control plane (a test run) simply uses another one.
 *
 * <pre>
 * state.json          ports, pids and options of the running control plane
 * kubeconfig          admin kubeconfig (client certificate, system:masters)
 * pki/                CA, serving and client certificates, service-account key pair
 * kubeconfigs/        one kubeconfig per component (its own client certificate)
 * logs/               one log per component (and audit.log, when writes are audited)
 * audit-policy.yaml   the API server's audit policy, when writes are audited
 * etcd/               etcd data directory
 * agent-classpath/    the node agent's copy of the project's classes
 * object-storage/     the object storage's keys and data (a directory per bucket)
 * </pre>
 */
public record StateLayout(Path root) {

  /**
   * {@code $TUSK_LOCAL_DIR}, else {@code $XDG_STATE_HOME/tusk/local}, else
   * ~/.local/state/tusk/local.
   */
  public static StateLayout defaultLayout() {
    String explicit = System.getenv("TUSK_LOCAL_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return new StateLayout(Path.of(explicit).toAbsolutePath());
    }
    String xdg = System.getenv("XDG_STATE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    return new StateLayout(base.resolve("tusk").resolve("local").toAbsolutePath());
  }

  /** Names that {@code up} creates directly under the state directory. */
  static final java.util.Set<String> OWN_ENTRIES =
      java.util.Set.of(
          "state.json",
          "state.json.tmp",
          "kubeconfig",
          "pki",
          "kubeconfigs",
          "logs",
          "etcd",
          "agent-classpath",
          "node-agent.ready",
          "audit-policy.yaml",
          "object-storage");

  /**
   * True if the directory is absent, empty, or holds nothing but what {@code up} creates. Only such
   * a directory may be removed (or have the processes that name it stopped): a mistyped {@code
   * --state-dir} must never wipe someone's files.
   */
  public boolean isOwnedOrAbsent() throws java.io.IOException {
    if (!java.nio.file.Files.isDirectory(root)) {
      return !java.nio.file.Files.exists(root);
    }
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(root)) {
      return s.allMatch(p -> OWN_ENTRIES.contains(p.getFileName().toString()));
    }
  }

  public Path stateFile() {
    return root.resolve("state.json");
  }

  /** Guards up/down against each other; lives beside the directory so it survives removal. */
  public Path lockFile() {
    return root.resolveSibling("." + root.getFileName() + ".lock");
  }

  public Path adminKubeconfig() {
    return root.resolve("kubeconfig");
  }

  public Path pki() {
    return root.resolve("pki");
  }

  public Path pki(String file) {
    return pki().resolve(file);
  }

  public Path componentKubeconfig(String component) {
    return root.resolve("kubeconfigs").resolve(component + ".kubeconfig");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  public Path log(String component) {
    return logs().resolve(component + ".log");
  }

  /** The API server's audit policy ({@code tusk local up --audit-writes}). */
  public Path auditPolicy() {
    return root.resolve("audit-policy.yaml");
  }

  /** The API server's log of write requests ({@code tusk local up --audit-writes}). */
  public Path auditLog() {
    return logs().resolve("audit.log");
  }

  /**
   * Written by the node agent once it watches pods and volumes; {@code up} waits for it, so a pod
   * created right after {@code up} returns is never left without a kubelet.
   */
  public Path agentReady() {
    return root.resolve("node-agent.ready");
  }

  public Path objectStorage() {
    return root.resolve("object-storage");
  }

  public Path etcdData() {
    return root.resolve("etcd");
  }
}
