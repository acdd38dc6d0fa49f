package io.tusk.images.spilo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tusk.images.ImageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The DCS part of Patroni's configuration, from the container environment.
 *
 * <p>Mirrors {@code configure_spilo.py#get_dcs_config}: the Kubernetes DCS when {@code
 * DCS_ENABLE_KUBERNETES_API} is set (the local node is always Kubernetes), built from every {@code
 * KUBERNETES_*} variable plus Spilo's defaults ({@code scope_label: version}, {@code labels:
 * {application: spilo}}, leader/standby-leader label value {@code master}); Endpoints mode unless
 * {@code KUBERNETES_USE_CONFIGMAPS} is set. Otherwise the first of zookeeper, exhibitor, consul,
 * etcd3, etcd with {@code <DCS>_<PARAM>} variables.
 *
 * <p>Differences for the local node: {@code bypass_api_service} is always false (the API server's
 * own endpoint list is not what pods reach), {@code context} names the kubeconfig context of the
 * pod's service account, and the variables Kubernetes injects for the {@code kubernetes} Service
 * ({@code KUBERNETES_SERVICE_*}, {@code KUBERNETES_PORT*}) are not copied into the section.
 */
final class DcsSection {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private static final Set<String> HANDLED =
      Set.of(
          "ROLE_LABEL",
          "SCOPE_LABEL",
          "LABELS",
          "BOOTSTRAP_LABELS",
          "USE_CONFIGMAPS",
          "BYPASS_API_SERVICE",
          "LEADER_LABEL_VALUE",
          "STANDBY_LEADER_LABEL_VALUE",
          "CONTEXT");

  private static final List<String> OTHER_DCS =
      List.of("zookeeper", "exhibitor", "consul", "etcd3", "etcd");

  private DcsSection() {}

  /**
   * The DCS section: a single-entry map {@code {kubernetes: {...}}} or {@code {etcd: {...}}}.
   *
   * @param kubeContext the kubeconfig context to use, or null for in-cluster configuration
   */
  static Map<String, Object> build(
      SpiloStartupEnv env, String podIp, String kubeContext, List<String> notes)
      throws ImageException {
    if (env.isSet("DCS_ENABLE_KUBERNETES_API")) {
      return Map.of("kubernetes", kubernetes(env, podIp, kubeContext, notes));
    }
    for (String dcs : OTHER_DCS) {
      Map<String, Object> section = prefixed(env, dcs);
      if (!section.isEmpty()) {
        notes.add(
            "DCS "
                + dcs
                + " (from "
                + dcs.toUpperCase(Locale.ROOT)
                + "_* variables); pod role labels are not maintained in this mode");
        return Map.of(dcs, section);
      }
    }
    throw new ImageException(
        "the Spilo container has no DCS configuration (DCS_ENABLE_KUBERNETES_API or ETCD_HOST); "
            + "the local node does not run Spilo's embedded etcd");
  }

  private static Map<String, Object> kubernetes(
      SpiloStartupEnv env, String podIp, String kubeContext, List<String> notes) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("role_label", env.value("KUBERNETES_ROLE_LABEL", "spilo-role"));
    k.put("scope_label", env.value("KUBERNETES_SCOPE_LABEL", "version"));
    k.put(
        "labels",
        jsonObject(env.value("KUBERNETES_LABELS").orElse(null), Map.of("application", "spilo")));
    k.put("leader_label_value", env.value("KUBERNETES_LEADER_LABEL_VALUE", "master"));
    k.put(
        "standby_leader_label_value", env.value("KUBERNETES_STANDBY_LEADER_LABEL_VALUE", "master"));
    k.put(
        "bootstrap_labels",
        jsonObject(env.value("KUBERNETES_BOOTSTRAP_LABELS").orElse(null), Map.of()));
    for (Map.Entry<String, String> e : env.asMap().entrySet()) {
      String name = e.getKey().toUpperCase(Locale.ROOT);
      if (!name.startsWith("KUBERNETES_")) {
        continue;
      }
      String param = name.substring("KUBERNETES_".length());
      if (HANDLED.contains(param)
          || param.startsWith("SERVICE_")
          || param.startsWith("PORT")
          || param.isEmpty()) {
        continue;
      }
      k.put(param.toLowerCase(Locale.ROOT), e.getValue());
    }
    if (env.isSet("KUBERNETES_USE_CONFIGMAPS")) {
      notes.add("Patroni keeps its state in ConfigMaps (KUBERNETES_USE_CONFIGMAPS)");
    } else {
      k.put("use_endpoints", true);
      k.put("pod_ip", podIp);
      k.put("ports", List.of(Map.of("name", "postgresql", "port", 5432)));
      notes.add("Patroni keeps its state in Endpoints (KUBERNETES_USE_CONFIGMAPS not set)");
    }
    if (env.isTrue("KUBERNETES_BYPASS_API_SERVICE")) {
      notes.add(
          "KUBERNETES_BYPASS_API_SERVICE=true ignored: pods reach the API server only through "
              + "their kubeconfig");
    }
    k.put("bypass_api_service", false);
    if (kubeContext != null && !kubeContext.isEmpty()) {
      k.put("context", kubeContext);
    } else if (env.isSet("KUBERNETES_CONTEXT")) {
      k.put("context", env.value("KUBERNETES_CONTEXT").orElseThrow());
    }
    return k;
  }

  /** {@code <DCS>_<PARAM>} variables: lower-case keys, {@code *_HOSTS} as lists. */
  private static Map<String, Object> prefixed(SpiloStartupEnv env, String dcs) {
    String prefix = dcs.toUpperCase(Locale.ROOT) + "_";
    Map<String, Object> section = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : env.asMap().entrySet()) {
      String name = e.getKey().toUpperCase(Locale.ROOT);
      if (!name.startsWith(prefix) || e.getValue().isEmpty()) {
        continue;
      }
      String param = name.substring(prefix.length()).toLowerCase(Locale.ROOT);
      if (param.equals("hosts")) {
        section.put(param, hostList(e.getValue()));
      } else if (param.equals("discovery_domain")) {
        section.put("discovery_srv", e.getValue());
      } else {
        section.put(param, e.getValue());
      }
    }
    return section;
  }

  private static Object hostList(String value) {
    String v = value.strip();
    if (!v.startsWith("[")) {
      v = "[" + v + "]";
    }
    try {
      return YAML.readValue(v, new TypeReference<List<Object>>() {});
    } catch (Exception e) {
      return List.of(value);
    }
  }

  /** Parses a JSON object; invalid or non-object JSON yields the default (as Spilo does). */
  private static Map<String, Object> jsonObject(String json, Map<String, Object> fallback) {
    if (json == null) {
      return new LinkedHashMap<>(fallback);
    }
    try {
      Map<String, Object> parsed =
          JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
      return parsed == null ? new LinkedHashMap<>(fallback) : parsed;
    } catch (Exception e) {
      return new LinkedHashMap<>(fallback);
    }
  }
}
