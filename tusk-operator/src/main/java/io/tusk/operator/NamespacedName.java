package io.tusk.operator;

/**
 * A reference written as {@code namespace/name} or just {@code name} (then {@code
 * defaultNamespace}), as Zalando's {@code spec.NamespacedName} reads configuration values such as
 * {@code pod_environment_configmap} and {@code CONFIG_MAP_NAME}.
 */
public record NamespacedName(String namespace, String name) {

  public static NamespacedName parse(String ref, String defaultNamespace) {
    int slash = ref.indexOf('/');
    return slash < 0
        ? new NamespacedName(defaultNamespace, ref)
        : new NamespacedName(ref.substring(0, slash), ref.substring(slash + 1));
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
