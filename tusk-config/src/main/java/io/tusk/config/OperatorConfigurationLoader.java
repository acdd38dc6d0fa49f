package io.tusk.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Loads the operator configuration from the {@code configuration} tree of an {@code
 * OperatorConfiguration} resource ({@code acid.zalan.do/v1}).
 *
 * <p>Mirrors Zalando's {@code operator_config.go#importConfigurationFromCRD} (v2.0.1): keys omitted
 * from the resource take the OperatorConfiguration defaults of {@link Options}, and {@code
 * connection_pooler_number_of_instances} below 2 is raised to 2. Differences: unknown keys and keys
 * in the wrong section are reported, bad values and the checks of Zalando's {@code
 * config.go#validate} (which Zalando skips in this mode) give an {@link
 * InvalidConfigurationException}, and all fields of {@code infrastructure_roles_secrets} are kept
 * (Zalando drops {@code defaultuservalue}, {@code defaultrolevalue}, {@code details} and {@code
 * template} here).
 */
public final class OperatorConfigurationLoader {

  private static final int MIN_POOLER_INSTANCES = 2;

  private OperatorConfigurationLoader() {}

  /**
   * Loads and validates a configuration.
   *
   * @param configuration the resource's {@code configuration} object; null or missing means
   *     defaults only
   * @throws InvalidConfigurationException listing every unreadable or invalid value
   */
  public static LoadResult load(JsonNode configuration) {
    List<String> unknown = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    OperatorConfig.Builder builder = OperatorConfig.builder(Source.OPERATOR_CONFIGURATION);

    if (configuration != null && !configuration.isNull() && !configuration.isMissingNode()) {
      if (!configuration.isObject()) {
        throw new InvalidConfigurationException(
            List.of("configuration: expected an object but got " + configuration.getNodeType()));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = configuration.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String name = field.getKey();
        if (!name.isEmpty() && Options.SECTIONS.contains(name)) {
          readSection(name, field.getValue(), builder, unknown, warnings, problems);
        } else {
          readOption(
              Options.TOP_LEVEL, name, field.getValue(), builder, unknown, warnings, problems);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    Integer poolerInstances = builder.get(Options.CONNECTION_POOLER_NUMBER_OF_INSTANCES);
    if (poolerInstances != null && poolerInstances >= 1 && poolerInstances < MIN_POOLER_INSTANCES) {
      warnings.add(
          "connection_pooler.connection_pooler_number_of_instances: "
              + poolerInstances
              + " raised to "
              + MIN_POOLER_INSTANCES
              + " (OperatorConfiguration minimum)");
      builder.set(Options.CONNECTION_POOLER_NUMBER_OF_INSTANCES, MIN_POOLER_INSTANCES);
    }
    OperatorConfig config = ConfigValidator.validate(builder.build(), warnings);
    return new LoadResult(config, unknown, warnings);
  }

  private static void readSection(
      String section,
      JsonNode node,
      OperatorConfig.Builder builder,
      List<String> unknown,
      List<String> warnings,
      List<String> problems) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      problems.add(section + ": expected an object but got " + node.getNodeType());
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      readOption(section, field.getKey(), field.getValue(), builder, unknown, warnings, problems);
    }
  }

  private static void readOption(
      String section,
      String key,
      JsonNode value,
      OperatorConfig.Builder builder,
      List<String> unknown,
      List<String> warnings,
      List<String> problems) {
    String path = section.isEmpty() ? key : section + "." + key;
    Option<?> option = Options.byKey(key);
    if (option == null || option.isConfigMapOnly()) {
      unknown.add(path);
      warnings.add("unknown configuration key '" + path + "' is ignored");
      return;
    }
    if (!option.section().equals(section)) {
      unknown.add(path);
      warnings.add(
          "configuration key '"
              + path
              + "' is ignored: it belongs at '"
              + option.operatorConfigurationPath()
              + "'");
      return;
    }
    if (!option.key().equals(key)) {
      warnings.add(
          "'" + path + "' is deprecated, use '" + option.operatorConfigurationPath() + "'");
    }
    if (value == null || value.isNull() || value.isMissingNode()) {
      return; // like an omitted key: the default applies
    }
    try {
      builder.setParsed(option, option.type().readJson(value));
      if (option.isDeprecated()) {
        warnings.add("'" + path + "' is deprecated: " + option.description());
      }
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
    }
  }
}
