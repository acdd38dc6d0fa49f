package io.tusk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole desired state of Zalando's minimal example (ZALANDO-COMPAT.md section 3). */
class ClusterBuilderTest {

  private static DesiredState minimal(OperatorConfig config) {
    Postgresql pg = Fixtures.manifest("minimal-postgres-manifest.yaml");
    pg.getMetadata().setNamespace("default");
    pg.getMetadata().setUid(Fixtures.UID);
    return ClusterBuilder.build(new ClusterModel(pg, config, Observed.none()));
  }

  @Test
  void minimalClusterObjects() {
    DesiredState state = minimal(Fixtures.config());
    StatefulSet sts = state.statefulSet();
    assertThat(sts.getMetadata().getName()).isEqualTo("acid-minimal-cluster");
    assertThat(sts.getMetadata().getLabels())
        .isEqualTo(
            Map.of("application", "spilo", "cluster-name", "acid-minimal-cluster", "team", "acid"));
    assertThat(sts.getSpec().getReplicas()).isEqualTo(2);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("acid-minimal-cluster");
    assertThat(sts.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("application", "spilo", "cluster-name", "acid-minimal-cluster"));
    assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .isEqualTo("Retain");
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
        .isEqualTo("Retain");
    var claim = sts.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(claim.getMetadata().getName()).isEqualTo("pgdata");
    assertThat(claim.getMetadata().getLabels()).containsEntry("team", "acid");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getVolumeMode()).isEqualTo("Filesystem");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("1Gi");
    assertThat(claim.getSpec().getStorageClassName()).isNull();
    assertThat(claim.getMetadata().getOwnerReferences()).isEmpty();

    List<EnvVar> env = sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(
            env.stream()
                .filter(e -> e.getName().equals("SPILO_CONFIGURATION"))
                .findFirst()
                .orElseThrow()
                .getValue())
        .isEqualTo(
            "{\"postgresql\":{},\"bootstrap\":{\"initdb\":[{\"auth-host\":\"scram-sha-256\"},{\"auth-local\":\"trust\"}],\"dcs\":{\"failsafe_mode\":false}}}");
    assertThat(
            env.stream()
                .filter(e -> e.getName().equals("PGVERSION"))
                .findFirst()
                .orElseThrow()
                .getValue())
        .isEqualTo("18");

