package io.tusk.spec.network;

import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import java.util.List;

/**
 * The master Endpoints {@code {cluster}} created by the operator in endpoints mode ({@code
 * kubernetes_use_configmaps: false}); Patroni then uses it as its leader lock and fills in the
 * leader's address. Mirrors {@code k8sres.go#generateEndpoint} with {@code
 * resources.go#createEndpoint/generateEndpointSubsets} (v2.0.1): empty for a new cluster, the
 * observed master pod IPs for an existing one.
 */
public final class MasterEndpoints {

  private MasterEndpoints() {}

  public static Endpoints build(ClusterModel model) {
    EndpointsBuilder endpoints =
        new EndpointsBuilder()
            .withNewMetadata()
            .withName(ClusterNames.of(model).endpoints(PostgresRole.MASTER))
            .withNamespace(model.namespace().isEmpty() ? null : model.namespace())
            .withLabels(Labels.of(model).role(PostgresRole.MASTER, true))
            .withAnnotations(Annotations.orNull(Annotations.of(model).inherited()))
            .withOwnerReferences(OwnerReferences.forChild(model))
            .endMetadata();
    List<String> ips = model.observed().masterPodIps();
    if (!model.observed().newCluster() && !ips.isEmpty()) {
      endpoints.addToSubsets(
          new EndpointSubsetBuilder()
              .withAddresses(
                  ips.stream().map(ip -> new EndpointAddressBuilder().withIp(ip).build()).toList())
              .withPorts(
                  new EndpointPortBuilder()
                      .withName(Services.PORT_NAME)
                      .withPort(Services.PORT)
                      .withProtocol("TCP")
                      .build())
              .build());
    }
    return endpoints.build();
  }
}
