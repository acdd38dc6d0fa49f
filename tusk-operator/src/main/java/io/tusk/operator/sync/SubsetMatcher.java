package io.tusk.operator.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an object read back from the API server already carries everything Tusk wants in
 * it. The desired object must be a subset of the actual one: the API server fills in defaults
 * (imagePullPolicy, terminationMessagePath, ...) that Tusk never sets, and other controllers add
 * labels or annotations of their own; neither is drift. Comparing this way keeps a periodic sync of
 * hundreds of clusters free of writes when nothing changed, and avoids the rolling updates from
 * diff noise that Zalando's users report (#1397).
 */
public final class SubsetMatcher {
  private final KubernetesSerialization serialization;

  public SubsetMatcher(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /** Empty when {@code actual} already matches; otherwise the JSON path of the first difference. */
  public Optional<String> firstDifference(HasMetadata desired, HasMetadata actual) {
    JsonNode want = comparable(desired);
    JsonNode have = serialization.convertValue(actual, JsonNode.class);
    return difference(want, have, "");
  }

  /** The parts of a desired object Tusk owns: everything but status and server-managed metadata. */
  private JsonNode comparable(HasMetadata desired) {
    ObjectNode node = serialization.convertValue(desired, ObjectNode.class);
    node.remove("status");
    node.remove("apiVersion");
    node.remove("kind");
    JsonNode meta = node.get("metadata");
    if (meta instanceof ObjectNode m) {
      m.retain("labels", "annotations", "ownerReferences", "finalizers");
    }
    if (node.has("stringData")) { // Secrets: the API server stores stringData as base64 data
      ObjectNode data = node.with("data");
      for (Map.Entry<String, JsonNode> e : node.get("stringData").properties()) {
        data.put(
            e.getKey(),
            java.util.Base64.getEncoder()
                .encodeToString(
                    e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      node.remove("stringData");
    }
    return node;
  }

  private static Optional<String> difference(JsonNode want, JsonNode have, String path) {
    if (want == null || want.isNull()) {
      return Optional.empty();
    }
    if (have == null || have.isNull() || have.isMissingNode()) {
      return isEmptyValue(want) ? Optional.empty() : Optional.of(path);
    }
    if (want.isObject()) {
      if (!have.isObject()) {
        return Optional.of(path);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Optional<String> d =
            difference(e.getValue(), have.get(e.getKey()), path + "." + e.getKey());
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        return Optional.of(path);
      }
      for (int i = 0; i < want.size(); i++) {
        Optional<String> d = difference(want.get(i), have.get(i), path + "[" + i + "]");
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (want.equals(have) || want.asText().equals(have.asText())) {
      return Optional.empty();
    }
    return sameQuantity(want.asText(), have.asText()) ? Optional.empty() : Optional.of(path);
  }

  private static boolean isEmptyValue(JsonNode n) {
    return (n.isContainerNode() && n.isEmpty()) || (n.isTextual() && n.asText().isEmpty());
  }

  /** The API server canonicalises quantities ("1000m" comes back as "1"). */
  private static boolean sameQuantity(String a, String b) {
    if (a.isEmpty()
        || b.isEmpty()
        || !Character.isDigit(a.charAt(0))
        || !Character.isDigit(b.charAt(0))) {
      return false;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(a))
              .compareTo(Quantity.getAmountInBytes(new Quantity(b)))
          == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
