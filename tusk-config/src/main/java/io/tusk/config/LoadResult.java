package io.tusk.config;

import java.util.List;

/**
 * The outcome of loading an operator configuration: the snapshot plus everything worth telling the
 * user that did not prevent loading (unknown keys, deprecated keys, adjusted values).
 *
 * <p>Zalando logs these conditions as they happen ({@code controller.go
 * #warnOnDeprecatedOperatorParameters}, v2.0.1); Tusk returns them so the caller decides where they
 * go (operator log, Kubernetes event, CLI output).
 *
 * @param config the loaded configuration
 * @param unknownKeys keys that match no option, as written (sections as {@code section.key})
 * @param warnings human-readable warnings, including one per unknown key
 */
public record LoadResult(OperatorConfig config, List<String> unknownKeys, List<String> warnings) {

  /** Makes the lists immutable. */
  public LoadResult {
    unknownKeys = List.copyOf(unknownKeys);
    warnings = List.copyOf(warnings);
  }
}
