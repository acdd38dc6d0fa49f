package io.tusk.images;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the local node knows about one container when it asks an image how to run it.
 *
 * @param podName the pod's name (also its host name)
 * @param namespace the pod's namespace
 * @param podIp the pod's IP inside its network namespace
 * @param containerName the container's name
 * @param command the container's {@code command} (empty = image default)
 * @param args the container's {@code args} (empty = image default)
 * @param env the container's environment, already resolved (secretKeyRef, configMapKeyRef, downward
 *     API), in declaration order
 * @param volumeMounts container mount path to host path (a directory, or a file for {@code subPath}
 *     mounts)
 * @param scratchDir a per-container host directory the image may write into (configuration,
 *     sockets, certificates); must exist
 * @param runAsUser the unprivileged OS user (name or numeric uid) the process will run as; files
 *     this module writes are handed to it
 * @param kubeconfig kubeconfig of the pod's service account whose server URL is reachable from the
 *     pod's network namespace; may be null (then in-cluster configuration is used)
 * @param kubeContext the context in {@code kubeconfig} to use; may be null
 */
public record ContainerContext(
    String podName,
    String namespace,
    String podIp,
    String containerName,
    List<String> command,
    List<String> args,
    Map<String, String> env,
    Map<String, Path> volumeMounts,
    Path scratchDir,
    String runAsUser,
    Path kubeconfig,
    String kubeContext) {

  public ContainerContext {
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env == null ? Map.of() : env));
    volumeMounts =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(volumeMounts == null ? Map.of() : volumeMounts));
  }

  /** The value of an environment variable, if set (an empty value counts as set). */
  public Optional<String> envValue(String name) {
    return Optional.ofNullable(env.get(name));
  }

  /**
   * Where a path inside the container lives on the host: under the volume mount with the longest
   * matching mount path, else under {@code <scratchDir>/rootfs} (the container's own file system).
   */
  public Path hostPath(String containerPath) {
    String normalized = Path.of(containerPath).normalize().toString();
    String best = null;
    for (String mount : volumeMounts.keySet()) {
      String m = Path.of(mount).normalize().toString();
      boolean covers = normalized.equals(m) || normalized.startsWith(m.endsWith("/") ? m : m + "/");
      if (covers && (best == null || m.length() > Path.of(best).normalize().toString().length())) {
        best = mount;
      }
    }
    if (best == null) {
      return scratchDir.resolve("rootfs").resolve(normalized.replaceFirst("^/+", ""));
    }
    String m = Path.of(best).normalize().toString();
    String rest = normalized.substring(m.length()).replaceFirst("^/+", "");
    Path base = volumeMounts.get(best);
    return rest.isEmpty() ? base : base.resolve(rest);
  }

  /** Whether a container path is covered by a volume mount. */
  public boolean isMounted(String containerPath) {
    return !hostPath(containerPath).startsWith(scratchDir.resolve("rootfs"));
  }
}
