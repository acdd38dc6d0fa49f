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
 * @param execAliases commands of the real image that an exec into this container may name, with the
 *     local program that stands in for each: every occurrence of a key in an exec's arguments is
 *     replaced by its value (e.g. Spilo's {@code /usr/bin/python3 /scripts/inplace_upgrade.py})
 * @param serviceRestartFile null, or a file that, when it exists as the main process exits, says
 *     that the image's service was restarted on purpose, as runit restarts Patroni in Spilo: the
 *     node then starts the main process again at once ({@link ContainerImage#prepare} again) and
 *     the container lives on, with its other processes (an exec, for one); the file is removed
 */
public record LaunchPlan(
    List<String> command,
    Map<String, String> env,
    Path workingDirectory,
    List<String> notes,
    Map<String, String> execAliases,
    Path serviceRestartFile) {

  public LaunchPlan {
    command = List.copyOf(command);
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    notes = List.copyOf(notes);
    execAliases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(execAliases));
  }

  public LaunchPlan(
      List<String> command, Map<String, String> env, Path workingDirectory, List<String> notes) {
    this(command, env, workingDirectory, notes, Map.of(), null);
  }

  /** An exec's command with the image's aliases replaced by their local programs. */
  public List<String> resolveExec(List<String> exec) {
    return resolveExec(execAliases, exec);
  }

  /** {@code exec} with every occurrence of an alias replaced by its program. */
  public static List<String> resolveExec(Map<String, String> execAliases, List<String> exec) {
    if (execAliases.isEmpty()) {
      return exec;
    }
    // Longest first: an alias may contain another one.
    List<Map.Entry<String, String>> aliases =
        execAliases.entrySet().stream()
            .sorted(
                java.util.Comparator.comparingInt(
                        (Map.Entry<String, String> e) -> e.getKey().length())
                    .reversed())
            .toList();
    List<String> out = new java.util.ArrayList<>(exec.size());
    for (String arg : exec) {
      String a = arg;
      for (Map.Entry<String, String> e : aliases) {
        a = a.replace(e.getKey(), e.getValue());
      }
      out.add(a);
    }
    return out;
  }
}
