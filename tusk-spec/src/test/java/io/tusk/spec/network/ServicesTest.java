package io.tusk.spec.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.Fixtures;
import io.tusk.spec.Observed;
import io.tusk.spec.PostgresRole;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Ported from Zalando's k8sres_test.go (TestGenerateService, TestCreateLoadBalancerLogic,
 * TestEnableLoadBalancers, TestEnableNodePorts) and cluster_test.go#TestServiceAnnotations.
 */
class ServicesTest {

  private static final String DNS = "external-dns.alpha.kubernetes.io/hostname";

  private static Service service(
      OperatorConfig config, PostgresRole role, Consumer<PostgresSpec> spec) {
    return Services.build(Fixtures.model(Fixtures.cluster(spec), config), role);
  }

  @Test
  void masterAndReplicaServicesInConfigMapsMode() {
    Service master =
        service(
            Fixtures.config(Options.ENABLE_MASTER_LOAD_BALANCER, false),
            PostgresRole.MASTER,
            s -> {});
    assertThat(master.getMetadata().getName()).isEqualTo("acid-test-cluster");
    assertThat(master.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(master.getMetadata().getLabels())
        .isEqualTo(
            Map.of(
                "application",
                "spilo",
                "cluster-name",
                "acid-test-cluster",
                "team",
                "acid",
                "spilo-role",
                "master"));
    assertThat(master.getSpec().getSelector())
        .isEqualTo(
            Map.of(
                "application",
                "spilo",
                "cluster-name",
                "acid-test-cluster",
                "spilo-role",
                "master"));
    assertThat(master.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(master.getSpec().getPorts()).hasSize(1);
    assertThat(master.getSpec().getPorts().get(0).getName()).isEqualTo("postgresql");
    assertThat(master.getSpec().getPorts().get(0).getPort()).isEqualTo(5432);
    assertThat(master.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(5432);
    assertThat(master.getMetadata().getAnnotations()).isNull();

    Service replica = service(Fixtures.config(), PostgresRole.REPLICA, s -> {});
    assertThat(replica.getMetadata().getName()).isEqualTo("acid-test-cluster-repl");
    assertThat(replica.getSpec().getSelector())
        .isEqualTo(
            Map.of(
                "application",
                "spilo",
                "cluster-name",
                "acid-test-cluster",
                "spilo-role",
                "replica"));
  }

  @Test
  void masterServiceHasNoSelectorInEndpointsMode() {
    assertThat(
            service(
                    Fixtures.config(Options.KUBERNETES_USE_CONFIGMAPS, false),
                    PostgresRole.MASTER,
                    s -> {})
                .getSpec()
                .getSelector())
        .isEmpty();
    assertThat(
            service(Fixtures.config(Options.ETCD_HOST, "etcd:2379"), PostgresRole.MASTER, s -> {})
                .getSpec()
                .getSelector())
        .isEmpty();
    assertThat(
            service(
                    Fixtures.config(Options.KUBERNETES_USE_CONFIGMAPS, false),
                    PostgresRole.REPLICA,
                    s -> {})
                .getSpec()
                .getSelector())
        .isNotEmpty();
  }

  @Test
  void externalTrafficPolicyFromConfig() {
    Consumer<PostgresSpec> lb = s -> s.setEnableMasterLoadBalancer(true);
    assertThat(
            service(Fixtures.config(), PostgresRole.MASTER, lb)
                .getSpec()
                .getExternalTrafficPolicy())
        .isEqualTo("Cluster");
    assertThat(
            service(
                    Fixtures.config(Options.EXTERNAL_TRAFFIC_POLICY, "Local"),
                    PostgresRole.MASTER,
                    lb)
                .getSpec()
                .getExternalTrafficPolicy())
        .isEqualTo("Local");
  }

  @Test
  void loadBalancerLogic() {
    ClusterModel replicaOn =
        Fixtures.model(
            Fixtures.cluster(s -> s.setEnableReplicaLoadBalancer(true)), Fixtures.config());
    ClusterModel replicaOff =
        Fixtures.model(
            Fixtures.cluster(s -> s.setEnableReplicaLoadBalancer(false)),
            Fixtures.config(Options.ENABLE_REPLICA_LOAD_BALANCER, true));
    assertThat(Services.loadBalancer(replicaOn, PostgresRole.REPLICA)).isTrue();
    assertThat(Services.loadBalancer(replicaOff, PostgresRole.REPLICA)).isFalse();
    assertThat(
            Services.loadBalancer(
                Fixtures.model(
                    Fixtures.cluster(),
                    Fixtures.config(Options.ENABLE_REPLICA_LOAD_BALANCER, true)),
                PostgresRole.REPLICA))
        .isTrue();
    assertThat(
            Services.loadBalancer(
                Fixtures.model(
                    Fixtures.cluster(),
                    Fixtures.config(Options.ENABLE_REPLICA_LOAD_BALANCER, false)),
                PostgresRole.REPLICA))
        .isFalse();
  }

  private static OperatorConfig allEnabled(boolean lb, boolean nodePort) {
    return Fixtures.config()
        .withOverride(Options.ENABLE_MASTER_LOAD_BALANCER, lb)
        .withOverride(Options.ENABLE_REPLICA_LOAD_BALANCER, lb)
        .withOverride(Options.ENABLE_MASTER_NODE_PORT, nodePort)
        .withOverride(Options.ENABLE_REPLICA_NODE_PORT, nodePort);
  }

  private static ServiceSpec spec(
      OperatorConfig config, PostgresRole role, Consumer<PostgresSpec> s) {
    return service(config, role, s).getSpec();
  }

  @Test
  void loadBalancersEnabledInConfigDisabledInManifest() {
    Consumer<PostgresSpec> off =
        s -> {
          s.setAllowedSourceRanges(List.of("192.186.1.2/22"));
          s.setEnableMasterLoadBalancer(false);
          s.setEnableReplicaLoadBalancer(false);
        };
    for (PostgresRole role : PostgresRole.values()) {
      ServiceSpec s = spec(allEnabled(true, false), role, off);
      assertThat(s.getType()).isEqualTo("ClusterIP");
      assertThat(s.getLoadBalancerSourceRanges()).isEmpty();
      assertThat(s.getExternalTrafficPolicy()).isNull();
    }
  }

  @Test
  void loadBalancersEnabledInManifestDisabledInConfig() {
    Consumer<PostgresSpec> on =
        s -> {
          s.setAllowedSourceRanges(List.of("192.186.1.2/22"));
          s.setEnableMasterLoadBalancer(true);
          s.setEnableReplicaLoadBalancer(true);
        };
    for (PostgresRole role : PostgresRole.values()) {
      ServiceSpec s = spec(allEnabled(false, false), role, on);
      assertThat(s.getType()).isEqualTo("LoadBalancer");
      assertThat(s.getLoadBalancerSourceRanges()).containsExactly("192.186.1.2/22");
      assertThat(s.getExternalTrafficPolicy()).isEqualTo("Cluster");
      assertThat(s.getPorts().get(0).getNodePort()).isNull();
    }
  }

  @Test
  void loadBalancerWithoutSourceRangesIsLockedToLocalhost() {
    assertThat(
            spec(Fixtures.config(), PostgresRole.MASTER, s -> s.setEnableMasterLoadBalancer(true))
                .getLoadBalancerSourceRanges())
        .containsExactly("127.0.0.1/32");
  }

  @Test
  void nodePortsEnabledInConfigDisabledInManifest() {
    Consumer<PostgresSpec> off =
        s -> {
          s.setEnableMasterNodePort(false);
          s.setEnableReplicaNodePort(false);
        };
    for (PostgresRole role : PostgresRole.values()) {
      assertThat(spec(allEnabled(false, true), role, off).getType()).isEqualTo("ClusterIP");
    }
  }

  @Test
  void nodePortsInManifestWithAndWithoutPort() {
    for (PostgresRole role : PostgresRole.values()) {
      ServiceSpec s =
          spec(
              allEnabled(false, false),
              role,
              m -> {
                m.setEnableMasterNodePort(true);
                m.setEnableReplicaNodePort(true);
              });
      assertThat(s.getType()).isEqualTo("NodePort");
      assertThat(s.getExternalTrafficPolicy()).isEqualTo("Cluster");
      assertThat(s.getPorts().get(0).getNodePort()).isNull();
      ServiceSpec fixed =
          spec(
              allEnabled(false, false),
              role,
              m -> {
                m.setEnableMasterNodePort(true);
                m.setMasterNodePort(1337);
                m.setEnableReplicaNodePort(true);
                m.setReplicaNodePort(1337);
              });
      assertThat(fixed.getPorts().get(0).getNodePort()).isEqualTo(1337);
    }
  }

  @Test
  void nodePortOverridesLoadBalancer() {
    Service s = service(allEnabled(true, true), PostgresRole.MASTER, m -> {});
    assertThat(s.getSpec().getType()).isEqualTo("NodePort");
    assertThat(s.getSpec().getLoadBalancerSourceRanges()).isEmpty();
    assertThat(s.getMetadata().getAnnotations()).isNull();
  }

  // ---- cluster_test.go#TestServiceAnnotations

  private static Map<String, String> annotations(
      PostgresRole role,
      Boolean manifestLb,
      boolean configLb,
      boolean teamPrefix,
      Map<String, String> operator,
      Map<String, String> service,
      Map<String, String> roleSpecific) {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.ENABLE_TEAM_ID_CLUSTERNAME_PREFIX, teamPrefix)
            .withOverride(Options.CUSTOM_SERVICE_ANNOTATIONS, operator)
            .withOverride(
                Options.ENABLE_MASTER_LOAD_BALANCER, role == PostgresRole.MASTER && configLb)
            .withOverride(
                Options.ENABLE_REPLICA_LOAD_BALANCER, role == PostgresRole.REPLICA && configLb)
            .withOverride(Options.MASTER_DNS_NAME_FORMAT, "{cluster}-stg.{namespace}.{hostedzone}")
            .withOverride(
                Options.MASTER_LEGACY_DNS_NAME_FORMAT, "{cluster}-stg.{team}.{hostedzone}")
            .withOverride(
                Options.REPLICA_DNS_NAME_FORMAT, "{cluster}-stg-repl.{namespace}.{hostedzone}")
            .withOverride(
                Options.REPLICA_LEGACY_DNS_NAME_FORMAT, "{cluster}-stg-repl.{team}.{hostedzone}")
            .withOverride(Options.DB_HOSTED_ZONE, "db.example.com");
    Postgresql pg =
        Fixtures.cluster(
            "acid-test",
            "test",
            s -> {
              s.setServiceAnnotations(service);
              if (role == PostgresRole.MASTER) {
                s.setMasterServiceAnnotations(roleSpecific);
                s.setEnableMasterLoadBalancer(manifestLb);
              } else {
                s.setReplicaServiceAnnotations(roleSpecific);
                s.setEnableReplicaLoadBalancer(manifestLb);
              }
            });
    Map<String, String> a =
        Services.build(Fixtures.model(pg, config), role).getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static final String MASTER_DNS =
      "acid-test-stg.test.db.example.com,test-stg.acid.db.example.com";
  private static final String REPLICA_DNS =
      "acid-test-stg-repl.test.db.example.com,test-stg-repl.acid.db.example.com";
  private static final String IDLE =
      "service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout";
  private static final String NLB = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type";

  @Test
  void serviceAnnotationMatrix() {
    for (PostgresRole role : PostgresRole.values()) {
      String dns = role == PostgresRole.MASTER ? MASTER_DNS : REPLICA_DNS;
      Map<String, String> none = Map.of();
      assertThat(annotations(role, false, false, false, none, none, null))
          .as("%s lb off", role)
          .isEmpty();
      assertThat(annotations(role, true, false, false, none, none, null))
          .as("%s lb on in spec", role)
          .isEqualTo(Map.of(DNS, dns));
      assertThat(annotations(role, false, true, false, none, none, null))
          .as("%s lb only in config, spec off", role)
          .isEmpty();
      assertThat(annotations(role, null, true, false, none, none, null))
          .as("%s lb from config", role)
          .isEqualTo(Map.of(DNS, dns));
      assertThat(annotations(role, null, true, false, none, Map.of("foo", "bar"), null))
          .isEqualTo(Map.of(DNS, dns, "foo", "bar"));
      assertThat(annotations(role, false, true, false, none, Map.of("foo", "bar"), null))
          .isEqualTo(Map.of("foo", "bar"));
      assertThat(annotations(role, null, true, false, Map.of("foo", "bar"), none, null))
          .isEqualTo(Map.of(DNS, dns, "foo", "bar"));
      assertThat(annotations(role, null, true, false, Map.of(IDLE, "1800"), none, null))
          .isEqualTo(Map.of(DNS, dns, IDLE, "1800"));
      assertThat(annotations(role, null, true, false, none, Map.of(IDLE, "1800"), null))
          .isEqualTo(Map.of(DNS, dns, IDLE, "1800"));
      assertThat(
              annotations(
                  role,
                  null,
                  true,
                  false,
                  none,
                  Map.of(DNS, "wrong.external-dns-name.example.com"),
                  null))
          .as("external-dns cannot be overridden")
          .isEqualTo(Map.of(DNS, dns));
      assertThat(annotations(role, null, true, true, none, none, null)).isEqualTo(Map.of(DNS, dns));
      assertThat(
              annotations(
                  role,
                  null,
                  true,
                  false,
                  none,
                  Map.of(NLB, "ip", IDLE, "1800"),
                  Map.of(IDLE, "2000")))
          .as("role annotations override service annotations")
          .isEqualTo(Map.of(DNS, dns, NLB, "ip", IDLE, "2000"));
      assertThat(
              annotations(
                  role, null, false, false, Map.of("foo", "bar"), Map.of("post", "gres"), null))
          .isEqualTo(Map.of("foo", "bar", "post", "gres"));
      assertThat(
              annotations(
                  role,
                  null,
                  false,
                  false,
                  Map.of("foo", "bar", "post", "gres"),
                  Map.of("post", "greSQL"),
                  null))
          .isEqualTo(Map.of("foo", "bar", "post", "greSQL"));
    }
  }

  @Test
  void dnsNameWithoutTeamPrefixHasNoLegacyName() {
    Postgresql pg =
        Fixtures.cluster("test-cluster", "default", s -> s.setEnableMasterLoadBalancer(true));
    assertThat(
            Services.build(Fixtures.model(pg), PostgresRole.MASTER).getMetadata().getAnnotations())
        .containsEntry(DNS, "test-cluster.default.db.example.com");
  }

  @Test
  void inheritedAnnotationsOnServices() {
    Postgresql pg = Fixtures.cluster();
    pg.getMetadata().setAnnotations(new HashMap<>(Map.of("owned-by", "acid")));
    Service s =
        Services.build(
            Fixtures.model(pg, Fixtures.config(Options.INHERITED_ANNOTATIONS, List.of("owned-by"))),
            PostgresRole.REPLICA);
    assertThat(s.getMetadata().getAnnotations()).isEqualTo(Map.of("owned-by", "acid"));
  }

  @Test
  void masterEndpointsEmptyForNewCluster() {
    Endpoints e =
        MasterEndpoints.build(
            Fixtures.model(
                Fixtures.cluster(), Fixtures.config(Options.KUBERNETES_USE_CONFIGMAPS, false)));
    assertThat(e.getMetadata().getName()).isEqualTo("acid-test-cluster");
    assertThat(e.getMetadata().getLabels())
        .containsEntry("spilo-role", "master")
        .containsEntry("team", "acid");
    assertThat(e.getSubsets()).isEmpty();
  }

  @Test
  void masterEndpointsSeededWithMasterIpForExistingCluster() {
    ClusterModel model =
        new ClusterModel(
            Fixtures.cluster(),
            Fixtures.config(Options.KUBERNETES_USE_CONFIGMAPS, false),
            Observed.none().toBuilder()
                .newCluster(false)
                .masterPodIps(List.of("10.0.0.7"))
                .build());
    Endpoints e = MasterEndpoints.build(model);
    assertThat(e.getSubsets()).hasSize(1);
    assertThat(e.getSubsets().get(0).getAddresses().get(0).getIp()).isEqualTo("10.0.0.7");
    assertThat(e.getSubsets().get(0).getPorts().get(0).getName()).isEqualTo("postgresql");
    assertThat(e.getSubsets().get(0).getPorts().get(0).getPort()).isEqualTo(5432);
  }
}
