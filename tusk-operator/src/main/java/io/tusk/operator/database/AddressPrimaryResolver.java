package io.tusk.operator.database;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import java.util.Optional;

/**
 * A {@link PrimaryResolver} for operators that cannot resolve cluster DNS names, e.g. one running
 * on the host of a local control plane whose pods are reachable by IP: the same readiness rule as
 * {@link ServiceDnsPrimaryResolver} (a Ready pod labelled master), but the sync connects to an IP
 * address, either the master Service's ClusterIP or the master pod's IP, with {@code
 * sslmode=prefer} (TLS when the server offers it). Zalando has no such option; it always uses the
 * Service's DNS name.
 */
public final class AddressPrimaryResolver implements PrimaryResolver {

  /** Which address of the primary to use. */
  public enum Address {
    /** {@code spec.clusterIP} of the master Service {@code {cluster}}. */
    SERVICE_CLUSTER_IP,
    /** {@code status.podIP} of the Ready master pod. */
    POD_IP
  }

  private final KubernetesClient client;
  private final Address address;
  private volatile ServiceCache services = (namespace, name) -> Optional.empty();

  public AddressPrimaryResolver(KubernetesClient client, Address address) {
    this.client = client;
    this.address = address;
  }

  @Override
  public Optional<Primary> resolve(Postgresql cluster, OperatorConfig config) {
    Optional<Pod> master = ServiceDnsPrimaryResolver.readyMaster(client, cluster, config);
    if (master.isEmpty()) {
      return Optional.empty();
    }
    Service service =
        address == Address.SERVICE_CLUSTER_IP ? masterService(client, services, cluster) : null;
    String route =
        address == Address.SERVICE_CLUSTER_IP
            ? "ClusterIP of Service " + name(cluster)
            : "IP of pod " + master.get().getMetadata().getName();
    return host(address, master.get(), service).map(h -> new Primary(h, 5432, "prefer", route));
  }

  @Override
  public void useServiceCache(ServiceCache services) {
    this.services = services;
  }

  /** The master Service {@code {cluster}}: from the cache when it holds it, else from the API. */
  static Service masterService(KubernetesClient client, ServiceCache cache, Postgresql cluster) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    return cache
        .get(ns, name)
        .orElseGet(() -> client.services().inNamespace(ns).withName(name).get());
  }

  private static String name(Postgresql cluster) {
    return cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
  }

  /** The address to connect to, empty while it is not known yet. */
  static Optional<String> host(Address address, Pod master, Service service) {
    String host =
        switch (address) {
          case POD_IP -> master.getStatus() == null ? null : master.getStatus().getPodIP();
          case SERVICE_CLUSTER_IP ->
              service == null || service.getSpec() == null
                  ? null
                  : service.getSpec().getClusterIP();
        };
    return host == null || host.isEmpty() || "None".equals(host)
        ? Optional.empty()
        : Optional.of(host);
  }
}
