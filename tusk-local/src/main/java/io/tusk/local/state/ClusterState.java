package io.tusk.local.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contents of {@code state.json}: what {@code status} and {@code down} need to find the
 * processes of a control plane started by another JVM. It is rewritten after every process start,
 * so a crash mid-way still leaves a record of what to clean up.
 *
 * @param createdMillis when {@code up} started
 * @param ownerPid pid of the JVM that owns the control plane when it must die with it (tests), else
 *     0
 * @param simulatePods whether the node agent simulates running pods
 * @param apiserverUrl e.g. {@code https://127.0.0.1:34567}
 * @param ready whether {@code up} finished
 * @param components started components in start order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterState(
    long createdMillis,
    long ownerPid,
    boolean simulatePods,
    String apiserverUrl,
    boolean ready,
    List<ComponentState> components) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ClusterState {
    components = components == null ? List.of() : List.copyOf(components);
  }

  public ClusterState with(ComponentState c) {
    List<ComponentState> list = new ArrayList<>(components);
    list.removeIf(x -> x.name().equals(c.name()));
    list.add(c);
    return new ClusterState(createdMillis, ownerPid, simulatePods, apiserverUrl, ready, list);
  }

  /**
   * The same components with {@code c} in place of the one of its name (where that one was started,
   * so that {@code down} still stops components newest first), or appended if there is none.
   */
  public ClusterState replacing(ComponentState c) {
    List<ComponentState> list = new ArrayList<>(components);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(c.name())) {
        list.set(i, c);
        return new ClusterState(createdMillis, ownerPid, simulatePods, apiserverUrl, ready, list);
      }
    }
    return with(c);
  }

  public ClusterState withApiserverUrl(String url) {
    return new ClusterState(createdMillis, ownerPid, simulatePods, url, ready, components);
  }

  public ClusterState markReady() {
    return new ClusterState(createdMillis, ownerPid, simulatePods, apiserverUrl, true, components);
  }

  public Optional<ComponentState> component(String name) {
    return components.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public static Optional<ClusterState> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), ClusterState.class));
    } catch (IOException e) {
      // A torn or foreign file: treat as unreadable state, the caller cleans up.
      return Optional.empty();
    }
  }

  /** Writes atomically (temp file + rename) so a reader never sees half a file. */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
