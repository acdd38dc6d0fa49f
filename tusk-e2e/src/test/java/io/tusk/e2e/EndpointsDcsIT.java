package io.tusk.e2e;

/**
 * {@link HighAvailabilityScenario} with Zalando's defaults: Patroni's state in Endpoints (the
 * master Service has no selector; Patroni keeps its Endpoints) and asynchronous replication.
 */
class EndpointsDcsIT extends HighAvailabilityScenario {
  @Override
  boolean useConfigMaps() {
    return false;
  }

  @Override
  boolean synchronous() {
    return false;
  }
}
