package io.tusk.spec.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Sidecar;
import io.tusk.api.acid.v1.TLSDescription;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterBuilder;
import io.tusk.spec.Fixtures;
import io.tusk.spec.diff.Comparison.Action;
import io.tusk.spec.spilo.EnvVars;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The comparison against the builder's own output: unchanged objects read back from the API server
 * (with its defaults) match; real changes give Zalando's actions and reasons (cluster.go
 * compareStatefulSetWith, TestCompareEnv, TestStatefulSetUpdateWithEnv).
 */
class StatefulSetComparisonTest {

  private static StatefulSet desired(OperatorConfig config, Consumer<PostgresSpec> spec) {
    return ClusterBuilder.build(Fixtures.model(Fixtures.cluster(spec), config)).statefulSet();
  }

  private static StatefulSet desired(Consumer<PostgresSpec> spec) {
    return desired(Fixtures.config(), spec);
  }

  private static Sidecar sidecar() {
    Sidecar s = new Sidecar();
    s.setName("exporter");
    s.setImage("exporter:1");
    s.setCommand(List.of("/bin/exporter"));
    s.setEnv(List.of(EnvVars.value("EMPTY", ""), EnvVars.value("X", "1")));
    return s;
  }

  @Test
  void unchangedStatefulSetReadBackFromTheServerMatches() {
    List<StatefulSet> variants =
        List.of(
            desired(s -> {}),
            desired(
                Fixtures.config(Options.ENABLE_READINESS_PROBE, true)
                    .withOverride(Options.ENABLE_POD_ANTIAFFINITY, true)
                    .withOverride(Options.WAL_S3_BUCKET, "bucket")
                    .withOverride(Options.SHARE_PGSOCKET_WITH_SIDECARS, true),
                s -> {
                  s.setSidecars(List.of(sidecar()));
                  s.setLivenessProbe(
                      new ProbeBuilder()
                          .withNewHttpGet()
                          .withPath("/liveness")
                          .withNewPort(8008)
                          .endHttpGet()
                          .build());
                  TLSDescription tls = new TLSDescription();
                  tls.setSecretName("tls");
                  s.setTls(tls);
                  s.setTolerations(
                      List.of(new TolerationBuilder().withKey("k").withOperator("Exists").build()));
                  s.setResources(Fixtures.resources("0.5", "0.7Gi", "1000m", "1.0Gi"));
                }),
            ClusterBuilder.build(
                    Fixtures.model(Fixtures.manifest("complete-postgres-manifest.yaml")))
                .statefulSet());
    for (StatefulSet sts : variants) {
      Comparison c = StatefulSetComparison.compare(ApiServerDefaults.apply(sts), sts);
      assertThat(c.reasons()).isEmpty();
      assertThat(c.action()).isEqualTo(Action.NONE);
      assertThat(c.rollingUpdate()).isFalse();
      assertThat(c.matches()).isTrue();
    }
  }

  @Test
  void defaultsHelperReallyChangesTheObject() {
    StatefulSet sts = desired(s -> s.setResources(Fixtures.resources("0.5", "0.7Gi", null, null)));
    StatefulSet server = ApiServerDefaults.apply(sts);
    assertThat(server).isNotEqualTo(sts);
    assertThat(
            server
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests()
                .get("memory")
                .toString())
        .isEqualTo("751619276800m");
    assertThat(server.getSpec().getTemplate().getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
  }

  @Test
  void imageChangeNeedsRollingUpdate() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison c =
        StatefulSetComparison.compare(
            current, desired(s -> s.setDockerImage("ghcr.io/zalando/spilo-18:4.1-p3")));
    assertThat(c.action()).isEqualTo(Action.ROLLING_UPDATE);
    assertThat(c.rollingUpdate()).isTrue();
    assertThat(c.reasons())
        .containsExactly(
            "new statefulset containers's postgres (index 0) image does not match the current one");
  }

