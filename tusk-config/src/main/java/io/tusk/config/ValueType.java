package io.tusk.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one kind of option value is read from a ConfigMap string or from an OperatorConfiguration
 * JSON node, and how it is shown.
 *
 * <p>Mirrors the per-kind branches of Zalando's {@code config/util.go#processField} (ConfigMap
 * mode) and the JSON decoding of {@code operator_configuration_type.go} (CRD mode), v2.0.1.
 * Implementations throw {@link IllegalArgumentException} with a short reason (for example {@code
 * "not a number: 'abc'"}); the loaders prefix it with the option key.
 *
 * @param <T> the Java type of the value
 */
public interface ValueType<T> {

  /** Short human name used in the generated documentation, for example {@code "duration"}. */
  String displayName();

  /** Parses the flat string form used in the operator ConfigMap. The input is never empty. */
  T parseConfigMapValue(String raw);

  /** Reads the structured form used in the OperatorConfiguration resource. Never null node. */
  T readJson(JsonNode node);

  /**
   * The value a ConfigMap key gets when it is present but empty: Zalando skips such keys without
   * applying the default, so the field keeps Go's zero value.
   */
  T zeroValue();

  /** Renders a value for display and documentation (never called with secret values). */
  String format(T value);

  /**
   * A JSON-friendly representation (String, Boolean, Number, List, Map) for the REST API. Default:
   * the value itself.
   */
  default Object toDisplayValue(T value) {
    return value;
  }

  /** Returns a copy that callers cannot use to change a stored value. Default: identity. */
  default T defensiveCopy(T value) {
    return value;
  }
}
