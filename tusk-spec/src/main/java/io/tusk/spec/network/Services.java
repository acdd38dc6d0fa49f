package io.tusk.spec.network;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.spilo.DcsMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The master service {@code {cluster}} and the replica service {@code {cluster}-repl}. Mirrors
 * {@code k8sres.go#generateService}, {@code shouldCreateLoadBalancerForService}, {@code
 * shouldCreateNodePortForService}, {@code configureLoadBalanceService}, {@code
 * configureNodePortService} and {@code generateServiceAnnotations} (v2.0.1).
 *
 * <ul>
 *   <li>one port {@code postgresql} 5432;
 *   <li>selector: replica pods; master pods only in configmaps mode (in endpoints mode Patroni
 *       fills the master Endpoints itself, so the master service has no selector);
 *   <li>type: NodePort if enabled (manifest tri-state over {@code enable_*_node_port}), else
 *       LoadBalancer if enabled (manifest tri-state over {@code enable_*_load_balancer}), else
 *       ClusterIP. Load balancers get {@code allowedSourceRanges} (default {@code 127.0.0.1/32}),
 *       {@code external_traffic_policy} and the external-dns hostname annotation;
 *   <li>annotations: {@code custom_service_annotations}, then {@code serviceAnnotations}, then the
 *       role-specific {@code master/replicaServiceAnnotations}, then inherited annotations.
 * </ul>
 */
public final class Services {

  public static final String PORT_NAME = "postgresql";
  public static final int PORT = 5432;

  /** Source range used for load balancers when the manifest allows none. */
  public static final String LOCALHOST_RANGE = "127.0.0.1/32";

  private Services() {}

  public static Service build(ClusterModel model, PostgresRole role) {
    OperatorConfig config = model.config();
    Labels labels = Labels.of(model);

    ServiceSpecBuilder serviceSpec =
        new ServiceSpecBuilder()
            .withPorts(
                new ServicePortBuilder()
                    .withName(PORT_NAME)
                    .withPort(PORT)
                    .withTargetPort(new IntOrString(PORT))
                    .build())
            .withType("ClusterIP");
    if (role == PostgresRole.REPLICA || DcsMode.usesConfigMaps(config)) {
      serviceSpec.withSelector(labels.role(role, false));
    }
    expose(serviceSpec, model, nodePort(model, role), loadBalancer(model, role));

    return new ServiceBuilder()
        .withNewMetadata()
        .withName(ClusterNames.of(model).service(role))
        .withNamespace(model.namespace().isEmpty() ? null : model.namespace())
        .withLabels(labels.role(role, true))
        .withAnnotations(
            Annotations.orNull(Annotations.of(model).inherited(annotations(model, role))))
        .withOwnerReferences(OwnerReferences.forChild(model))
        .endMetadata()
        .withSpec(serviceSpec.build())
        .build();
  }

  /**
   * Makes a ClusterIP Service spec a NodePort one ({@code nodePort} enabled; its port if set) or a
   * LoadBalancer limited to {@code allowedSourceRanges} (localhost when none), with the configured
   * external traffic policy, as Zalando does for the database and the pooler Services.
   */
  public static void expose(
      ServiceSpecBuilder serviceSpec, ClusterModel model, NodePort nodePort, boolean loadBalancer) {
    OperatorConfig config = model.config();
    if (nodePort.enabled()) {
      serviceSpec
          .withType("NodePort")
          .withExternalTrafficPolicy(config.get(Options.EXTERNAL_TRAFFIC_POLICY));
      if (nodePort.port() != 0) {
        serviceSpec.editFirstPort().withNodePort(nodePort.port()).endPort();
      }
    } else if (loadBalancer) {
      List<String> ranges = model.spec().getAllowedSourceRanges();
      serviceSpec
          .withType("LoadBalancer")
          .withExternalTrafficPolicy(config.get(Options.EXTERNAL_TRAFFIC_POLICY))
          .withLoadBalancerSourceRanges(
              ranges == null || ranges.isEmpty() ? List.of(LOCALHOST_RANGE) : List.copyOf(ranges));
    }
  }

  /** Whether a load balancer is requested: the manifest's tri-state, else the configuration. */
  public static boolean loadBalancer(ClusterModel model, PostgresRole role) {
    PostgresSpec spec = model.spec();
    Boolean manifest =
        role == PostgresRole.MASTER
            ? spec.getEnableMasterLoadBalancer()
            : spec.getEnableReplicaLoadBalancer();
    if (manifest != null) {
      return manifest;
    }
    return Boolean.TRUE.equals(
        model
            .config()
            .get(
                role == PostgresRole.MASTER
                    ? Options.ENABLE_MASTER_LOAD_BALANCER
                    : Options.ENABLE_REPLICA_LOAD_BALANCER));
  }

  /** NodePort request and fixed port (0 = let Kubernetes choose). */
  public record NodePort(boolean enabled, int port) {}

  /**
   * Whether a NodePort is requested: the manifest's tri-state with its port, else the
   * configuration.
   */
  public static NodePort nodePort(ClusterModel model, PostgresRole role) {
    PostgresSpec spec = model.spec();
    boolean master = role == PostgresRole.MASTER;
    Boolean manifest = master ? spec.getEnableMasterNodePort() : spec.getEnableReplicaNodePort();
    if (manifest != null) {
      Integer port = master ? spec.getMasterNodePort() : spec.getReplicaNodePort();
      return new NodePort(manifest, port == null ? 0 : port);
    }
    return new NodePort(
        Boolean.TRUE.equals(
            model
                .config()
                .get(master ? Options.ENABLE_MASTER_NODE_PORT : Options.ENABLE_REPLICA_NODE_PORT)),
        0);
  }

  /** The service annotations before inherited ones are added. */
  public static Map<String, String> annotations(ClusterModel model, PostgresRole role) {
    PostgresSpec spec = model.spec();
    Map<String, String> result =
        new TreeMap<>(model.config().get(Options.CUSTOM_SERVICE_ANNOTATIONS));
    putAll(result, spec.getServiceAnnotations());
    putAll(
        result,
        role == PostgresRole.MASTER
            ? spec.getMasterServiceAnnotations()
            : spec.getReplicaServiceAnnotations());
    if (!nodePort(model, role).enabled() && loadBalancer(model, role)) {
      // The external-dns name is not customisable: it overrides any manifest value.
      result.put(Annotations.EXTERNAL_DNS_HOSTNAME, ClusterNames.of(model).dnsName(role));
    }
    return result;
  }

  private static void putAll(Map<String, String> target, Map<String, String> source) {
    if (source != null) {
      target.putAll(source);
    }
  }
}
