package io.tusk.spec.spilo;

import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;

/**
 * Which distributed configuration store Patroni uses. Mirrors {@code
 * util.go#patroniUsesKubernetes/patroniKubernetesUseConfigMaps} (v2.0.1): Kubernetes unless {@code
 * etcd_host} is set; within Kubernetes, ConfigMaps unless {@code kubernetes_use_configmaps} is
 * false, in which case Patroni keeps its leader lock in the master Endpoints {@code {cluster}}.
 */
public final class DcsMode {

  private DcsMode() {}

  /** Patroni uses the Kubernetes API (no {@code etcd_host}). */
  public static boolean usesKubernetes(OperatorConfig config) {
    String etcd = config.get(Options.ETCD_HOST);
    return etcd == null || etcd.isEmpty();
  }

  /** Patroni keeps its state in ConfigMaps ({@code -leader}, {@code -config}, ...). */
  public static boolean usesConfigMaps(OperatorConfig config) {
    if (!usesKubernetes(config)) {
      return false;
    }
    Boolean configMaps = config.get(Options.KUBERNETES_USE_CONFIGMAPS);
    return configMaps == null || configMaps;
  }

  /**
   * Endpoints mode: not ConfigMaps. The operator creates the master Endpoints {@code {cluster}} and
   * the master Service has no selector; Patroni (Kubernetes DCS, where it is the leader lock) or
   * Spilo's role callback (etcd DCS) keeps its address current.
   */
  public static boolean usesEndpoints(OperatorConfig config) {
    return !usesConfigMaps(config);
  }
}
