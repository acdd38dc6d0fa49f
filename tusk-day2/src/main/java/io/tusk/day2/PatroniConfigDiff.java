package io.tusk.day2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code PATCH /config} that brings Patroni's dynamic configuration to the declared one, with
 * only the keys that differ, by Zalando's rules ({@code checkAndSetGlobalPostgreSQLConfiguration}):
 *
 * <ul>
 *   <li>{@code ttl}, {@code loop_wait}, {@code retry_timeout}, {@code maximum_lag_on_failover}:
 *       when declared and different;
 *   <li>{@code synchronous_mode}, {@code synchronous_mode_strict}, {@code synchronous_node_count}:
 *       always compared, an undeclared one counting as Patroni's default ({@code false}, {@code
 *       false}, {@code 1}), so turning synchronous mode off in the manifest turns it off;
 *   <li>{@code failsafe_mode}: when declared (manifest or operator configuration) and different;
 *   <li>{@code pg_hba} (top level, as Zalando sets it): when declared and different, the whole
 *       list;
 *   <li>{@code slots}: each declared slot that is missing or different (a slot that is no longer
 *       declared is left alone: Tusk cannot tell it from one set by hand, and removing it makes
 *       Patroni drop the replication slot);
 *   <li>{@code postgresql.parameters}: each declared DCS parameter whose value differs, compared as
 *       text ({@code 100} and {@code "100"} are equal). A parameter removed from the manifest keeps
 *       its value, as in Zalando.
 * </ul>
 */
public final class PatroniConfigDiff {

  private static final List<String> DECLARED_ONLY = List.of("ttl", "loop_wait", "retry_timeout");

  private static final Map<String, JsonNode> DEFAULTED =
      Map.of(
          "synchronous_mode", JsonNodeFactory.instance.booleanNode(false),
          "synchronous_mode_strict", JsonNodeFactory.instance.booleanNode(false),
          "synchronous_node_count", JsonNodeFactory.instance.numberNode(1));

  private PatroniConfigDiff() {}

  /** The patch and the names of the keys it sets ({@code postgresql.parameters.x} for a GUC). */
  public record Patch(ObjectNode body, List<String> keys) {
    public boolean isEmpty() {
      return keys.isEmpty();
    }
  }

  public static Patch diff(ObjectNode desired, JsonNode effective) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    List<String> keys = new ArrayList<>();
    for (String key : DECLARED_ONLY) {
      if (desired.has(key) && !sameText(desired.get(key), effective.get(key))) {
        body.set(key, desired.get(key));
        keys.add(key);
      }
    }
    if (desired.has("maximum_lag_on_failover")
        && !sameText(
            desired.get("maximum_lag_on_failover"), effective.get("maximum_lag_on_failover"))) {
      body.set("maximum_lag_on_failover", desired.get("maximum_lag_on_failover"));
      keys.add("maximum_lag_on_failover");
    }
    for (Map.Entry<String, JsonNode> e : new TreeMap<>(DEFAULTED).entrySet()) {
      JsonNode want = desired.has(e.getKey()) ? desired.get(e.getKey()) : e.getValue();
      JsonNode have = present(effective, e.getKey()) ? effective.get(e.getKey()) : e.getValue();
      if (!sameText(want, have)) {
        body.set(e.getKey(), want);
        keys.add(e.getKey());
      }
    }
    if (desired.has("failsafe_mode")
        && !sameText(desired.get("failsafe_mode"), effective.get("failsafe_mode"))) {
      body.set("failsafe_mode", desired.get("failsafe_mode"));
      keys.add("failsafe_mode");
    }
    if (desired.has("pg_hba") && !Objects.equals(desired.get("pg_hba"), effective.get("pg_hba"))) {
      body.set("pg_hba", desired.get("pg_hba"));
      keys.add("pg_hba");
    }
    ObjectNode slots = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> declaredSlots = desired.path("slots").fields();
    while (declaredSlots.hasNext()) {
      Map.Entry<String, JsonNode> slot = declaredSlots.next();
      if (!Objects.equals(slot.getValue(), effective.path("slots").get(slot.getKey()))) {
        slots.set(slot.getKey(), slot.getValue());
        keys.add("slots." + slot.getKey());
      }
    }
    if (!slots.isEmpty()) {
      body.set("slots", slots);
    }
    ObjectNode parameters = JsonNodeFactory.instance.objectNode();
    JsonNode effectiveParameters = effective.path("postgresql").path("parameters");
    Iterator<Map.Entry<String, JsonNode>> declared =
        desired.path("postgresql").path("parameters").fields();
    while (declared.hasNext()) {
      Map.Entry<String, JsonNode> parameter = declared.next();
      if (!sameText(parameter.getValue(), effectiveParameters.get(parameter.getKey()))) {
        parameters.set(parameter.getKey(), parameter.getValue());
        keys.add("postgresql.parameters." + parameter.getKey());
      }
    }
    if (!parameters.isEmpty()) {
      body.putObject("postgresql").set("parameters", parameters);
    }
    return new Patch(body, List.copyOf(keys));
  }

  /** The effective configuration after {@code patch}, as Patroni merges it (for previews). */
  public static ObjectNode merged(JsonNode effective, ObjectNode patch) {
    ObjectNode result =
        effective != null && effective.isObject()
            ? ((ObjectNode) effective).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    merge(result, patch);
    return result;
  }

  private static void merge(ObjectNode target, JsonNode patch) {
    patch
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              if (value.isNull()) {
                target.remove(e.getKey());
              } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode inner) {
                merge(inner, value);
              } else {
                target.set(e.getKey(), value.deepCopy());
              }
            });
  }

  private static boolean present(JsonNode node, String key) {
    return node != null && node.has(key) && !node.get(key).isNull();
  }

  private static boolean sameText(JsonNode a, JsonNode b) {
    if (a == null || a.isNull() || b == null || b.isNull()) {
      return (a == null || a.isNull()) && (b == null || b.isNull());
    }
    return a.asText().equals(b.asText());
  }
}
