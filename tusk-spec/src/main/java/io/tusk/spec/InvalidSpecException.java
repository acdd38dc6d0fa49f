package io.tusk.spec;

/**
 * The manifest (or the configuration) cannot be turned into Kubernetes objects, for example an
 * unparsable quantity or a container without image. Zalando reports these as errors of {@code
 * generateStatefulSet}; the operator maps them to a failed create/update/sync status. {@link
 * io.tusk.spec.validate.ManifestValidator} catches most of them up front.
 */
public class InvalidSpecException extends RuntimeException {

  private final String field;

  public InvalidSpecException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  /** JSON path of the offending field, e.g. {@code spec.resources.limits.cpu}. */
  public String field() {
    return field;
  }
}
