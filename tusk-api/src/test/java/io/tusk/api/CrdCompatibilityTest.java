package io.tusk.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Compares Tusk's CRDs with Zalando's v2.0.1 CRDs property by property. Every difference must be
 * listed below with its reason; the test fails on any unlisted difference and on listed ones that
 * no longer occur.
 *
 * <p>Schema paths: {@code spec.users{}[]} means "items of the values of spec.users".
 */
class CrdCompatibilityTest {

  /**
   * Subtrees whose schema is a Kubernetes core type generated from fabric8's model. There only the
   * structure (paths and types) is compared: fabric8's model carries no kubebuilder markers, so
   * {@code required}, {@code default} and {@code format} of e.g. EnvVar or Probe are absent. The
   * API server validates these objects again when Tusk builds pods from them.
   */
  private static final List<String> KUBERNETES_SUBTREES =
      List.of(
          "spec.env",
          "spec.envFrom",
          "spec.initContainers",
          "spec.livenessProbe",
          "spec.nodeAffinity",
          "spec.tolerations",
          "spec.topologySpreadConstraints",
          "spec.volume.selector",
          "spec.sidecars[].env",
          "spec.sidecars[].ports",
          "status.conditions",
          "configuration.kubernetes.liveness_probe",
          "configuration.sidecars");

  @Test
  void postgresqlCrdMatchesUpstream() {
    assertCompatible(
        Crds.POSTGRESQL,
        "postgresql.crd.yaml",
        Map.of(
            "extra property status.observedGeneration",
                "Tusk status addition: generation the operator last acted on",
            "extra property status.message",
                "Tusk status addition: human-readable reason, e.g. why a manifest is Invalid",
            "extra property status.conditions",
                "Tusk status addition: standard Kubernetes conditions",
            "extra property status.backup",
                "Tusk status addition: WAL archive, base backups and logical backups as last seen"));
  }

  @Test
  void operatorConfigurationCrdMatchesUpstream() {
    assertCompatible(
        Crds.OPERATOR_CONFIGURATION,
        "operatorconfiguration.crd.yaml",
        Map.of(
            "type of configuration.sidecars: object -> array",
                "upstream declares the []v1.Container field as type object, so the API server"
                    + " rejects any list of sidecars; Tusk declares the list it actually reads",
            "extra property status",
                "empty status object: the generator only emits the status subresource (which"
                    + " upstream has) for a status type; an object without properties prunes to"
                    + " the same result as no status",
            "extra property configuration.users.enable_role_deletion",
                "Tusk extension: drop roles that left the manifest (opt-in)",
            "extra property configuration.users.enable_database_deletion",
                "Tusk extension: drop databases that left the manifest (opt-in)",
            "extra property configuration.users.force_database_deletion_with_connections",
                "Tusk extension: also drop databases with open connections (opt-in)",
            "extra property configuration.aws_or_gcp.backup_status_interval",
                "Tusk extension: how often status.backup is read",
            "extra property configuration.connection_pooler.connection_pooler_max_pause",
                "Tusk extension: pause the master poolers around a planned switchover",
            "extra property configuration.connection_pooler.connection_pooler_reconnect_on_failover",
                "Tusk extension: RECONNECT the master poolers after a failover"));
  }

  @Test
  void postgresTeamCrdMatchesUpstream() {
    assertCompatible(
        Crds.POSTGRES_TEAM,
        "postgresteam.crd.yaml",
        Map.of(
            "extra property status",
            "empty status object: keeps the status subresource upstream has, see"
                + " OperatorConfiguration"));
  }

  private static void assertCompatible(
      String crdName, String upstreamFile, Map<String, String> allowedDifferences) {
    JsonNode upstream = Yaml.documents(TestPaths.zalandoManifests().resolve(upstreamFile)).get(0);
    JsonNode tusk = Yaml.read(Crds.yaml(crdName));

    assertThat(tusk.at("/metadata/name").asText()).isEqualTo(crdName);
    assertThat(tusk.at("/spec/group")).isEqualTo(upstream.at("/spec/group"));
    assertThat(tusk.at("/spec/scope")).isEqualTo(upstream.at("/spec/scope"));
    assertThat(tusk.at("/spec/names")).isEqualTo(upstream.at("/spec/names"));

    JsonNode upstreamVersions = upstream.at("/spec/versions");
    JsonNode tuskVersions = tusk.at("/spec/versions");
    assertThat(tuskVersions.size()).isEqualTo(upstreamVersions.size()).isEqualTo(1);
    JsonNode up = upstreamVersions.get(0);
    JsonNode us = tuskVersions.get(0);
    for (String field : List.of("name", "served", "storage", "subresources")) {
      assertThat(us.get(field)).as(field).isEqualTo(up.get(field));
    }
    assertThat(printerColumns(us))
        .as("printer columns (name, jsonPath, type), in order")
        .isEqualTo(printerColumns(up));

    List<String> differences = new ArrayList<>();
    compare(
        "", up.at("/schema/openAPIV3Schema"), us.at("/schema/openAPIV3Schema"), false, differences);
    assertThat(differences)
        .as("differences between Tusk's and Zalando's %s schema", crdName)
        .containsExactlyInAnyOrderElementsOf(allowedDifferences.keySet());
  }

