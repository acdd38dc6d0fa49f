package io.tusk.spec.validate;

/**
 * One reason a manifest is {@code Invalid}.
 *
 * @param field JSON path of the offending field, e.g. {@code metadata.name}, {@code
 *     spec.users.foo-bar}, {@code spec.numberOfInstances}
 * @param reason human-readable explanation
 */
public record Violation(String field, String reason) {

  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
