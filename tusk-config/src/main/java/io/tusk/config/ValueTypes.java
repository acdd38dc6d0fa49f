package io.tusk.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The value types operator options can have, each knowing both Zalando syntaxes.
 *
 * <p>Mirrors the type switch of Zalando's {@code config/util.go#processField} for ConfigMap strings
 * and the Go JSON types of {@code operator_configuration_type.go} for the OperatorConfiguration
 * resource (v2.0.1). The JSON readers are a little lenient where the API server would already have
 * rejected the object (a quoted {@code "true"}, a number for a string), so that files rendered
 * offline behave like objects read from a cluster.
 */
public final class ValueTypes {

  /** Strings, including Zalando's name templates and namespaced names. */
  public static final ValueType<String> STRING = new StringType();

  /** Booleans; the ConfigMap accepts what Go's strconv.ParseBool accepts. */
  public static final ValueType<Boolean> BOOLEAN = new BooleanType();

  /** 32-bit integers. */
  public static final ValueType<Integer> INTEGER = new IntegerType();

  /** 64-bit integers (user and group ids). */
  public static final ValueType<Long> LONG = new LongType();

  /** Durations in Go syntax ("5m", "30s", "1h30m") or plain seconds. */
  public static final ValueType<Duration> DURATION = new DurationType();

  /** Lists of strings; ConfigMap form {@code "a,b"}, resource form a YAML list. */
  public static final ValueType<List<String>> STRING_LIST = new StringListType();

  /** String maps; ConfigMap form {@code "k:v,k2:v2"}, resource form a YAML object. */
  public static final ValueType<Map<String, String>> STRING_MAP = new StringMapType();

  /** Infrastructure role Secret descriptions. */
  public static final ValueType<List<InfrastructureRoleSecret>> INFRASTRUCTURE_ROLES =
      new InfrastructureRolesType();

  /** Kubernetes container definitions (global sidecars). */
  public static final ValueType<List<Container>> CONTAINERS = new ContainersType();

  /** A Kubernetes probe definition. */
  public static final ValueType<Probe> PROBE = new ProbeType();

  static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final ObjectMapper YAML = new YAMLMapper();

  private ValueTypes() {}

  private static String quote(String raw) {
    return "'" + raw + "'";
  }

  private static String describe(JsonNode node) {
    return node.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + node;
  }

  /** Reads a JSON scalar as text, failing for objects and arrays. */
  private static String scalarText(JsonNode node, String expected) {
    if (node.isValueNode()) {
      return node.asText();
    }
    throw new IllegalArgumentException("expected " + expected + " but got " + describe(node));
  }

  /** Parses YAML or JSON text given in a ConfigMap for a structured option. */
  private static JsonNode parseStructuredText(String raw) {
    try {
      return YAML.readTree(raw);
    } catch (Exception e) {
      throw new IllegalArgumentException("not valid YAML/JSON: " + e.getMessage(), e);
    }
  }

  private static final class StringType implements ValueType<String> {
    @Override
    public String displayName() {
      return "string";
    }

    @Override
    public String parseConfigMapValue(String raw) {
      return raw;
    }

    @Override
    public String readJson(JsonNode node) {
      return scalarText(node, "a string");
    }

    @Override
    public String zeroValue() {
      return "";
    }

    @Override
    public String format(String value) {
      return value;
    }
  }

  private static final class BooleanType implements ValueType<Boolean> {
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    @Override
    public String displayName() {
      return "boolean";
    }

    @Override
    public Boolean parseConfigMapValue(String raw) {
      String text = raw.trim();
      if (TRUE.contains(text)) {
        return true;
      }
      if (FALSE.contains(text)) {
        return false;
      }
      throw new IllegalArgumentException("not a boolean: " + quote(raw) + " (use true or false)");
    }

    @Override
    public Boolean readJson(JsonNode node) {
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      if (node.isTextual()) {
        return parseConfigMapValue(node.textValue());
      }
      throw new IllegalArgumentException("expected a boolean but got " + describe(node));
    }

    @Override
    public Boolean zeroValue() {
      return false;
    }

    @Override
    public String format(Boolean value) {
      return String.valueOf(value);
    }
  }

  private static final class IntegerType implements ValueType<Integer> {
    @Override
    public String displayName() {
      return "integer";
    }

    @Override
    public Integer parseConfigMapValue(String raw) {
      try {
        return Integer.parseInt(raw.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + quote(raw), e);
      }
    }

