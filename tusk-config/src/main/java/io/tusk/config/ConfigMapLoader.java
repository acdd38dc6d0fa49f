package io.tusk.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads the operator configuration from the flat {@code data} of the operator ConfigMap.
 *
 * <p>Mirrors Zalando's {@code config.go#NewFromMap} (v2.0.1): absent keys take the ConfigMap
 * defaults; a key that is present but empty keeps the type's zero value (empty string, false, 0,
 * empty list), exactly as Zalando skips it without applying the default; lists are {@code "a,b"},
 * maps {@code "k:v,k2:v2"}, durations Go durations. Differences: unknown keys are reported instead
 * of silently ignored, and bad values give an {@link InvalidConfigurationException} naming every
 * bad key instead of a panic.
 */
public final class ConfigMapLoader {

  private ConfigMapLoader() {}

  /**
   * Loads and validates a configuration.
   *
   * @param data the ConfigMap's data; null means no ConfigMap (built-in defaults)
   * @throws InvalidConfigurationException listing every unparsable or invalid value
   */
  public static LoadResult load(Map<String, String> data) {
    List<String> unknown = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    OperatorConfig.Builder builder = OperatorConfig.builder(Source.CONFIGMAP);
    Map<String, String> sorted = data == null ? Map.of() : new TreeMap<>(data);

    for (Map.Entry<String, String> entry : sorted.entrySet()) {
      String key = entry.getKey();
      Option<?> option = Options.byKey(key);
      if (option == null) {
        unknown.add(key);
        warnings.add("unknown configuration key '" + key + "' is ignored");
        continue;
      }
      if (!option.key().equals(key)) {
        if (sorted.containsKey(option.key())) {
          warnings.add("'" + key + "' is ignored because '" + option.key() + "' is set as well");
          continue;
        }
        warnings.add("'" + key + "' is deprecated, use '" + option.key() + "'");
      }
      String raw = entry.getValue() == null ? "" : entry.getValue();
      try {
        Object value =
            raw.isEmpty() ? option.type().zeroValue() : option.type().parseConfigMapValue(raw);
        builder.setParsed(option, value);
        if (option.isDeprecated() && !raw.isEmpty()) {
          warnings.add("'" + option.key() + "' is deprecated: " + option.description());
        }
      } catch (IllegalArgumentException e) {
        problems.add(key + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    OperatorConfig config = ConfigValidator.validate(builder.build(), warnings);
    return new LoadResult(config, unknown, warnings);
  }
}
