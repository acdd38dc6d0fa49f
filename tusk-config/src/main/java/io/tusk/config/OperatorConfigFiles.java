package io.tusk.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an operator configuration from a YAML or JSON document, telling a ConfigMap from an
 * OperatorConfiguration resource by its {@code kind} (used for rendering offline, e.g. {@code tusk
 * render --config FILE}).
 *
 * <p>Mirrors the source selection of Zalando's {@code controller.go#initController} (v2.0.1), which
 * picks between the two sources through environment variables instead. A multi-document file may
 * hold other objects as long as exactly one of them is a configuration.
 */
public final class OperatorConfigFiles {

  /** Kind of the operator ConfigMap. */
  public static final String CONFIG_MAP_KIND = "ConfigMap";

  /** Kind of the OperatorConfiguration resource. */
  public static final String OPERATOR_CONFIGURATION_KIND = "OperatorConfiguration";

  private static final YAMLMapper YAML = new YAMLMapper();

  private OperatorConfigFiles() {}

  /**
   * Loads the configuration in the file at {@code path}.
   *
   * @throws InvalidConfigurationException if the file cannot be read or holds no usable
   *     configuration
   */
  public static LoadResult load(Path path) {
    try {
      return load(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          List.of(path + ": cannot read configuration file: " + e.getMessage()));
    }
  }

  /**
   * Loads the configuration in a YAML or JSON text.
   *
   * @throws InvalidConfigurationException if the text is not YAML/JSON, holds no ConfigMap or
   *     OperatorConfiguration (or more than one), or has invalid values
   */
  public static LoadResult load(String yamlOrJson) {
    List<JsonNode> candidates = new ArrayList<>();
    List<String> otherKinds = new ArrayList<>();
    for (JsonNode document : readDocuments(yamlOrJson)) {
      String kind = document.path("kind").asText("");
      if (kind.equals(CONFIG_MAP_KIND) || kind.equals(OPERATOR_CONFIGURATION_KIND)) {
        candidates.add(document);
      } else {
        otherKinds.add(kind.isEmpty() ? "(no kind)" : kind);
      }
    }
    if (candidates.isEmpty()) {
      throw new InvalidConfigurationException(
          List.of(
              "expected a ConfigMap or an OperatorConfiguration (acid.zalan.do/v1), but found "
                  + (otherKinds.isEmpty()
                      ? "no document"
                      : "kind " + String.join(", ", otherKinds))));
    }
    if (candidates.size() > 1) {
      throw new InvalidConfigurationException(
          List.of(
              "expected one ConfigMap or OperatorConfiguration, but found "
                  + candidates.size()
                  + " configuration documents"));
    }
    JsonNode document = candidates.get(0);
    if (document.path("kind").asText().equals(CONFIG_MAP_KIND)) {
      return ConfigMapLoader.load(configMapData(document.path("data")));
    }
    String apiVersion = document.path("apiVersion").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals("acid.zalan.do/v1")) {
      throw new InvalidConfigurationException(
          List.of(
              "apiVersion: OperatorConfiguration must be acid.zalan.do/v1, got '"
                  + apiVersion
                  + "'"));
    }
    return OperatorConfigurationLoader.load(document.get("configuration"));
  }

  private static List<JsonNode> readDocuments(String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        if (node != null && node.isObject()) {
          documents.add(node);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfigurationException(
          List.of("configuration file is not valid YAML or JSON: " + e.getMessage()));
    }
    return documents;
  }

  /** ConfigMap values are strings; unquoted YAML scalars ({@code workers: 8}) are taken as text. */
  private static Map<String, String> configMapData(JsonNode data) {
    Map<String, String> result = new LinkedHashMap<>();
    if (data.isMissingNode() || data.isNull()) {
      return result;
    }
    if (!data.isObject()) {
      throw new InvalidConfigurationException(
          List.of("data: expected an object but got " + data.getNodeType()));
    }
    List<String> problems = new ArrayList<>();
    data.fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              if (v.isNull()) {
                result.put(e.getKey(), "");
              } else if (v.isValueNode()) {
                result.put(e.getKey(), v.asText());
              } else {
                problems.add(
                    e.getKey() + ": ConfigMap values must be strings, got " + v.getNodeType());
              }
            });
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return result;
  }
}
