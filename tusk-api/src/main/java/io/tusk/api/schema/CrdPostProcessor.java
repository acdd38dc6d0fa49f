package io.tusk.api.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Completes a CRD produced by fabric8's CRD generator so that it matches the upstream Zalando CRD
 * where the generator falls short:
 *
 * <ul>
 *   <li>applies {@link SchemaConstraints} and {@link SchemaExtension} from the model classes;
 *   <li>adds {@code format: int32/int64} to Integer/Long fields of the model;
 *   <li>declares {@code apiVersion}, {@code kind}, {@code metadata} at the root and requires {@code
 *       metadata} (and {@code spec} when the resource has one);
 *   <li>orders printer columns as declared on the class (the generator sorts them by path), drops
 *       the default {@code priority: 0} and sets {@code names.listKind};
 *   <li>writes whole-number bounds as integers and sorts schema keys, for stable, readable files.
 * </ul>
 *
 * Kubernetes core types inside the model (fabric8 classes) are left as generated.
 */
public final class CrdPostProcessor {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String MODEL_PACKAGE_PREFIX = "io.tusk.api.";

  private CrdPostProcessor() {}

  /** Returns a processed copy of {@code generatedCrd}, the CRD generated for {@code resource}. */
  public static ObjectNode process(ObjectNode generatedCrd, Class<? extends HasMetadata> resource) {
    ObjectNode crd = generatedCrd.deepCopy();
    ObjectNode spec = (ObjectNode) crd.required("spec");
    ObjectNode names = (ObjectNode) spec.required("names");
    names.put("listKind", names.required("kind").asText() + "List");
    for (JsonNode version : spec.required("versions")) {
      ObjectNode v = (ObjectNode) version;
      orderPrinterColumns(v, resource);
      ObjectNode schemaHolder = (ObjectNode) v.required("schema");
      ObjectNode schema = (ObjectNode) schemaHolder.required("openAPIV3Schema");
      completeRoot(schema, resource);
      walk(schema, MAPPER.constructType(resource));
      schemaHolder.set("openAPIV3Schema", normalize(schema));
    }
    return crd;
  }

  private static void orderPrinterColumns(ObjectNode version, Class<?> resource) {
    JsonNode columns = version.get("additionalPrinterColumns");
    if (columns == null || !columns.isArray()) {
      return;
    }
    Map<String, ObjectNode> byName = new LinkedHashMap<>();
    columns.forEach(c -> byName.put(c.required("name").asText(), (ObjectNode) c));
    ArrayNode ordered = NODES.arrayNode();
    for (AdditionalPrinterColumn declared :
        resource.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      ObjectNode column = byName.remove(declared.name());
      if (column != null) {
        ordered.add(column);
      }
    }
    byName.values().forEach(ordered::add);
    for (JsonNode column : ordered) {
      JsonNode priority = column.get("priority");
      if (priority != null && priority.asInt() == 0) {
        ((ObjectNode) column).remove("priority");
      }
    }
    version.set("additionalPrinterColumns", ordered);
  }

  private static void completeRoot(ObjectNode schema, Class<?> resource) {
    ObjectNode properties = schema.withObjectProperty("properties");
    // A resource without a spec (OperatorConfiguration keeps its payload in "configuration")
    // declares CustomResource<Void, ...>; the generator still emits an empty "spec" object.
    if (isVoid(resource, "spec")) {
      properties.remove("spec");
    }
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").put("type", "object");
    TreeSet<String> required = new TreeSet<>();
    schema.withArrayProperty("required").forEach(r -> required.add(r.asText()));
    required.add("metadata");
    if (properties.has("spec")) {
      required.add("spec");
    }
    ArrayNode list = NODES.arrayNode();
    required.forEach(list::add);
    schema.set("required", list);
  }

  private static boolean isVoid(Class<?> resource, String propertyName) {
    BeanDescription bean =
        MAPPER.getSerializationConfig().introspect(MAPPER.constructType(resource));
    return bean.findProperties().stream()
        .filter(p -> p.getName().equals(propertyName))
        .anyMatch(p -> p.getPrimaryType().getRawClass() == Void.class);
  }

