package io.tusk.local;

import io.tusk.local.components.ComponentFlags.NodeMonitoring;
import io.tusk.local.state.StateLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How {@link LocalControlPlane} runs a control plane.
 *
 * @param layout state directory
 * @param binDir directory with prebuilt binaries, or null (then {@code $KUBEBUILDER_ASSETS}, the
 *     cache, or a build)
 * @param simulatePods report pods on the local nodes as Running and Ready
 * @param apiserverPort fixed API server port, 0 for a free one
 * @param crds CRD files or directories; empty for the configured default
 * @param agentInProcess run the node agent inside this JVM instead of a detached JVM (tests)
 * @param ownedByThisJvm record this JVM as owner: if it dies, the control plane is an orphan that
 *     the next test run removes
 * @param nodeMonitoring node-lifecycle controller timing
 * @param startTimeout how long each component may take to become healthy
 * @param auditWrites the API server logs every write request to {@link StateLayout#auditLog()}
 * @param buckets buckets the object storage has besides its default one (real pods only)
 */
public record ControlPlaneSettings(
    StateLayout layout,
    Path binDir,
    boolean simulatePods,
    int apiserverPort,
    List<Path> crds,
    boolean agentInProcess,
    boolean ownedByThisJvm,
    NodeMonitoring nodeMonitoring,
    Duration startTimeout,
    boolean auditWrites,
    List<String> buckets) {

  public ControlPlaneSettings {
    crds = List.copyOf(crds);
    buckets = List.copyOf(buckets);
  }

  /** The defaults of {@code tusk local up} at {@code layout}. */
  public static ControlPlaneSettings defaults(StateLayout layout) {
    return builder(layout).build();
  }

  /** Starts from the defaults of {@code tusk local up} at {@code layout}. */
  public static Builder builder(StateLayout layout) {
    return new Builder(layout);
  }

  /** Collects settings on top of the defaults. */
  public static final class Builder {
    private final StateLayout layout;
    private Path binDir;
    private boolean simulatePods;
    private int apiserverPort;
    private List<Path> crds = List.of();
    private boolean agentInProcess;
    private boolean ownedByThisJvm;
    private NodeMonitoring nodeMonitoring = NodeMonitoring.DEFAULT;
    private Duration startTimeout = Duration.ofSeconds(60);
    private boolean auditWrites;
    private List<String> buckets = List.of();

    private Builder(StateLayout layout) {
      this.layout = layout;
    }

    public Builder binDir(Path dir) {
      this.binDir = dir;
      return this;
    }

    public Builder simulatePods(boolean on) {
      this.simulatePods = on;
      return this;
    }

    public Builder apiserverPort(int port) {
      this.apiserverPort = port;
      return this;
    }

    public Builder crds(List<Path> paths) {
      this.crds = paths;
      return this;
    }

    /** The API server logs every write request ({@link io.tusk.local.audit.AuditPolicy}). */
    public Builder auditWrites(boolean on) {
      this.auditWrites = on;
      return this;
    }

    public Builder buckets(List<String> names) {
      this.buckets = names;
      return this;
    }

    /** Node agent inside this JVM, control plane owned by it (what the test extension uses). */
    public Builder embedded() {
      this.agentInProcess = true;
      this.ownedByThisJvm = true;
      return this;
    }

    public ControlPlaneSettings build() {
      return new ControlPlaneSettings(
          layout,
          binDir,
          simulatePods,
          apiserverPort,
          crds,
          agentInProcess,
          ownedByThisJvm,
          nodeMonitoring,
          startTimeout,
          auditWrites,
          buckets);
    }
  }
}
