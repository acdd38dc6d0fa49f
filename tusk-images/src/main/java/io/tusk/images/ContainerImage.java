package io.tusk.images;

/**
 * How the local node runs one container image without a container runtime: turns the container's
 * resolved environment and volumes into a local process ({@link LaunchPlan}).
 *
 * <p>Implementations mirror what the real image's entrypoint does before it starts its main process
 * (e.g. Spilo's {@code configure_spilo.py}, the pooler image's {@code entrypoint.sh}).
 */
public interface ContainerImage {

  /**
   * Writes whatever the container needs (configuration files, certificates, directories) into the
   * container's scratch directory and volumes, and returns the process to start.
   *
   * @throws ImageException when the container cannot run here; the message is suitable for a pod
   *     status reason
   */
  LaunchPlan prepare(ContainerContext ctx) throws ImageException;
}
