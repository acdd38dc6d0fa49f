package io.tusk.operator;

import io.tusk.config.ValueTypes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How this operator process was started: the environment variables Zalando's operator reads besides
 * its configuration (contract section 2, "Other env"). Read once in {@link TuskOperator};
 * everything below takes this record instead of reading the environment.
 *
 * @param operatorNamespace namespace the operator runs in ({@code OPERATOR_NAMESPACE}); the
 *     configuration object lives here and "" as watched namespace means this one
 * @param configMapName {@code CONFIG_MAP_NAME}: flat ConfigMap configuration ("ns/name" or "name")
 * @param configurationObject {@code POSTGRES_OPERATOR_CONFIGURATION_OBJECT}: OperatorConfiguration
 *     name
 * @param watchedNamespace {@code WATCHED_NAMESPACE}, overriding the configuration's
 *     watched_namespace
 * @param controllerId {@code CONTROLLER_ID}: only clusters annotated {@code
 *     acid.zalan.do/controller} with this value are handled; empty handles clusters without the
 *     annotation
 * @param crdReadyWaitInterval {@code CRD_READY_WAIT_INTERVAL} (default 4s): how often a registered
 *     CRD is checked for being established
 * @param crdReadyWaitTimeout {@code CRD_READY_WAIT_TIMEOUT} (default 30s): how long the operator
 *     waits for it before it gives up starting
 */
public record OperatorSettings(
    String operatorNamespace,
    Optional<String> configMapName,
    Optional<String> configurationObject,
    Optional<String> watchedNamespace,
    String controllerId,
    Duration crdReadyWaitInterval,
    Duration crdReadyWaitTimeout) {

  static final Duration CRD_READY_WAIT_INTERVAL = Duration.ofSeconds(4);
  static final Duration CRD_READY_WAIT_TIMEOUT = Duration.ofSeconds(30);

  public static final String CONTROLLER_ANNOTATION = "acid.zalan.do/controller";

  public static OperatorSettings fromEnvironment(
      Map<String, String> env, String fallbackNamespace) {
    return new OperatorSettings(
        nonEmpty(env.get("OPERATOR_NAMESPACE")).orElse(fallbackNamespace),
        nonEmpty(env.get("CONFIG_MAP_NAME")),
        nonEmpty(env.get("POSTGRES_OPERATOR_CONFIGURATION_OBJECT")),
        nonEmpty(env.get("WATCHED_NAMESPACE")),
        nonEmpty(env.get("CONTROLLER_ID")).orElse(""),
        duration(env, "CRD_READY_WAIT_INTERVAL", CRD_READY_WAIT_INTERVAL),
        duration(env, "CRD_READY_WAIT_TIMEOUT", CRD_READY_WAIT_TIMEOUT));
  }

  /** A Go duration ("4s", "1m30s") from the environment, as Zalando's {@code mustParseDuration}. */
  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    Optional<String> raw = nonEmpty(env.get(name));
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return ValueTypes.DURATION.parseConfigMapValue(raw.get());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          name + " is not a duration: " + raw.get() + " (" + e.getMessage() + ")", e);
    }
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  /** Whether a cluster with these annotations belongs to this operator instance. */
  public boolean owns(Map<String, String> annotations) {
    String owner = annotations == null ? null : annotations.get(CONTROLLER_ANNOTATION);
    return controllerId.isEmpty() ? owner == null || owner.isEmpty() : controllerId.equals(owner);
  }
}