    @Override
    public Integer readJson(JsonNode node) {
      if (node.isIntegralNumber() && node.canConvertToInt()) {
        return node.intValue();
      }
      if (node.isTextual()) {
        return parseConfigMapValue(node.textValue());
      }
      throw new IllegalArgumentException("expected an integer but got " + describe(node));
    }

    @Override
    public Integer zeroValue() {
      return 0;
    }

    @Override
    public String format(Integer value) {
      return String.valueOf(value);
    }
  }

  private static final class LongType implements ValueType<Long> {
    @Override
    public String displayName() {
      return "integer";
    }

    @Override
    public Long parseConfigMapValue(String raw) {
      try {
        return Long.parseLong(raw.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + quote(raw), e);
      }
    }

    @Override
    public Long readJson(JsonNode node) {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return node.longValue();
      }
      if (node.isTextual()) {
        return parseConfigMapValue(node.textValue());
      }
      throw new IllegalArgumentException("expected an integer but got " + describe(node));
    }

    @Override
    public Long zeroValue() {
      return null;
    }

    @Override
    public String format(Long value) {
      return String.valueOf(value);
    }
  }

  private static final class DurationType implements ValueType<Duration> {
    @Override
    public String displayName() {
      return "duration";
    }

    @Override
    public Duration parseConfigMapValue(String raw) {
      return GoDurations.parse(raw);
    }

    @Override
    public Duration readJson(JsonNode node) {
      if (node.isTextual()) {
        return GoDurations.parse(node.textValue());
      }
      if (node.isIntegralNumber()) {
        return Duration.ofSeconds(node.longValue());
      }
      throw new IllegalArgumentException("expected a duration string but got " + describe(node));
    }

    @Override
    public Duration zeroValue() {
      return Duration.ZERO;
    }

    @Override
    public String format(Duration value) {
      return GoDurations.format(value);
    }

    @Override
    public Object toDisplayValue(Duration value) {
      return GoDurations.format(value);
    }
  }

  private static final class StringListType implements ValueType<List<String>> {
    @Override
    public String displayName() {
      return "list of strings";
    }

    @Override
    public List<String> parseConfigMapValue(String raw) {
      return List.copyOf(ConfigMapSyntax.parseList(raw));
    }

    @Override
    public List<String> readJson(JsonNode node) {
      if (node.isTextual()) {
        return parseConfigMapValue(node.textValue());
      }
      if (!node.isArray()) {
        throw new IllegalArgumentException("expected a list but got " + describe(node));
      }
      List<String> items = new ArrayList<>();
      for (JsonNode item : node) {
        items.add(scalarText(item, "a list of strings"));
      }
      return List.copyOf(items);
    }

    @Override
    public List<String> zeroValue() {
      return List.of();
    }

    @Override
    public String format(List<String> value) {
      return ConfigMapSyntax.formatList(value);
    }
  }

  private static final class StringMapType implements ValueType<Map<String, String>> {
    @Override
    public String displayName() {
      return "map";
    }

    @Override
    public Map<String, String> parseConfigMapValue(String raw) {
      return Collections.unmodifiableMap(ConfigMapSyntax.parseMap(raw));
    }

    @Override
    public Map<String, String> readJson(JsonNode node) {
      if (node.isTextual()) {
        return parseConfigMapValue(node.textValue());
      }
      if (!node.isObject()) {
        throw new IllegalArgumentException("expected a map but got " + describe(node));
      }
      Map<String, String> map = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              e -> map.put(e.getKey(), scalarText(e.getValue(), "string values in the map")));
      return Collections.unmodifiableMap(map);
    }

    @Override
    public Map<String, String> zeroValue() {
      return Map.of();
    }

    @Override
    public String format(Map<String, String> value) {
      return ConfigMapSyntax.formatMap(value);
    }
  }

  /**
   * ConfigMap form is one role description {@code "secretname:s,userkey:u,passwordkey:p"}, as
   * Zalando's {@code controller/util.go#getInfrastructureRoleDefinitions} reads it; a YAML/JSON
   * list of objects is accepted as well. The resource form is a list of objects.
   */
  private static final class InfrastructureRolesType
      implements ValueType<List<InfrastructureRoleSecret>> {
    private static final TypeReference<List<InfrastructureRoleSecret>> LIST =
        new TypeReference<>() {};

    @Override
    public String displayName() {
      return "list of infrastructure role secrets";
    }

    @Override
    public List<InfrastructureRoleSecret> parseConfigMapValue(String raw) {
      String text = raw.trim();
      if (text.startsWith("[") || text.startsWith("-")) {
        return readJson(parseStructuredText(text));
      }
      Map<String, String> props = new LinkedHashMap<>();
      for (String property : text.split(",")) {
        int colon = property.indexOf(':');
        if (colon < 0) {
          continue; // Zalando skips properties without a value separator
        }
        props.put(property.substring(0, colon).trim(), property.substring(colon + 1).trim());
      }
      for (String name : props.keySet()) {
        if (!Set.of(
                "secretname",
                "userkey",
                "passwordkey",
                "rolekey",
                "defaultuservalue",
                "defaultrolevalue",
                "details",
                "template")
            .contains(name)) {
          throw new IllegalArgumentException("unknown role description property '" + name + "'");
        }
      }
      InfrastructureRoleSecret role =
          new InfrastructureRoleSecret(
              props.get("secretname"),
              props.get("userkey"),
              props.get("passwordkey"),
              props.get("rolekey"),
              props.get("defaultuservalue"),
              props.get("defaultrolevalue"),
              props.get("details"),
              Boolean.parseBoolean(props.get("template")));
      if (role.secretName().isEmpty()
          || role.passwordKey().isEmpty()
          || (role.userKey().isEmpty() && role.defaultUserValue().isEmpty())) {
        throw new IllegalArgumentException(
            "role description needs secretname, passwordkey and userkey or defaultuservalue: "
                + quote(raw));
      }
      return List.of(role);
    }

    @Override
    public List<InfrastructureRoleSecret> readJson(JsonNode node) {
      if (node.isTextual()) {
        return parseConfigMapValue(node.textValue());
      }
      if (!node.isArray()) {
        throw new IllegalArgumentException("expected a list of objects but got " + describe(node));
      }
      try {
        return List.copyOf(JSON.convertValue(node, LIST));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid role secret description: " + e.getMessage(), e);
      }
    }

    @Override
    public List<InfrastructureRoleSecret> zeroValue() {
      return List.of();
    }

    @Override
    public String format(List<InfrastructureRoleSecret> value) {
      return JSON.valueToTree(value).toString();
    }

    @Override
    public Object toDisplayValue(List<InfrastructureRoleSecret> value) {
      return JSON.convertValue(value, Object.class);
    }
  }

  /**
   * Zalando's ConfigMap loader cannot fill a list of containers (it splits at commas into empty
   * structs); Tusk accepts the same YAML/JSON list the resource takes.
   */
  private static final class ContainersType implements ValueType<List<Container>> {
    private static final TypeReference<List<Container>> LIST = new TypeReference<>() {};

    @Override
    public String displayName() {
      return "list of containers";
    }

    @Override
    public List<Container> parseConfigMapValue(String raw) {
      return readJson(parseStructuredText(raw));
    }

    @Override
    public List<Container> readJson(JsonNode node) {
      if (!node.isArray()) {
        throw new IllegalArgumentException(
            "expected a list of containers but got " + describe(node));
      }
      try {
        return List.copyOf(JSON.convertValue(node, LIST));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid container: " + e.getMessage(), e);
      }
    }

    @Override
    public List<Container> zeroValue() {
      return List.of();
    }

    @Override
    public String format(List<Container> value) {
      return JSON.valueToTree(value).toString();
    }

    @Override
    public Object toDisplayValue(List<Container> value) {
      return JSON.convertValue(value, Object.class);
    }

    @Override
    public List<Container> defensiveCopy(List<Container> value) {
      return value.stream().map(c -> new ContainerBuilder(c).build()).toList();
    }
  }

  /** Zalando reads {@code liveness_probe} only from the resource; Tusk also takes YAML text. */
  private static final class ProbeType implements ValueType<Probe> {
    @Override
    public String displayName() {
      return "probe";
    }

    @Override
    public Probe parseConfigMapValue(String raw) {
      return readJson(parseStructuredText(raw));
    }

    @Override
    public Probe readJson(JsonNode node) {
      if (!node.isObject()) {
        throw new IllegalArgumentException("expected a probe object but got " + describe(node));
      }
      try {
        return JSON.convertValue(node, Probe.class);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid probe: " + e.getMessage(), e);
      }
    }

    @Override
    public Probe zeroValue() {
      return null;
    }

    @Override
    public String format(Probe value) {
      return value == null ? "" : JSON.valueToTree(value).toString();
    }

    @Override
    public Object toDisplayValue(Probe value) {
      return value == null ? null : JSON.convertValue(value, Object.class);
    }

    @Override
    public Probe defensiveCopy(Probe value) {
      return value == null ? null : new ProbeBuilder(value).build();
    }
  }
}
