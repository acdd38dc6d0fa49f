package io.tusk.local.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a container's environment as the kubelet does ({@code
 * kubelet_pods.go#makeEnvironmentVariables}): the {@code kubernetes} Service variables first, then
 * {@code envFrom} sources, then {@code env} entries in order, where {@code $(VAR)} refers to a
 * variable defined before and {@code valueFrom} reads Secrets, ConfigMaps and pod fields. A
 * missing, non-optional reference is an error whose message becomes the container's waiting reason
 * ({@code CreateContainerConfigError}).
 */
final class PodEnvironment {

  private static final Pattern REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  private static final Pattern FIELD_KEY =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  private final KubernetesClient client;

  PodEnvironment(KubernetesClient client) {
    this.client = client;
  }

  /** A reference could not be resolved. */
  static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }

  Map<String, String> resolve(Pod pod, Container c, String podIp, String hostIp)
      throws ConfigException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    env.put("KUBERNETES_SERVICE_PORT", "443");
    env.put("KUBERNETES_SERVICE_PORT_HTTPS", "443");
    env.put("KUBERNETES_PORT", "tcp://10.96.0.1:443");
    String ns = pod.getMetadata().getNamespace();
    if (c.getEnvFrom() != null) {
      for (EnvFromSource src : c.getEnvFrom()) {
        String prefix = src.getPrefix() == null ? "" : src.getPrefix();
        if (src.getConfigMapRef() != null) {
          ConfigMap cm =
              client.configMaps().inNamespace(ns).withName(src.getConfigMapRef().getName()).get();
          if (cm == null) {
            if (!Boolean.TRUE.equals(src.getConfigMapRef().getOptional())) {
              throw new ConfigException(
                  "configmap \"" + src.getConfigMapRef().getName() + "\" not found");
            }
          } else if (cm.getData() != null) {
            cm.getData().forEach((k, v) -> env.put(prefix + k, v));
          }
        }
        if (src.getSecretRef() != null) {
          Secret s = client.secrets().inNamespace(ns).withName(src.getSecretRef().getName()).get();
          if (s == null) {
            if (!Boolean.TRUE.equals(src.getSecretRef().getOptional())) {
              throw new ConfigException(
                  "secret \"" + src.getSecretRef().getName() + "\" not found");
            }
          } else {
            secretData(s).forEach((k, v) -> env.put(prefix + k, v));
          }
        }
      }
    }
    if (c.getEnv() != null) {
      for (EnvVar v : c.getEnv()) {
        String value;
        if (v.getValueFrom() != null) {
          value = valueFrom(pod, v, v.getValueFrom(), podIp, hostIp);
          if (value == null) {
            continue; // optional reference that is absent
          }
        } else {
          value = expand(v.getValue() == null ? "" : v.getValue(), env);
        }
        env.put(v.getName(), value);
      }
    }
    return env;
  }

  /** Replaces {@code $(NAME)} with earlier values; {@code $$(NAME)} stays literal. */
  static String expand(String value, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    Matcher m = REF.matcher(value);
    int last = 0;
    while (m.find()) {
      if (m.start() > 0 && value.charAt(m.start() - 1) == '$') {
        out.append(value, last, m.start() - 1).append(m.group());
      } else {
        out.append(value, last, m.start());
        String v = env.get(m.group(1));
        out.append(v == null ? m.group() : v);
      }
      last = m.end();
    }
    return out.append(value.substring(last)).toString();
  }

  private String valueFrom(Pod pod, EnvVar v, EnvVarSource src, String podIp, String hostIp)
      throws ConfigException {
    String ns = pod.getMetadata().getNamespace();
    if (src.getSecretKeyRef() != null) {
      var ref = src.getSecretKeyRef();
      Secret s = client.secrets().inNamespace(ns).withName(ref.getName()).get();
      String value = s == null ? null : secretData(s).get(ref.getKey());
      if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new ConfigException(
            s == null
                ? "secret \"" + ref.getName() + "\" not found"
                : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return value;
    }
    if (src.getConfigMapKeyRef() != null) {
      var ref = src.getConfigMapKeyRef();
      ConfigMap cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
      String value = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
      if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new ConfigException(
            cm == null
                ? "configmap \"" + ref.getName() + "\" not found"
                : "couldn't find key "
                    + ref.getKey()
                    + " in ConfigMap "
                    + ns
                    + "/"
                    + ref.getName());
      }
      return value;
    }
    if (src.getFieldRef() != null) {
      return field(pod, src.getFieldRef().getFieldPath(), podIp, hostIp);
    }
    if (src.getResourceFieldRef() != null) {
      // No resource accounting on the local node: report "unlimited" as the kubelet does for
      // limits that are not set (node allocatable would be the real fallback).
      return "0";
    }
    throw new ConfigException("unsupported valueFrom for " + v.getName());
  }

  static String field(Pod pod, String path, String podIp, String hostIp) throws ConfigException {
    switch (path) {
      case "metadata.name":
        return pod.getMetadata().getName();
      case "metadata.namespace":
        return pod.getMetadata().getNamespace();
      case "metadata.uid":
        return pod.getMetadata().getUid();
      case "spec.nodeName":
        return pod.getSpec().getNodeName();
      case "spec.serviceAccountName":
        return pod.getSpec().getServiceAccountName();
      case "status.podIP":
      case "status.podIPs":
        return podIp;
      case "status.hostIP":
      case "status.hostIPs":
        return hostIp;
      default:
        Matcher m = FIELD_KEY.matcher(path);
        if (m.matches()) {
          Map<String, String> map =
              "labels".equals(m.group(1))
                  ? pod.getMetadata().getLabels()
                  : pod.getMetadata().getAnnotations();
          return map == null ? "" : map.getOrDefault(m.group(2), "");
        }
        throw new ConfigException("unsupported fieldRef " + path);
    }
  }

  static Map<String, String> secretData(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.getData() != null) {
      s.getData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (s.getStringData() != null) {
      out.putAll(s.getStringData());
    }
    return out;
  }
}
