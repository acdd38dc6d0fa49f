package io.tusk.config;

/**
 * Where the operator configuration comes from. The two Zalando sources are mutually exclusive and
 * apply different defaults to omitted keys.
 *
 * <p>Mirrors the choice in Zalando's {@code controller.go#initController} (v2.0.1): the
 * OperatorConfiguration resource named by {@code POSTGRES_OPERATOR_CONFIGURATION_OBJECT} wins,
 * otherwise the ConfigMap named by {@code CONFIG_MAP_NAME} (or no ConfigMap: built-in defaults).
 */
public enum Source {
  /** Flat string keys of a ConfigMap; defaults from the struct tags of {@code config.go}. */
  CONFIGMAP,
  /**
   * The nested {@code configuration} of an {@code OperatorConfiguration} resource; defaults from
   * {@code operator_config.go#importConfigurationFromCRD}.
   */
  OPERATOR_CONFIGURATION
}
