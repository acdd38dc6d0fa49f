package io.tusk.spec.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Simulates what the API server does to a StatefulSet between create and read-back: defaulting
 * ({@code SetDefaults_*} of apps/v1 and core/v1), canonical quantities, dropped empty strings and
 * server-owned metadata. Test-only; used to prove that the comparison ignores this noise.
 */
final class ApiServerDefaults {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiServerDefaults() {}

  static StatefulSet apply(StatefulSet sts) {
    ObjectNode root = MAPPER.valueToTree(sts);
    ObjectNode meta = obj(root, "metadata");
    meta.put("creationTimestamp", "2026-01-01T00:00:00Z");
    meta.put("generation", 1);
    meta.put("resourceVersion", "12345");
    meta.put("uid", "0a1b2c3d-0000-0000-0000-000000000000");
    meta.putArray("managedFields").addObject().put("manager", "tusk").put("operation", "Update");

    ObjectNode spec = obj(root, "spec");
    putIfAbsent(spec, "revisionHistoryLimit", 10);
    putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
    ObjectNode template = obj(spec, "template");
    obj(template, "metadata").putNull("creationTimestamp");
    ObjectNode pod = obj(template, "spec");
    putIfAbsent(pod, "dnsPolicy", "ClusterFirst");
    putIfAbsent(pod, "restartPolicy", "Always");
    putIfAbsent(pod, "schedulerName", "default-scheduler");
    putIfAbsent(pod, "terminationGracePeriodSeconds", 30);
    putIfAbsent(pod, "enableServiceLinks", true);
    obj(pod, "securityContext");
    if (pod.has("serviceAccountName")) {
      pod.put("serviceAccount", pod.get("serviceAccountName").asText());
    }
    for (String list : List.of("containers", "initContainers")) {
      if (pod.get(list) instanceof ArrayNode containers) {
        containers.forEach(c -> container((ObjectNode) c));
      }
    }
    if (pod.get("volumes") instanceof ArrayNode volumes) {
      for (JsonNode v : volumes) {
        for (String kind : List.of("secret", "configMap")) {
          if (v.get(kind) instanceof ObjectNode source) {
            putIfAbsent(source, "defaultMode", 420);
          }
        }
      }
    }
    if (spec.get("volumeClaimTemplates") instanceof ArrayNode claims) {
      for (JsonNode c : claims) {
        ObjectNode claim = (ObjectNode) c;
        claim.put("apiVersion", "v1");
        claim.put("kind", "PersistentVolumeClaim");
        obj(claim, "metadata").putNull("creationTimestamp");
        ObjectNode claimSpec = obj(claim, "spec");
        putIfAbsent(claimSpec, "volumeMode", "Filesystem");
        canonicalQuantities(obj(claimSpec, "resources"));
        obj(claim, "status").put("phase", "Pending");
      }
    }
    obj(root, "status").put("replicas", 0).put("availableReplicas", 0);
    dropEmptyStrings(root);
    try {
      return MAPPER.treeToValue(root, StatefulSet.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void container(ObjectNode c) {
    putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
    putIfAbsent(c, "terminationMessagePolicy", "File");
    putIfAbsent(c, "imagePullPolicy", "IfNotPresent");
    if (c.get("ports") instanceof ArrayNode ports) {
      ports.forEach(p -> putIfAbsent((ObjectNode) p, "protocol", "TCP"));
    }
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      if (c.get(probe) instanceof ObjectNode p) {
        putIfAbsent(p, "timeoutSeconds", 1);
        putIfAbsent(p, "periodSeconds", 10);
        putIfAbsent(p, "successThreshold", 1);
        putIfAbsent(p, "failureThreshold", 3);
        if (p.get("httpGet") instanceof ObjectNode http) {
          putIfAbsent(http, "scheme", "HTTP");
        }
      }
    }
    if (c.get("env") instanceof ArrayNode env) {
      for (JsonNode e : env) {
        if (e.path("valueFrom").get("fieldRef") instanceof ObjectNode ref) {
          putIfAbsent(ref, "apiVersion", "v1");
        }
      }
    }
    if (c.get("resources") instanceof ObjectNode r) {
      canonicalQuantities(r);
    }
  }

  /**
   * Rewrites quantities the way apimachinery prints them (e.g. 0.7Gi → 751619276800m, 1000 → 1k).
   */
  private static void canonicalQuantities(ObjectNode resources) {
    for (String kind : List.of("requests", "limits")) {
      if (resources.get(kind) instanceof ObjectNode list) {
        Iterator<Map.Entry<String, JsonNode>> it = list.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          e.setValue(MAPPER.valueToTree(canonical(e.getValue().asText())));
        }
      }
    }
  }

  static String canonical(String quantity) {
    BigDecimal amount = new io.fabric8.kubernetes.api.model.Quantity(quantity).getNumericalAmount();
    boolean binary = quantity.matches(".*[KMGTPE]i$");
    if (amount.stripTrailingZeros().scale() <= 0) {
      BigDecimal n = amount.stripTrailingZeros();
      if (binary) {
        String[] suffixes = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < suffixes.length; i++) {
          BigDecimal unit = BigDecimal.valueOf(2).pow(10 * (suffixes.length - i));
          if (n.remainder(unit).signum() == 0) {
            return n.divide(unit).toBigInteger() + suffixes[i];
          }
        }
        return n.toBigInteger().toString();
      }
      String[] suffixes = {"E", "P", "T", "G", "M", "k"};
      for (int i = 0; i < suffixes.length; i++) {
        BigDecimal unit = BigDecimal.TEN.pow(3 * (suffixes.length - i));
        if (n.remainder(unit).signum() == 0 && n.signum() != 0) {
          return n.divide(unit).toBigInteger() + suffixes[i];
        }
      }
      return n.toBigInteger().toString();
    }
    BigDecimal milli = amount.movePointRight(3).stripTrailingZeros();
    if (milli.scale() <= 0) {
      return milli.toBigInteger() + "m";
    }
    return quantity;
  }

  private static void dropEmptyStrings(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        // Label and annotation values are kept: "" is a value there, not an omitted field.
        boolean isMap =
            e.getKey().equals("labels")
                || e.getKey().equals("annotations")
                || e.getKey().equals("matchLabels");
        if (!isMap && e.getValue().isTextual() && e.getValue().asText().isEmpty()) {
          it.remove();
        } else if (!isMap) {
          dropEmptyStrings(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(ApiServerDefaults::dropEmptyStrings);
    }
  }

  private static ObjectNode obj(ObjectNode parent, String field) {
    JsonNode child = parent.get(field);
    if (child instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(field);
  }

  private static void putIfAbsent(ObjectNode node, String field, Object value) {
    if (!node.has(field)) {
      node.set(field, MAPPER.valueToTree(value));
    }
  }
}
