package io.tusk.local.audit;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Write requests counted by component, and within a component by verb and resource, largest first.
 */
public final class WriteCounts {

  private final List<ApiWrite> writes;

  public WriteCounts(List<ApiWrite> writes) {
    this.writes = List.copyOf(writes);
  }

  public int total() {
    return writes.size();
  }

  public List<ApiWrite> writes() {
    return writes;
  }

  /** The writes that match {@code filter}, e.g. those in one namespace. */
  public WriteCounts where(Predicate<ApiWrite> filter) {
    return new WriteCounts(writes.stream().filter(filter).toList());
  }

  /** Writes per component, largest first. */
  public Map<String, Long> byComponent() {
    return sorted(
        writes.stream().collect(Collectors.groupingBy(ApiWrite::component, Collectors.counting())));
  }

  /** Writes per component and verb with resource ({@link ApiWrite#what()}), largest first. */
  public Map<String, Map<String, Long>> byComponentAndWhat() {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (String component : byComponent().keySet()) {
      out.put(
          component,
          sorted(
              writes.stream()
                  .filter(w -> w.component().equals(component))
                  .collect(Collectors.groupingBy(ApiWrite::what, Collectors.counting()))));
    }
    return out;
  }

  /**
   * One line per component: its count, then what it wrote, e.g. {@code 120
   * kube-controller-manager/endpointslice-controller (update endpointslices 120)}.
   */
  public List<String> lines() {
    return byComponentAndWhat().entrySet().stream()
        .map(
            c ->
                String.format(
                    "%6d  %s (%s)",
                    c.getValue().values().stream().mapToLong(Long::longValue).sum(),
                    c.getKey(),
                    c.getValue().entrySet().stream()
                        .map(w -> w.getKey() + " " + w.getValue())
                        .collect(Collectors.joining(", "))))
        .toList();
  }

  private static Map<String, Long> sorted(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    new TreeMap<>(counts)
        .entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
            .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
