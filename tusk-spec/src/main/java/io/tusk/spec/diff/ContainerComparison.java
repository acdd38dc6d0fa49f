package io.tusk.spec.diff;

import static io.tusk.spec.diff.NormalizedTree.get;
import static io.tusk.spec.diff.NormalizedTree.items;
import static io.tusk.spec.diff.NormalizedTree.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tusk.spec.spilo.SpiloConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Container-by-container comparison of two pod templates. Mirrors {@code
 * cluster.go#compareContainers} and its helpers {@code comparePorts}, {@code compareResources},
 * {@code compareEnv}, {@code compareSpiloConfiguration} and {@code compareVolumeMounts} (v2.0.1),
 * on {@link NormalizedTree normalised} JSON so that API server defaults cause no difference.
 */
final class ContainerComparison {

  private record Check(String reason, BiPredicate<JsonNode, JsonNode> differs) {}

  private static final List<Check> CHECKS =
      List.of(
          new Check(
              "new %s's %s (index %d) name does not match the current one",
              (a, b) -> !text(get(a, "name"), "").equals(text(get(b, "name"), ""))),
          new Check(
              "new %s's %s (index %d) readiness probe does not match the current one",
              (a, b) ->
                  !NormalizedTree.probe(get(a, "readinessProbe"))
                      .equals(NormalizedTree.probe(get(b, "readinessProbe")))),
          new Check(
              "new %s's %s (index %d) liveness probe does not match the current one",
              (a, b) ->
                  !NormalizedTree.probe(get(a, "livenessProbe"))
                      .equals(NormalizedTree.probe(get(b, "livenessProbe")))),
          new Check(
              "new %s's %s (index %d) ports do not match the current one",
              (a, b) -> !portsEqual(items(get(a, "ports")), items(get(b, "ports")))),
          new Check(
              "new %s's %s (index %d) resources do not match the current ones",
              (a, b) ->
                  !NormalizedTree.resources(get(a, "resources"))
                      .equals(NormalizedTree.resources(get(b, "resources")))),
          new Check(
              "new %s's %s (index %d) environment does not match the current one",
              (a, b) -> !envEqual(items(get(a, "env")), items(get(b, "env")))),
          new Check(
              "new %s's %s (index %d) environment sources do not match the current one",
              (a, b) -> !get(a, "envFrom").equals(get(b, "envFrom"))),
          new Check(
              "new %s's %s (index %d) security context does not match the current one",
              (a, b) -> !get(a, "securityContext").equals(get(b, "securityContext"))),
          new Check(
              "new %s's %s (index %d) volume mounts do not match the current one",
              (a, b) -> !mountsEqual(items(get(a, "volumeMounts")), items(get(b, "volumeMounts")))),
          // Tusk: Zalando does not compare commands, so a changed sidecar command never rolled out.
          new Check(
              "new %s's %s (index %d) command or arguments do not match the current one",
              (a, b) ->
                  !get(a, "command").equals(get(b, "command"))
                      || !get(a, "args").equals(get(b, "args"))));

  private static final Check IMAGE =
      new Check(
          "new %s's %s (index %d) image does not match the current one",
          (a, b) -> !text(get(a, "image"), "").equals(text(get(b, "image"), "")));

  private ContainerComparison() {}

  /** Appends reasons; returns whether the pods need a rolling update. */
  static boolean compare(
      String description,
      List<JsonNode> current,
      List<JsonNode> desired,
      boolean lazySpiloUpgrade,
      List<String> reasons) {
    if (current.size() != desired.size()) {
      reasons.add(String.format("new %s's length does not match the current ones", description));
      return true;
    }
    List<Check> checks = new ArrayList<>(CHECKS);
    if (!lazySpiloUpgrade) {
      checks.add(IMAGE);
    }
    boolean roll = false;
    for (int i = 0; i < current.size(); i++) {
      JsonNode a = current.get(i);
      JsonNode b = desired.get(i);
      for (Check check : checks) {
        if (check.differs().test(a, b)) {
          roll = true;
          reasons.add(String.format(check.reason(), description, text(get(a, "name"), ""), i));
        }
      }
    }
    return roll;
  }

  /** Image of the {@code postgres} container, else of the first container. */
  static String postgresImage(List<JsonNode> containers) {
    for (JsonNode c : containers) {
      if ("postgres".equals(text(get(c, "name"), ""))) {
        return text(get(c, "image"), "");
      }
    }
    return containers.isEmpty() ? "" : text(get(containers.get(0), "image"), "");
  }

  /** Same set of ports by container port; name, host port, host IP and protocol (TCP default). */
  private static boolean portsEqual(List<JsonNode> a, List<JsonNode> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (JsonNode pa : a) {
      JsonNode pb = null;
      for (JsonNode candidate : b) {
        if (get(candidate, "containerPort").asInt() == get(pa, "containerPort").asInt()) {
          pb = candidate;
          break;
        }
      }
      if (pb == null
          || !text(get(pa, "name"), "").equals(text(get(pb, "name"), ""))
          || get(pa, "hostPort").asInt() != get(pb, "hostPort").asInt()
          || !text(get(pa, "protocol"), "TCP").equals(text(get(pb, "protocol"), "TCP"))
          || !text(get(pa, "hostIP"), "").equals(text(get(pb, "hostIP"), ""))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Same variables by name (order ignored); {@code SPILO_CONFIGURATION} compared without {@code
   * bootstrap.dcs}; variables without value compared by their source.
   */
  private static boolean envEqual(List<JsonNode> a, List<JsonNode> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (JsonNode ea : a) {
      String name = text(get(ea, "name"), "");
      boolean found = false;
      for (JsonNode eb : b) {
        if (!name.equals(text(get(eb, "name"), ""))) {
          continue;
        }
        found = true;
        String va = text(get(ea, "value"), "");
        String vb = text(get(eb, "value"), "");
        boolean equal;
        if ("SPILO_CONFIGURATION".equals(name)) {
          equal = SpiloConfiguration.equalIgnoringDcs(va, vb);
        } else if (va.isEmpty() && vb.isEmpty()) {
          equal = valueFrom(ea).equals(valueFrom(eb));
        } else {
          equal = va.equals(vb);
        }
        if (!equal) {
          return false;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode valueFrom(JsonNode env) {
    JsonNode from = get(env, "valueFrom");
    if (from.get("fieldRef") instanceof ObjectNode fieldRef && !fieldRef.has("apiVersion")) {
      ObjectNode copy = ((ObjectNode) from).deepCopy();
      ((ObjectNode) copy.get("fieldRef")).put("apiVersion", "v1");
      return copy;
    }
    return from;
  }

  /** Same set of mounts; {@code readOnly: false} equals an omitted flag. */
  private static boolean mountsEqual(List<JsonNode> a, List<JsonNode> b) {
    if (a.size() != b.size()) {
      return false;
    }
    List<JsonNode> nb = new ArrayList<>();
    b.forEach(m -> nb.add(mount(m)));
    for (JsonNode m : a) {
      JsonNode normalized = mount(m);
      if (nb.stream().noneMatch(x -> Objects.equals(x, normalized))) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode mount(JsonNode m) {
    if (!(m instanceof ObjectNode o)) {
      return m == null ? JsonNodeFactory.instance.missingNode() : m;
    }
    ObjectNode copy = o.deepCopy();
    if (copy.has("readOnly") && !copy.get("readOnly").asBoolean()) {
      copy.remove("readOnly");
    }
    return copy;
  }
}