  /** Walks a schema node alongside the Java type it was generated from. */
  private static void walk(ObjectNode node, JavaType type) {
    if (type.isCollectionLikeType() || type.isArrayType()) {
      child(node, "items").ifPresent(items -> walk(items, type.getContentType()));
      return;
    }
    if (type.isMapLikeType()) {
      child(node, "additionalProperties").ifPresent(values -> walk(values, type.getContentType()));
      return;
    }
    Class<?> raw = type.getRawClass();
    if (raw == Integer.class || raw == int.class) {
      setIfAbsent(node, "format", "int32");
      return;
    }
    if (raw == Long.class || raw == long.class) {
      setIfAbsent(node, "format", "int64");
      return;
    }
    if (!raw.getName().startsWith(MODEL_PACKAGE_PREFIX)) {
      return;
    }
    SchemaExtension extension = raw.getAnnotation(SchemaExtension.class);
    if (extension != null) {
      merge(node, parse(extension.value(), raw));
    }
    JsonNode properties = node.get("properties");
    if (properties == null) {
      return;
    }
    BeanDescription bean = MAPPER.getSerializationConfig().introspect(type);
    for (BeanPropertyDefinition property : bean.findProperties()) {
      JsonNode propertySchema = properties.get(property.getName());
      if (propertySchema instanceof ObjectNode target) {
        applyConstraints(target, property);
        walk(target, property.getPrimaryType());
      }
    }
  }

  private static void applyConstraints(ObjectNode target, BeanPropertyDefinition property) {
    SchemaConstraints constraints = null;
    if (property.getField() != null) {
      constraints = property.getField().getAnnotation(SchemaConstraints.class);
    }
    if (constraints == null && property.getGetter() != null) {
      constraints = property.getGetter().getAnnotation(SchemaConstraints.class);
    }
    if (constraints == null) {
      return;
    }
    if (constraints.enumValues().length > 0) {
      target.set("enum", strings(constraints.enumValues()));
    }
    if (!constraints.format().isEmpty()) {
      target.put("format", constraints.format());
    }
    if (!constraints.itemPattern().isEmpty() || constraints.itemEnumValues().length > 0) {
      ObjectNode item = innermostItem(target);
      if (!constraints.itemPattern().isEmpty()) {
        item.put("pattern", constraints.itemPattern());
      }
      if (constraints.itemEnumValues().length > 0) {
        item.set("enum", strings(constraints.itemEnumValues()));
      }
    }
  }

  private static ObjectNode innermostItem(ObjectNode node) {
    ObjectNode current = node;
    while (true) {
      Optional<ObjectNode> next = child(current, "items");
      if (next.isEmpty()) {
        next = child(current, "additionalProperties");
      }
      if (next.isEmpty()) {
        return current;
      }
      current = next.get();
    }
  }

  private static Optional<ObjectNode> child(ObjectNode node, String name) {
    JsonNode child = node.get(name);
    return child instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
  }

  private static void setIfAbsent(ObjectNode node, String field, String value) {
    if (!node.has(field)) {
      node.put(field, value);
    }
  }

  private static ArrayNode strings(String[] values) {
    ArrayNode array = NODES.arrayNode();
    for (String v : values) {
      array.add(v);
    }
    return array;
  }

  private static JsonNode parse(String json, Class<?> owner) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("invalid @SchemaExtension on " + owner.getName(), e);
    }
  }

  /** JSON merge patch (RFC 7396) of {@code patch} into {@code target}. */
  private static void merge(ObjectNode target, JsonNode patch) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      JsonNode existing = target.get(e.getKey());
      if (e.getValue().isNull()) {
        target.remove(e.getKey());
      } else if (e.getValue().isObject() && existing instanceof ObjectNode existingObject) {
        merge(existingObject, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  /** Sorts object keys and turns whole-number floating point values into integers. */
  private static JsonNode normalize(JsonNode node) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      ObjectNode sorted = NODES.objectNode();
      for (String key : keys) {
        sorted.set(key, normalize(node.get(key)));
      }
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode array = NODES.arrayNode();
      node.forEach(item -> array.add(normalize(item)));
      return array;
    }
    if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())) {
      return NODES.numberNode(node.longValue());
    }
    return node;
  }
}