    assertThat(state.masterService().getMetadata().getName()).isEqualTo("acid-minimal-cluster");
    assertThat(state.replicaService().getMetadata().getName())
        .isEqualTo("acid-minimal-cluster-repl");
    // ConfigMap default enable_master_load_balancer is true (the example ConfigMap switches it off)
    assertThat(state.masterService().getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(state.masterService().getMetadata().getAnnotations())
        .containsEntry(
            "external-dns.alpha.kubernetes.io/hostname",
            "acid-minimal-cluster.default.db.example.com,minimal-cluster.acid.db.example.com");
    assertThat(state.replicaService().getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(state.masterEndpoints()).isEmpty();

    assertThat(state.secrets())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(
            "postgres.acid-minimal-cluster.credentials.postgresql.acid.zalan.do",
            "standby.acid-minimal-cluster.credentials.postgresql.acid.zalan.do",
            "foo-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do",
            "zalando.acid-minimal-cluster.credentials.postgresql.acid.zalan.do");
    assertThat(state.masterPdb().getMetadata().getName())
        .isEqualTo("postgres-acid-minimal-cluster-pdb");
    assertThat(state.criticalOpPdb().getMetadata().getName())
        .isEqualTo("postgres-acid-minimal-cluster-critical-op-pdb");

    assertThat(state.podServiceAccount().getMetadata().getName()).isEqualTo("postgres-pod");
    assertThat(state.podServiceAccount().getMetadata().getNamespace()).isEqualTo("default");
    assertThat(state.podRoleBinding().getMetadata().getName()).isEqualTo("postgres-pod");
    assertThat(state.podRoleBinding().getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(state.podRoleBinding().getRoleRef().getName()).isEqualTo("postgres-pod");
    assertThat(state.podRoleBinding().getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo("postgres-pod");
            });
  }

  /**
   * cluster_test.go#TestStatefulSetAnnotations: downscaler annotations reach the StatefulSet only.
   */
  @Test
  void statefulSetAnnotations() {
    Postgresql pg = Fixtures.cluster("acid-test", "test", s -> {});
    pg.getMetadata().setAnnotations(Map.of("downscaler/downtime_replicas", "0", "other", "x"));
    OperatorConfig config =
        Fixtures.config(Options.DOWNSCALER_ANNOTATIONS, List.of("downscaler/*"));
    DesiredState state = ClusterBuilder.build(Fixtures.model(pg, config));
    assertThat(state.statefulSet().getMetadata().getAnnotations())
        .isEqualTo(Map.of("downscaler/downtime_replicas", "0"));
    assertThat(state.statefulSet().getSpec().getTemplate().getMetadata().getAnnotations()).isNull();
    assertThat(state.masterService().getMetadata().getAnnotations())
        .doesNotContainKey("downscaler/downtime_replicas");
  }

  @Test
  void allIsInCreationOrder() {
    DesiredState state = minimal(Fixtures.config(Options.KUBERNETES_USE_CONFIGMAPS, false));
    assertThat(state.masterEndpoints()).isPresent();
    assertThat(state.all())
        .extracting(HasMetadata::getKind)
        .containsExactly(
            "ServiceAccount",
            "RoleBinding",
            "Endpoints",
            "Service",
            "Service",
            "Secret",
            "Secret",
            "Secret",
            "Secret",
            "PodDisruptionBudget",
            "PodDisruptionBudget",
            "StatefulSet");
  }

  @Test
  void ownerReferencesOnChildrenButNotOnClaims() {
    DesiredState state =
        minimal(
            Fixtures.config(Options.ENABLE_OWNER_REFERENCES, true)
                .withOverride(Options.KUBERNETES_USE_CONFIGMAPS, false));
    for (HasMetadata o : state.all()) {
      if (o.getKind().equals("ServiceAccount") || o.getKind().equals("RoleBinding")) {
        assertThat(o.getMetadata().getOwnerReferences()).as(o.getKind()).isEmpty();
      } else {
        assertThat(o.getMetadata().getOwnerReferences())
            .as(o.getKind() + " " + o.getMetadata().getName())
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.getUid()).isEqualTo(Fixtures.UID);
                  assertThat(r.getController()).isTrue();
                });
      }
    }
    assertThat(
            state
                .statefulSet()
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getMetadata()
                .getOwnerReferences())
        .isEmpty();
  }

  @Test
  void secretPasswordsComeFromTheObservedSourceAndExistingSecrets() {
    Postgresql pg = Fixtures.manifest("minimal-postgres-manifest.yaml");
    pg.getMetadata().setNamespace("default");
    Observed observed =
        Observed.none().toBuilder()
            .existingPasswords(
                Map.of(
                    "zalando.acid-minimal-cluster.credentials.postgresql.acid.zalan.do", "s3cret"))
            .passwordSource(PasswordSource.deterministic("test"))
            .build();
    List<Secret> secrets =
        ClusterBuilder.build(new ClusterModel(pg, Fixtures.config(), observed)).secrets();
    assertThat(UserSecretsPasswords.of(secrets)).containsEntry("zalando", "s3cret");
    assertThat(UserSecretsPasswords.of(secrets).get("postgres")).hasSize(64).isNotEqualTo("s3cret");
  }

  @Test
  void serviceAccountFromDefinitionsAndIrsa() {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.POD_SERVICE_ACCOUNT_NAME, "spilo")
            .withOverride(
                Options.POD_SERVICE_ACCOUNT_DEFINITION,
                "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"other\",\"labels\":{\"a\":\"b\"}},\"imagePullSecrets\":[{\"name\":\"registry\"}]}")
            .withOverride(
                Options.POD_SERVICE_ACCOUNT_ROLE_BINDING_DEFINITION,
                "apiVersion: rbac.authorization.k8s.io/v1\n"
                    + "kind: RoleBinding\n"
                    + "metadata:\n"
                    + "  name: spilo-binding\n"
                    + "roleRef:\n"
                    + "  apiGroup: rbac.authorization.k8s.io\n"
                    + "  kind: ClusterRole\n"
                    + "  name: custom\n"
                    + "subjects:\n"
                    + "- kind: ServiceAccount\n"
                    + "  name: spilo\n")
            .withOverride(Options.IRSA_ROLE_ARN, "arn:aws:iam::1:role/spilo");
    DesiredState state = minimal(config);
    assertThat(state.podServiceAccount().getMetadata().getName()).isEqualTo("spilo");
    assertThat(state.podServiceAccount().getMetadata().getLabels()).containsEntry("a", "b");
    assertThat(state.podServiceAccount().getImagePullSecrets())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("registry"));
    assertThat(state.podServiceAccount().getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/spilo");
    assertThat(state.podRoleBinding().getMetadata().getName()).isEqualTo("spilo-binding");
    assertThat(state.podRoleBinding().getMetadata().getNamespace()).isEqualTo("default");
    assertThat(state.podRoleBinding().getRoleRef().getName()).isEqualTo("custom");
    assertThat(state.statefulSet().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("spilo");
  }

  @Test
  void wrongKindInDefinitionIsRejected() {
    OperatorConfig config =
        Fixtures.config(
            Options.POD_SERVICE_ACCOUNT_DEFINITION, "{\"kind\":\"Secret\",\"apiVersion\":\"v1\"}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> minimal(config))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("pod_service_account_definition");
  }

  /** Reads passwords back per user name. */
  static final class UserSecretsPasswords {
    static Map<String, String> of(List<Secret> secrets) {
      Map<String, String> result = new java.util.HashMap<>();
      for (Secret s : secrets) {
        result.put(
            decode(s.getData().get("username")), io.tusk.spec.secret.UserSecrets.passwordOf(s));
      }
      return result;
    }

    private static String decode(String b64) {
      return new String(
          java.util.Base64.getDecoder().decode(b64), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
