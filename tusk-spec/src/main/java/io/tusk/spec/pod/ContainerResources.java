package io.tusk.spec.pod;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.tusk.api.acid.v1.ResourceDescription;
import io.tusk.api.acid.v1.Resources;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.InvalidSpecException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resource requests and limits of a container. Mirrors {@code
 * k8sres.go#generateResourceRequirements} with {@code fillResourceList}, {@code
 * enforceMinResourceLimits}, {@code matchLimitsWithRequestsIfSmaller}, {@code
 * setMemoryRequestToLimit} and {@code enforceMaxResourceRequests} (v2.0.1):
 *
 * <ol>
 *   <li>manifest values, else the {@code default_*} configuration ({@code ""}, {@code "0"} and
 *       {@code "null"} count as unset); hugepages only from the manifest;
 *   <li>postgres container only: limits raised to {@code min_cpu_limit}/{@code min_memory_limit};
 *   <li>limits raised to requests where smaller;
 *   <li>with {@code set_memory_request_to_limit}: memory request raised to the limit;
 *   <li>postgres container only: requests capped at {@code max_cpu_request}/{@code
 *       max_memory_request}.
 * </ol>
 *
 * <p>Steps 2 and 5 are skipped when the resource carries the annotation named by {@code
 * ignore_resources_limits_annotation_key} with value {@code "true"}.
 */
public final class ContainerResources {

  /** Name of the Spilo container; thresholds only apply to it. */
  public static final String POSTGRES_CONTAINER = "postgres";

  private static final Set<String> EMPTY_VALUES = Set.of("", "0", "null");
  private static final String CPU = "cpu";
  private static final String MEMORY = "memory";

  private ContainerResources() {}

  /** The default requests and limits from {@code default_cpu_request} etc. */
  public static Resources defaults(OperatorConfig config) {
    Resources r = new Resources();
    ResourceDescription requests = new ResourceDescription();
    requests.setCpu(config.get(Options.DEFAULT_CPU_REQUEST));
    requests.setMemory(config.get(Options.DEFAULT_MEMORY_REQUEST));
    ResourceDescription limits = new ResourceDescription();
    limits.setCpu(config.get(Options.DEFAULT_CPU_LIMIT));
    limits.setMemory(config.get(Options.DEFAULT_MEMORY_LIMIT));
    r.setRequests(requests);
    r.setLimits(limits);
    return r;
  }

  /**
   * Computes the requirements of one container.
   *
   * @param spec the manifest's resources (may be null)
   * @param field JSON path of {@code spec} for error messages
   */
  public static ResourceRequirements build(
      ClusterModel model, Resources spec, Resources defaults, String containerName, String field) {
    OperatorConfig config = model.config();
    boolean enforce = thresholdsEnforced(model);
    Map<String, Quantity> requests =
        fill(
            spec == null ? null : spec.getRequests(),
            defaults == null ? null : defaults.getRequests(),
            field + ".requests");
    Map<String, Quantity> limits =
        fill(
            spec == null ? null : spec.getLimits(),
            defaults == null ? null : defaults.getLimits(),
            field + ".limits");

    boolean postgres = POSTGRES_CONTAINER.equals(containerName);
    if (postgres && enforce) {
      raiseToMinimum(limits, CPU, config.get(Options.MIN_CPU_LIMIT), "min_cpu_limit");
      raiseToMinimum(limits, MEMORY, config.get(Options.MIN_MEMORY_LIMIT), "min_memory_limit");
    }
    for (String resource : new String[] {CPU, MEMORY}) {
      Quantity request = requests.get(resource);
      Quantity limit = limits.get(resource);
      if (request != null && limit != null && Quantities.compare(limit, request) < 0) {
        limits.put(resource, request);
      }
    }
    if (Boolean.TRUE.equals(config.get(Options.SET_MEMORY_REQUEST_TO_LIMIT))
        && Quantities.compare(requests.get(MEMORY), limits.get(MEMORY)) < 0) {
      requests.put(MEMORY, limits.get(MEMORY));
    }
    if (postgres && enforce) {
      capAtMaximum(requests, CPU, config.get(Options.MAX_CPU_REQUEST));
      capAtMaximum(requests, MEMORY, config.get(Options.MAX_MEMORY_REQUEST));
    }
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }

  /** Whether min limits / max requests apply (no ignore annotation set to {@code "true"}). */
  static boolean thresholdsEnforced(ClusterModel model) {
    String key = model.config().get(Options.IGNORE_RESOURCES_LIMITS_ANNOTATION_KEY);
    return key == null || key.isEmpty() || !"true".equals(model.annotations().get(key));
  }

  private static Map<String, Quantity> fill(
      ResourceDescription spec, ResourceDescription defaults, String field) {
    Map<String, Quantity> result = new TreeMap<>();
    String cpu = spec == null ? null : spec.getCpu();
    String memory = spec == null ? null : spec.getMemory();
    if (isSet(cpu)) {
      result.put(CPU, parse(cpu, field + ".cpu"));
    } else if (defaults != null && isSet(defaults.getCpu())) {
      result.put(CPU, parse(defaults.getCpu(), "default CPU"));
    }
    if (isSet(memory)) {
      result.put(MEMORY, parse(memory, field + ".memory"));
    } else if (defaults != null && isSet(defaults.getMemory())) {
      result.put(MEMORY, parse(defaults.getMemory(), "default memory"));
    }
    if (spec != null && spec.getHugepages2Mi() != null) {
      result.put("hugepages-2Mi", parse(spec.getHugepages2Mi(), field + ".hugepages-2Mi"));
    }
    if (spec != null && spec.getHugepages1Gi() != null) {
      result.put("hugepages-1Gi", parse(spec.getHugepages1Gi(), field + ".hugepages-1Gi"));
    }
    return result;
  }

  private static void raiseToMinimum(
      Map<String, Quantity> limits, String resource, String minimum, String option) {
    if (minimum == null || minimum.isEmpty()) {
      return;
    }
    if (!Quantities.isValid(minimum)) {
      throw new InvalidSpecException(option, "could not parse configured minimum " + minimum);
    }
    // A missing limit counts as 0, so a minimum also introduces a limit where none was set.
    if (Quantities.compare(limits.get(resource), new Quantity(minimum)) < 0) {
      limits.put(resource, new Quantity(minimum));
    }
  }

  private static void capAtMaximum(Map<String, Quantity> requests, String resource, String max) {
    Quantity request = requests.get(resource);
    if (request == null || max == null || !Quantities.isValid(max)) {
      return;
    }
    Quantity cap = new Quantity(max);
    // Zalando ignores a zero maximum (resource.Quantity.IsZero): "0" means "no cap".
    if (Quantities.amount(cap).signum() != 0 && Quantities.compare(cap, request) < 0) {
      requests.put(resource, cap);
    }
  }

  private static boolean isSet(String value) {
    return value != null && !EMPTY_VALUES.contains(value);
  }

  private static Quantity parse(String value, String field) {
    if (!Quantities.isValid(value)) {
      throw new InvalidSpecException(field, "could not parse quantity '" + value + "'");
    }
    return new Quantity(value);
  }
}
