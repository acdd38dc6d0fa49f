package io.tusk.api.acid.v1;

import java.util.Map;

/**
 * A model object that keeps JSON properties it does not know, so they survive a read-modify-write
 * cycle and can be reported to the user (see {@link UnknownFields}).
 *
 * <p>Zalando's operator (Go, {@code encoding/json}) silently ignores unknown fields. Tusk keeps
 * them instead: a typo such as {@code topologySpreadConstraint} is then visible rather than lost.
 */
public interface UnknownPropertyPreserving {

  /**
   * Returns the live, mutable map of properties that have no typed field, in document order. Never
   * {@code null}.
   */
  Map<String, Object> getAdditionalProperties();

  /** Records a property that has no typed field (used by Jackson while reading). */
  void setAdditionalProperty(String name, Object value);
}