  private static List<String> printerColumns(JsonNode version) {
    List<String> columns = new ArrayList<>();
    version
        .path("additionalPrinterColumns")
        .forEach(
            c ->
                columns.add(
                    c.path("name").asText()
                        + " "
                        + c.path("jsonPath").asText()
                        + " "
                        + c.path("type").asText()
                        + " "
                        + c.path("priority").asInt(0)));
    return columns;
  }

  /** Structural comparison; descendants of a missing/extra/retyped node are not reported again. */
  private static void compare(
      String path, JsonNode up, JsonNode us, boolean kubernetesType, List<String> out) {
    boolean inKubernetesType = kubernetesType || KUBERNETES_SUBTREES.contains(path);
    String upType = type(up);
    String usType = type(us);
    if (!upType.equals(usType)) {
      out.add("type of " + display(path) + ": " + upType + " -> " + usType);
      return;
    }
    if (!inKubernetesType) {
      compareKeywords(path, up, us, out);
    }
    Map<String, JsonNode> upChildren = children(up);
    Map<String, JsonNode> usChildren = children(us);
    Set<String> all = new TreeSet<>(upChildren.keySet());
    all.addAll(usChildren.keySet());
    for (String key : all) {
      String childPath = key.startsWith("[") || key.startsWith("{") ? path + key : join(path, key);
      JsonNode upChild = upChildren.get(key);
      JsonNode usChild = usChildren.get(key);
      if (usChild == null) {
        out.add("missing property " + childPath);
      } else if (upChild == null) {
        out.add("extra property " + childPath);
      } else {
        compare(childPath, upChild, usChild, inKubernetesType, out);
      }
    }
  }

  /**
   * Validation keywords. Descriptions may differ (Tusk writes its own), and so may the integer
   * {@code format} where upstream has none: Go {@code int} fields carry no format, Java Integer
   * fields are declared int32, which validates nothing extra.
   */
  private static void compareKeywords(String path, JsonNode up, JsonNode us, List<String> out) {
    Set<String> ignored =
        Set.of("description", "type", "properties", "items", "additionalProperties");
    Set<String> keys = new TreeSet<>();
    up.fieldNames().forEachRemaining(keys::add);
    us.fieldNames().forEachRemaining(keys::add);
    for (String keyword : keys) {
      if (ignored.contains(keyword)) {
        continue;
      }
      JsonNode a = up.get(keyword);
      JsonNode b = us.get(keyword);
      if (keyword.equals("format") && a == null && "integer".equals(type(us))) {
        continue;
      }
      if (keyword.equals("required")) {
        a = a == null ? null : sorted(a);
        b = b == null ? null : sorted(b);
      }
      if (a == null || !a.equals(b)) {
        out.add("keyword " + keyword + " of " + display(path) + ": " + a + " -> " + b);
      }
    }
  }

  private static JsonNode sorted(JsonNode array) {
    TreeSet<String> values = new TreeSet<>();
    array.forEach(v -> values.add(v.asText()));
    return Yaml.MAPPER.valueToTree(values);
  }

  private static Map<String, JsonNode> children(JsonNode node) {
    Map<String, JsonNode> children = new LinkedHashMap<>();
    node.path("properties").fields().forEachRemaining(e -> children.put(e.getKey(), e.getValue()));
    if (node.path("items").isObject()) {
      children.put("[]", node.get("items"));
    }
    if (node.path("additionalProperties").isObject()) {
      children.put("{}", node.get("additionalProperties"));
    }
    return children;
  }

  private static String type(JsonNode node) {
    if (node.has("type")) {
      return node.get("type").asText();
    }
    if (node.has("anyOf")) {
      return "anyOf";
    }
    return "untyped";
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String display(String path) {
    return path.isEmpty() ? "the root" : path;
  }
}
