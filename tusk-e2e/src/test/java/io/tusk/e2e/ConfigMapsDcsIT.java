package io.tusk.e2e;

/**
 * {@link HighAvailabilityScenario} with Patroni's state in ConfigMaps ({@code
 * kubernetes_use_configmaps: true}) and synchronous replication, so that writes may go on through
 * the crash of the primary and still none that was acknowledged may be lost.
 */
class ConfigMapsDcsIT extends HighAvailabilityScenario {
  @Override
  boolean useConfigMaps() {
    return true;
  }

  @Override
  boolean synchronous() {
    return true;
  }
}