  @Test
  void lazySpiloUpgradeReplacesWithoutRollingPods() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison c =
        StatefulSetComparison.compare(
            current, desired(s -> s.setDockerImage("spilo:new")), Set.of(), true);
    assertThat(c.action()).isEqualTo(Action.REPLACE);
    assertThat(c.rollingUpdate()).isFalse();
    assertThat(c.reasons())
        .containsExactly(
            "lazy Spilo update: new statefulset's pod image does not match the current one");
  }

  @Test
  void volumeClaimTemplateChangeNeedsReplace() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison c =
        StatefulSetComparison.compare(current, desired(s -> s.getVolume().setSize("2Gi")));
    assertThat(c.action()).isEqualTo(Action.REPLACE);
    assertThat(c.rollingUpdate()).isFalse();
    assertThat(c.reasons())
        .containsExactly(
            "new statefulset's volumeClaimTemplates specification for volume \"pgdata\" does not"
                + " match the current one");
    // the same size written differently is no change
    assertThat(
            StatefulSetComparison.compare(current, desired(s -> s.getVolume().setSize("1024Mi")))
                .action())
        .isEqualTo(Action.NONE);
  }

  @Test
  void replicasChangeIsAnUpdate() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison c = StatefulSetComparison.compare(current, desired(s -> s.setNumberOfInstances(3)));
    assertThat(c.action()).isEqualTo(Action.UPDATE);
    assertThat(c.rollingUpdate()).isFalse();
    assertThat(c.reasons())
        .containsExactly("new statefulset's number of replicas does not match the current one");
  }

  @Test
  void environmentChangesRollPodsButDcsChangesDoNot() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison env =
        StatefulSetComparison.compare(
            current, desired(s -> s.setEnv(List.of(EnvVars.value("CUSTOM", "1")))));
    assertThat(env.action()).isEqualTo(Action.ROLLING_UPDATE);
    assertThat(env.reasons())
        .containsExactly(
            "new statefulset containers's postgres (index 0) environment does not match the current"
                + " one");

    io.tusk.api.acid.v1.Patroni patroni = new io.tusk.api.acid.v1.Patroni();
    patroni.setTtl(45);
    Comparison dcs =
        StatefulSetComparison.compare(
            current,
            desired(
                s -> {
                  s.setPatroni(patroni);
                  s.getPostgresql().setParameters(Map.of("max_connections", "200"));
                }));
    assertThat(dcs.action())
        .as("bootstrap.dcs is applied through Patroni's API")
        .isEqualTo(Action.NONE);

    Comparison local =
        StatefulSetComparison.compare(
            current,
            desired(s -> s.getPostgresql().setParameters(Map.of("shared_buffers", "1GB"))));
    assertThat(local.action()).isEqualTo(Action.ROLLING_UPDATE);
  }

  @Test
  void resourceChangeRollsPods() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison c =
        StatefulSetComparison.compare(
            current, desired(s -> s.setResources(Fixtures.resources("200m", null, null, null))));
    assertThat(c.action()).isEqualTo(Action.ROLLING_UPDATE);
    assertThat(c.reasons())
        .containsExactly(
            "new statefulset containers's postgres (index 0) resources do not match the current"
                + " ones");
  }

  @Test
  void addedSidecarAndInitContainer() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison c =
        StatefulSetComparison.compare(
            current,
            desired(
                s -> {
                  s.setSidecars(List.of(sidecar()));
                  s.setInitContainers(
                      List.of(
                          new ContainerBuilder().withName("date").withImage("busybox").build()));
                }));
    assertThat(c.action()).isEqualTo(Action.ROLLING_UPDATE);
    assertThat(c.reasons())
        .containsExactly(
            "new statefulset initContainers's length does not match the current ones",
            "new statefulset containers's length does not match the current ones");
  }

  @Test
  void sidecarCommandChangeRollsPods() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> s.setSidecars(List.of(sidecar()))));
    Sidecar changed = sidecar();
    changed.setCommand(List.of("/bin/exporter", "--verbose"));
    Comparison c =
        StatefulSetComparison.compare(current, desired(s -> s.setSidecars(List.of(changed))));
    assertThat(c.action()).isEqualTo(Action.ROLLING_UPDATE);
    assertThat(c.reasons())
        .containsExactly(
            "new statefulset containers's exporter (index 1) command or arguments do not match the"
                + " current one");
  }

  @Test
  void podAnnotationChangeReplacesWithoutRolling() {
    StatefulSet current =
        ApiServerDefaults.apply(desired(s -> s.setPodAnnotations(Map.of("a", "1", "b", "2"))));
    Comparison c =
        StatefulSetComparison.compare(
            current, desired(s -> s.setPodAnnotations(Map.of("a", "3", "c", "4"))));
    assertThat(c.action()).isEqualTo(Action.REPLACE);
    assertThat(c.rollingUpdate()).isFalse();
    assertThat(c.removedPodAnnotations()).containsExactly("b");
    assertThat(c.reasons())
        .containsExactly(
            "new statefulset's pod template metadata annotations does not match  Removed \"b\"."
                + " \"a\" changed from \"1\" to \"3\". Added \"c\" with value \"4\".");
  }

  @Test
  void ignoredAnnotationsAreNotCompared() {
    StatefulSet desired = desired(s -> {});
    StatefulSet current =
        new StatefulSetBuilder(ApiServerDefaults.apply(desired))
            .editMetadata()
            .addToAnnotations("deployment.kubernetes.io/revision", "3")
            .endMetadata()
            .build();
    assertThat(StatefulSetComparison.compare(current, desired).action()).isEqualTo(Action.REPLACE);
    assertThat(
            StatefulSetComparison.compare(
                    current,
                    desired,
                    Fixtures.config(
                        Options.IGNORED_ANNOTATIONS, List.of("deployment.kubernetes.io/revision")))
                .action())
        .isEqualTo(Action.NONE);
  }

  @Test
  void affinityChangeReplacesAndRolls() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison c =
        StatefulSetComparison.compare(
            current, desired(Fixtures.config(Options.ENABLE_POD_ANTIAFFINITY, true), s -> {}));
    assertThat(c.action()).isEqualTo(Action.REPLACE);
    assertThat(c.rollingUpdate()).isTrue();
    assertThat(c.reasons())
        .containsExactly("new statefulset's pod affinity does not match the current one");
  }

  @Test
  void tolerationContentChangeIsNoticed() {
    StatefulSet current =
        ApiServerDefaults.apply(
            desired(
                s ->
                    s.setTolerations(
                        List.of(
                            new TolerationBuilder().withKey("a").withOperator("Exists").build()))));
    Comparison c =
        StatefulSetComparison.compare(
            current,
            desired(
                s ->
                    s.setTolerations(
                        List.of(
                            new TolerationBuilder().withKey("b").withOperator("Exists").build()))));
    assertThat(c.reasons())
        .containsExactly("new statefulset's pod tolerations does not match the current one");
  }

  @Test
  void selectorWithNewLabelsCannotContinue() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison c =
        StatefulSetComparison.compare(
            current,
            desired(
                Fixtures.config(Options.CLUSTER_LABELS, Map.of("application", "spilo", "env", "x")),
                s -> {}));
    assertThat(c.action()).isEqualTo(Action.NONE);
    assertThat(c.reasons())
        .containsExactly(
            "new statefulset introduces extra labels in the label selector, cannot continue");
  }

  @Test
  void volumeCountChangeReplaces() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    Comparison c =
        StatefulSetComparison.compare(
            current, desired(Fixtures.config(Options.ENABLE_SHM_VOLUME, false), s -> {}));
    assertThat(c.action()).isEqualTo(Action.REPLACE);
    assertThat(c.rollingUpdate()).isTrue();
    assertThat(c.reasons())
        .containsExactly(
            "new statefulset containers's postgres (index 0) volume mounts do not match the current"
                + " one",
            "new statefulset's volumes contains different number of volumes to the old one");
  }

  @Test
  void managementAndRetentionPolicyAndOwnerReferencesReplace() {
    StatefulSet current = ApiServerDefaults.apply(desired(s -> {}));
    assertThat(
            StatefulSetComparison.compare(
                    current,
                    desired(Fixtures.config(Options.POD_MANAGEMENT_POLICY, "parallel"), s -> {}))
                .reasons())
        .containsExactly("new statefulset's pod management policy do not match");
    assertThat(
            StatefulSetComparison.compare(
                    current,
                    desired(
                        Fixtures.config(
                            Options.PERSISTENT_VOLUME_CLAIM_RETENTION_POLICY,
                            Map.of("when_deleted", "delete", "when_scaled", "retain")),
                        s -> {}))
                .reasons())
        .containsExactly("new statefulset's persistent volume claim retention policy do not match");
    Comparison owners =
        StatefulSetComparison.compare(
            current, desired(Fixtures.config(Options.ENABLE_OWNER_REFERENCES, true), s -> {}));
    assertThat(owners.action()).isEqualTo(Action.REPLACE);
    assertThat(owners.reasons()).containsExactly("new statefulset's ownerReferences do not match");
  }

  @Test
  void missingRetentionPolicyMeansRetain() {
    StatefulSet desired = desired(s -> {});
    StatefulSet current =
        new StatefulSetBuilder(ApiServerDefaults.apply(desired))
            .editSpec()
            .withPersistentVolumeClaimRetentionPolicy(null)
            .endSpec()
            .build();
    assertThat(StatefulSetComparison.compare(current, desired).action()).isEqualTo(Action.NONE);
  }

  /** cluster_test.go#TestCompareEnv, on whole StatefulSets. */
  @Test
  void environmentComparisonIgnoresOrder() {
    StatefulSet base =
        desired(
            s ->
                s.setEnv(
                    List.of(
                        EnvVars.value("VARIABLE1", "value1"),
                        EnvVars.value("VARIABLE2", "value2"))));
    StatefulSet reordered = new StatefulSetBuilder(base).build();
    List<EnvVar> env =
        new ArrayList<>(
            reordered.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());
    java.util.Collections.reverse(env);
    reordered.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(env);
    assertThat(StatefulSetComparison.compare(ApiServerDefaults.apply(base), reordered).action())
        .isEqualTo(Action.NONE);
    StatefulSet renamed =
        desired(
            s ->
                s.setEnv(
                    List.of(
                        EnvVars.value("VARIABLE4", "value1"),
                        EnvVars.value("VARIABLE2", "value2"))));
    assertThat(StatefulSetComparison.compare(ApiServerDefaults.apply(base), renamed).action())
        .isEqualTo(Action.ROLLING_UPDATE);
  }

  @Test
  void canonicalQuantityHelper() {
    assertThat(ApiServerDefaults.canonical("0.7Gi")).isEqualTo("751619276800m");
    assertThat(ApiServerDefaults.canonical("1.0Gi")).isEqualTo("1Gi");
    assertThat(ApiServerDefaults.canonical("1000")).isEqualTo("1k");
    assertThat(ApiServerDefaults.canonical("0.5")).isEqualTo("500m");
    assertThat(ApiServerDefaults.canonical("1024Mi")).isEqualTo("1Gi");
    assertThat(new Quantity("1Gi")).isEqualTo(new Quantity("1024Mi"));
  }
}
