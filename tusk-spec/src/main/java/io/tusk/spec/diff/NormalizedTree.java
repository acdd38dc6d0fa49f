package io.tusk.spec.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.tusk.spec.pod.Quantities;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON views of Kubernetes objects in which what the API server fills in by itself no longer shows.
 * Used by {@link StatefulSetComparison} so that an object read back from the server (with defaults,
 * canonical quantities, dropped empty fields) compares equal to the object Tusk generated: diff
 * noise here would trigger needless rolling updates (a known Zalando problem).
 *
 * <p>Rules: {@code null}, empty strings, empty arrays and empty objects are removed (Go's {@code
 * omitempty} drops them on the server side); quantities under {@code resources.requests} and {@code
 * resources.limits} become plain decimal amounts; probes get the API defaults.
 */
final class NormalizedTree {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NormalizedTree() {}

  /** The object as a JSON tree, without empty values. */
  static JsonNode of(Object value) {
    if (value == null) {
      return JsonNodeFactory.instance.missingNode();
    }
    JsonNode tree = MAPPER.valueToTree(value);
    return prune(tree);
  }

  /** The object as a JSON tree exactly as serialised (for label and annotation maps). */
  static JsonNode raw(Object value) {
    return value == null ? JsonNodeFactory.instance.missingNode() : MAPPER.valueToTree(value);
  }

  /** Removes null, "", [] and {} recursively; returns a missing node when nothing remains. */
  static JsonNode prune(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return JsonNodeFactory.instance.missingNode();
    }
    if (node.isTextual() && node.asText().isEmpty()) {
      return JsonNodeFactory.instance.missingNode();
    }
    if (node.isObject()) {
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        JsonNode child = prune(e.getValue());
        if (!child.isMissingNode()) {
          result.set(e.getKey(), child);
        }
      }
      return result.isEmpty() ? JsonNodeFactory.instance.missingNode() : result;
    }
    if (node.isArray()) {
      ArrayNode result = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : node) {
        JsonNode child = prune(item);
        // Keep positions of array items: an empty item still counts.
        result.add(child.isMissingNode() ? JsonNodeFactory.instance.objectNode() : child);
      }
      return result.isEmpty() ? JsonNodeFactory.instance.missingNode() : result;
    }
    return node;
  }

  /** A field of an object node, missing when absent. */
  static JsonNode get(JsonNode node, String... path) {
    JsonNode current = node;
    for (String p : path) {
      if (current == null || !current.isObject()) {
        return JsonNodeFactory.instance.missingNode();
      }
      current = current.path(p);
    }
    return current == null ? JsonNodeFactory.instance.missingNode() : current;
  }

  /** The items of an array node (empty for a missing node). */
  static List<JsonNode> items(JsonNode node) {
    List<JsonNode> result = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(result::add);
    }
    return result;
  }

  /** Text of a node, or {@code fallback} when missing. */
  static String text(JsonNode node, String fallback) {
    return node == null || node.isMissingNode() || node.isNull() ? fallback : node.asText();
  }

  /** A copy of {@code node} with {@code field} set to {@code value} when absent. */
  static JsonNode withDefault(JsonNode node, String field, JsonNode value) {
    if (node == null || !node.isObject() || node.has(field)) {
      return node;
    }
    ObjectNode copy = ((ObjectNode) node).deepCopy();
    copy.set(field, value);
    return copy;
  }

  /** A probe with the API defaults (timeout 1, period 10, success 1, failure 3, HTTP scheme). */
  static JsonNode probe(JsonNode probe) {
    if (probe == null || !probe.isObject()) {
      return JsonNodeFactory.instance.missingNode();
    }
    ObjectNode p = ((ObjectNode) probe).deepCopy();
    putIfAbsent(p, "timeoutSeconds", 1);
    putIfAbsent(p, "periodSeconds", 10);
    putIfAbsent(p, "successThreshold", 1);
    putIfAbsent(p, "failureThreshold", 3);
    if (p.get("httpGet") instanceof ObjectNode http && !http.has("scheme")) {
      http.put("scheme", "HTTP");
    }
    return p;
  }

  /** Resource requirements with every quantity replaced by its exact decimal amount. */
  static JsonNode resources(JsonNode resources) {
    if (resources == null || !resources.isObject()) {
      return JsonNodeFactory.instance.missingNode();
    }
    ObjectNode r = ((ObjectNode) resources).deepCopy();
    for (String kind : List.of("requests", "limits")) {
      if (r.get(kind) instanceof ObjectNode list) {
        ObjectNode amounts = JsonNodeFactory.instance.objectNode();
        list.fields()
            .forEachRemaining(
                e -> amounts.put(e.getKey(), amount(e.getValue().asText()).toPlainString()));
        r.set(kind, amounts);
      }
    }
    return r;
  }

  private static java.math.BigDecimal amount(String quantity) {
    try {
      return Quantities.amount(new Quantity(quantity)).stripTrailingZeros();
    } catch (RuntimeException e) {
      return java.math.BigDecimal.valueOf(-1);
    }
  }

  private static void putIfAbsent(ObjectNode node, String field, int value) {
    if (!node.has(field)) {
      node.put(field, value);
    }
  }
}
