package io.tusk.spec.pooler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.ResourceDescription;
import io.tusk.api.acid.v1.Resources;
import io.tusk.api.acid.v1.TLSDescription;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.DesiredState;
import io.tusk.spec.Fixtures;
import io.tusk.spec.Observed;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.secret.UserSecrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionPoolersTest {

  private static ClusterModel model(Postgresql pg) {
    return ClusterModel.of(pg, Fixtures.config());
  }

  private static ClusterModel masterPooler() {
    return model(Fixtures.cluster(s -> s.setEnableConnectionPooler(true)));
  }

  private static Map<String, String> env(Deployment d) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : container(d).getEnv()) {
      env.put(
          e.getName(),
          e.getValue() != null
              ? e.getValue()
              : "secret:"
                  + e.getValueFrom().getSecretKeyRef().getName()
                  + "/"
                  + e.getValueFrom().getSecretKeyRef().getKey());
    }
    return env;
  }

  private static Container container(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void noPoolerWithoutRequest() {
    assertThat(ConnectionPoolers.build(model(Fixtures.cluster()), List.of())).isEmpty();
    assertThat(
            ConnectionPoolers.build(
                model(
                    Fixtures.cluster(
                        s -> {
                          s.setEnableConnectionPooler(false);
                          s.setConnectionPooler(new ConnectionPooler());
                          s.setEnableReplicaConnectionPooler(false);
                        })),
                List.of()))
        .isEmpty();
  }

  @Test
  void sectionAloneEnablesMasterPooler() {
    ClusterModel m = model(Fixtures.cluster(s -> s.setConnectionPooler(new ConnectionPooler())));
    assertThat(ConnectionPoolers.build(m, List.of()))
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "Secret/acid-test-cluster-pooler-u",
            "Deployment/acid-test-cluster-pooler",
            "Service/acid-test-cluster-pooler");
  }

  @Test
  void replicaPoolerAlone() {
    ClusterModel m = model(Fixtures.cluster(s -> s.setEnableReplicaConnectionPooler(true)));
    assertThat(ConnectionPoolers.build(m, List.of()))
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "Secret/acid-test-cluster-pooler-repl-u",
            "Deployment/acid-test-cluster-pooler-repl",
            "Service/acid-test-cluster-pooler-repl");
  }

  @Test
  void bothPoolers() {
    ClusterModel m =
        model(
            Fixtures.cluster(
                s -> {
                  s.setEnableConnectionPooler(true);
                  s.setEnableReplicaConnectionPooler(true);
                }));
    assertThat(ConnectionPoolers.build(m, List.of()))
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "Secret/acid-test-cluster-pooler-u",
            "Deployment/acid-test-cluster-pooler",
            "Service/acid-test-cluster-pooler",
            "Secret/acid-test-cluster-pooler-repl-u",
            "Deployment/acid-test-cluster-pooler-repl",
            "Service/acid-test-cluster-pooler-repl");
  }

  @Test
  void labelsAndSelectors() {
    ClusterModel m = masterPooler();
    Deployment d = ConnectionPoolers.deployment(m, PostgresRole.MASTER);
    Map<String, String> selector =
        Map.of(
            "application", "db-connection-pooler",
            "cluster-name", "acid-test-cluster",
            "connection-pooler", "acid-test-cluster-pooler");
    Map<String, String> withExtra = new java.util.HashMap<>(selector);
    withExtra.put("team", "acid");
    withExtra.put("spilo-role", "master");
    assertThat(d.getMetadata().getLabels()).isEqualTo(withExtra);
    assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(withExtra);
    assertThat(d.getMetadata().getNamespace()).isEqualTo("default");

    Service s = ConnectionPoolers.service(m, PostgresRole.MASTER);
    assertThat(s.getMetadata().getLabels()).isEqualTo(selector);
    assertThat(s.getSpec().getSelector())
        .isEqualTo(Map.of("connection-pooler", "acid-test-cluster-pooler"));
    assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(s.getSpec().getPorts()).hasSize(1);
    assertThat(s.getSpec().getPorts().get(0).getName()).isEqualTo("acid-test-cluster-pooler");
    assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(5432);
    assertThat(s.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(5432);
    assertThat(s.getMetadata().getAnnotations()).isNull();

    Deployment r =
        ConnectionPoolers.deployment(
            model(Fixtures.cluster(x -> x.setEnableReplicaConnectionPooler(true))),
            PostgresRole.REPLICA);
    assertThat(r.getMetadata().getLabels())
        .containsEntry("spilo-role", "replica")
        .containsEntry("connection-pooler", "acid-test-cluster-pooler-repl");
  }

  @Test
  void environmentWithDefaults() {
    Deployment d = ConnectionPoolers.deployment(masterPooler(), PostgresRole.MASTER);
    String secret = "pooler.acid-test-cluster.credentials.postgresql.acid.zalan.do";
    assertThat(env(d))
        .containsExactly(
            Map.entry("PGHOST", "acid-test-cluster"),
            Map.entry("PGPORT", "5432"),
            Map.entry("PGUSER", "secret:" + secret + "/username"),
            Map.entry("PGSCHEMA", "pooler"),
            Map.entry("PGPASSWORD", "secret:" + secret + "/password"),
            Map.entry("CONNECTION_POOLER_PORT", "5432"),
            Map.entry("CONNECTION_POOLER_MODE", "transaction"),
            // 60 connections over 2 instances: 30 each, pools of 15, minimum and reserve 7
            Map.entry("CONNECTION_POOLER_DEFAULT_SIZE", "15"),
            Map.entry("CONNECTION_POOLER_MIN_SIZE", "7"),
            Map.entry("CONNECTION_POOLER_RESERVE_SIZE", "7"),
            Map.entry("CONNECTION_POOLER_MAX_CLIENT_CONN", "10000"),
            Map.entry("CONNECTION_POOLER_MAX_DB_CONN", "30"));
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void replicaPoolerPointsAtReplicaService() {
    Deployment d =
        ConnectionPoolers.deployment(
            model(Fixtures.cluster(s -> s.setEnableReplicaConnectionPooler(true))),
            PostgresRole.REPLICA);
    assertThat(env(d)).containsEntry("PGHOST", "acid-test-cluster-repl");
    assertThat(d.getMetadata().getName()).isEqualTo("acid-test-cluster-pooler-repl");
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes().get(0).getSecret().getSecretName())
        .isEqualTo("acid-test-cluster-pooler-repl-u");
  }

  @Test
  void manifestOverridesConfiguration() {
    ConnectionPooler p = new ConnectionPooler();
    p.setNumberOfInstances(3);
    p.setMaxDBConnections(100);
    p.setMode("session");
    p.setSchema("bouncer");
    p.setUser("bouncer_user");
    p.setDockerImage("example/pgbouncer:1");
    Resources r = new Resources();
    ResourceDescription req = new ResourceDescription();
    req.setCpu("300m");
    req.setMemory("50Mi");
    r.setRequests(req);
    p.setResources(r);
    Deployment d =
        ConnectionPoolers.deployment(
            model(Fixtures.cluster(s -> s.setConnectionPooler(p))), PostgresRole.MASTER);
    Map<String, String> env = env(d);
    String secret = "bouncer-user.acid-test-cluster.credentials.postgresql.acid.zalan.do";
    assertThat(env)
        .containsEntry("PGUSER", "secret:" + secret + "/username")
        .containsEntry("PGPASSWORD", "secret:" + secret + "/password")
        .containsEntry("PGSCHEMA", "bouncer")
        .containsEntry("CONNECTION_POOLER_MODE", "session")
        // 100 / 3 = 33, 33 / 2 = 16, 16 / 2 = 8
        .containsEntry("CONNECTION_POOLER_MAX_DB_CONN", "33")
        .containsEntry("CONNECTION_POOLER_DEFAULT_SIZE", "16")
        .containsEntry("CONNECTION_POOLER_MIN_SIZE", "8")
        .containsEntry("CONNECTION_POOLER_RESERVE_SIZE", "8");
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(container(d).getImage()).isEqualTo("example/pgbouncer:1");
    assertThat(container(d).getResources().getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("300m"), "memory", new Quantity("50Mi")));
    assertThat(container(d).getResources().getLimits()).isEmpty();
  }

  @Test
  void configurationDefaults() {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.CONNECTION_POOLER_NUMBER_OF_INSTANCES, 4)
            .withOverride(Options.CONNECTION_POOLER_MAX_DB_CONNECTIONS, 80)
            .withOverride(Options.CONNECTION_POOLER_MODE, "session")
            .withOverride(Options.CONNECTION_POOLER_IMAGE, "example/bouncer:2")
            .withOverride(Options.CONNECTION_POOLER_SCHEMA, "lookup")
            .withOverride(Options.CONNECTION_POOLER_DEFAULT_CPU_REQUEST, "500m")
            .withOverride(Options.CONNECTION_POOLER_DEFAULT_MEMORY_REQUEST, "100Mi")
            .withOverride(Options.CONNECTION_POOLER_DEFAULT_CPU_LIMIT, "1")
            .withOverride(Options.CONNECTION_POOLER_DEFAULT_MEMORY_LIMIT, "100Mi");
    ClusterModel m =
        ClusterModel.of(Fixtures.cluster(s -> s.setEnableConnectionPooler(true)), config);
    Deployment d = ConnectionPoolers.deployment(m, PostgresRole.MASTER);
    assertThat(d.getSpec().getReplicas()).isEqualTo(4);
    assertThat(container(d).getImage()).isEqualTo("example/bouncer:2");
    assertThat(env(d))
        .containsEntry("CONNECTION_POOLER_MODE", "session")
        .containsEntry("PGSCHEMA", "lookup")
        .containsEntry("CONNECTION_POOLER_MAX_DB_CONN", "20")
        .containsEntry("CONNECTION_POOLER_DEFAULT_SIZE", "10")
        .containsEntry("CONNECTION_POOLER_MIN_SIZE", "5")
        .containsEntry("CONNECTION_POOLER_RESERVE_SIZE", "5");
    assertThat(container(d).getResources().getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("100Mi")));
    assertThat(container(d).getResources().getLimits())
        .isEqualTo(Map.of("cpu", new Quantity("1"), "memory", new Quantity("100Mi")));
  }

  @Test
  void unsetDefaultResourcesGiveNone() {
    Deployment d = ConnectionPoolers.deployment(masterPooler(), PostgresRole.MASTER);
    assertThat(container(d).getResources().getRequests()).isEmpty();
    assertThat(container(d).getResources().getLimits()).isEmpty();
  }

  @Test
  void podAndContainerShape() {
    Deployment d = ConnectionPoolers.deployment(masterPooler(), PostgresRole.MASTER);
    var pod = d.getSpec().getTemplate().getSpec();
    Container c = container(d);
    assertThat(c.getName()).isEqualTo("connection-pooler");
    assertThat(c.getImage()).isEqualTo("ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1");
    assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(5432);
    assertThat(c.getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(c.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(5432);
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getVolumeMounts().get(0).getMountPath()).isEqualTo("/etc/pgbouncer/userlist.txt");
    assertThat(c.getVolumeMounts().get(0).getSubPath()).isEqualTo("userlist.txt");
    assertThat(c.getVolumeMounts().get(0).getReadOnly()).isTrue();
    assertThat(pod.getVolumes().get(0).getName()).isEqualTo("acid-test-cluster-pooler-u");
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(100L);
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(101L);
    assertThat(pod.getServiceAccountName()).isEqualTo("postgres-pod");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(300L);
    assertThat(pod.getAffinity()).isNull();
    assertThat(d.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void ownerReferencesAntiAffinityAndTls() {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.ENABLE_OWNER_REFERENCES, true)
            .withOverride(Options.ENABLE_POD_ANTIAFFINITY, true);
    TLSDescription tls = new TLSDescription();
    tls.setSecretName("my-tls");
    tls.setCaFile("ca.crt");
    ClusterModel m =
        ClusterModel.of(
            Fixtures.cluster(
                s -> {
                  s.setEnableConnectionPooler(true);
                  s.setTls(tls);
                }),
            config);
    Deployment d = ConnectionPoolers.deployment(m, PostgresRole.MASTER);
    assertThat(d.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(d.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("postgresql");
    assertThat(ConnectionPoolers.service(m, PostgresRole.MASTER).getMetadata().getOwnerReferences())
        .hasSize(1);
    var anti = d.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
    assertThat(
            anti.getRequiredDuringSchedulingIgnoredDuringExecution()
                .get(0)
                .getLabelSelector()
                .getMatchLabels())
        .isEqualTo(d.getSpec().getSelector().getMatchLabels());
    assertThat(env(d))
        .containsEntry("CONNECTION_POOLER_CLIENT_TLS_CRT", "/tls/tls.crt")
        .containsEntry("CONNECTION_POOLER_CLIENT_TLS_KEY", "/tls/tls.key")
        .containsEntry("CONNECTION_POOLER_CLIENT_CA_FILE", "/tls/ca.crt");
    assertThat(container(d).getVolumeMounts())
        .extracting(v -> v.getName() + ":" + v.getMountPath())
        .containsExactly("acid-test-cluster-pooler-u:/etc/pgbouncer/userlist.txt", "my-tls:/tls");
  }

  @Test
  void loadBalancerServiceGetsPoolerDnsName() {
    ClusterModel m =
        model(
            Fixtures.cluster(
                s -> {
                  s.setEnableReplicaConnectionPooler(true);
                  s.setEnableReplicaPoolerLoadBalancer(true);
                }));
    Service s = ConnectionPoolers.service(m, PostgresRole.REPLICA);
    assertThat(s.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(s.getSpec().getLoadBalancerSourceRanges()).containsExactly("127.0.0.1/32");
    assertThat(s.getMetadata().getAnnotations())
        .containsEntry(
            "external-dns.alpha.kubernetes.io/hostname",
            "acid-test-cluster-pooler-repl.default.db.example.com");
  }

  @Test
  void nodePortService() {
    ClusterModel m =
        model(
            Fixtures.cluster(
                s -> {
                  s.setEnableConnectionPooler(true);
                  s.setEnableMasterPoolerNodePort(true);
                  s.setMasterPoolerNodePort(30432);
                }));
    Service s = ConnectionPoolers.service(m, PostgresRole.MASTER);
    assertThat(s.getSpec().getType()).isEqualTo("NodePort");
    assertThat(s.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30432);
  }

  @Test
  void clusterBuilderAppliesPoolerObjectsLast() {
    DesiredState without = ClusterBuilder.build(model(Fixtures.cluster()));
    assertThat(without.poolerObjects()).isEmpty();

    DesiredState with = ClusterBuilder.build(masterPooler());
    assertThat(with.poolerObjects()).hasSize(3);
    List<HasMetadata> all = with.all();
    assertThat(all.subList(all.size() - 3, all.size())).isEqualTo(with.poolerObjects());
  }

  @Test
  void userlistSecretCarriesThePoolerRolesPasswordFromItsCredentialsSecret() {
    ClusterModel m =
        new ClusterModel(
            Fixtures.cluster(s -> s.setEnableConnectionPooler(true)),
            Fixtures.config(),
            Observed.none().toBuilder()
                .existingPasswords(
                    Map.of("pooler.acid-test-cluster.credentials.postgresql.acid.zalan.do", "s3cr"))
                .build());
    DesiredState state = ClusterBuilder.build(m);
    Secret userlist = (Secret) state.poolerObjects().get(0);
    assertThat(userlist.getMetadata().getName()).isEqualTo("acid-test-cluster-pooler-u");
    assertThat(userlist.getType()).isEqualTo("Opaque");
    assertThat(decode(userlist.getData().get("userlist.txt"))).isEqualTo("\"pooler\" \"s3cr\"\n");
    assertThat(userlist.getMetadata().getLabels())
        .isEqualTo(ConnectionPoolers.labels(m, PostgresRole.MASTER, true))
        .containsEntry("connection-pooler", "acid-test-cluster-pooler")
        .containsEntry("spilo-role", "master");
    assertThat(userlist.getMetadata().getOwnerReferences())
        .isEqualTo(((Deployment) state.poolerObjects().get(1)).getMetadata().getOwnerReferences());
    // The mount of the Deployment names it.
    assertThat(
            ((Deployment) state.poolerObjects().get(1))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .get(0)
                .getSecret()
                .getSecretName())
        .isEqualTo("acid-test-cluster-pooler-u");
  }

  @Test
  void newPasswordOfTheSamePassIsTheOneInTheUserlist() {
    DesiredState state =
        ClusterBuilder.build(
            model(
                Fixtures.cluster(
                    s -> {
                      s.setEnableConnectionPooler(true);
                      s.setEnableReplicaConnectionPooler(true);
                    })));
    Secret credentials =
        state.secrets().stream()
            .filter(s -> s.getMetadata().getName().startsWith("pooler."))
            .findFirst()
            .orElseThrow();
    String expected = "\"pooler\" \"" + UserSecrets.passwordOf(credentials) + "\"\n";
    assertThat(state.poolerObjects())
        .filteredOn(o -> o instanceof Secret)
        .extracting(o -> decode(((Secret) o).getData().get("userlist.txt")))
        .containsExactly(expected, expected);
    assertThat(state.poolerObjects().get(3).getMetadata().getLabels())
        .containsEntry("spilo-role", "replica");
  }

  @Test
  void userlistDoublesQuotes() {
    assertThat(ConnectionPoolers.userlist("pooler", "a\"b")).isEqualTo("\"pooler\" \"a\"\"b\"\n");
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
