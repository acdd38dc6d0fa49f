package io.tusk.images;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The process that stands in for a container's main process.
 *
 * @param command executable (absolute path) and arguments
 * @param env the complete environment; the process is started with exactly these variables
 * @param workingDirectory where the process starts
 * @param notes human-readable lines for the container log (how this run differs from the real
 *     image, which software it uses); never contains secrets
 */
public record LaunchPlan(
    List<String> command, Map<String, String> env, Path workingDirectory, List<String> notes) {

  public LaunchPlan {
    command = List.copyOf(command);
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    notes = List.copyOf(notes);
  }
}
