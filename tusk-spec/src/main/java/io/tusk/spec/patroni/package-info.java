/**
 * Objects a cluster has that Tusk does not create: Patroni's objects in the Kubernetes DCS (the
 * {@code -leader}, {@code -config}, {@code -failover} and {@code -sync} ConfigMaps or Endpoints and
 * the {@code -config} Service) and the replica Endpoints the endpoints controller maintains. Tusk
 * keeps only metadata on them, as Zalando's {@code sync.go#syncPatroniResources} and {@code
 * syncEndpoint} do: the owner reference to the {@code postgresql} resource and the inherited
 * annotations ({@link io.tusk.spec.patroni.PatroniObjects}).
 */
package io.tusk.spec.patroni;
