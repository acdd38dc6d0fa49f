package io.tusk.spec.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.tusk.api.acid.v1.AdditionalVolume;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.Sidecar;
import io.tusk.api.acid.v1.TLSDescription;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.Fixtures;
import io.tusk.spec.InvalidSpecException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Pod template rules, ported from Zalando's k8sres_test.go (TestNodeAffinity, TestPodAffinity,
 * TestSharePgSocketWithSidecars, TestTLS, TestShmVolume, TestSecretVolume, TestAdditionalVolume,
 * TestSidecars, TestContainerValidation, TestGenerateCapabilities,
 * TestGenerateContainerWithEnvFrom, TestTopologySpreadConstraints) and
 * cluster_test.go#TestPodAnnotations.
 */
class PodTemplateTest {

  private static PodTemplateSpec template(OperatorConfig config, Consumer<PostgresSpec> spec) {
    return PodTemplate.build(Fixtures.model(Fixtures.cluster(spec), config));
  }

  private static PodSpec pod(OperatorConfig config, Consumer<PostgresSpec> spec) {
    return template(config, spec).getSpec();
  }

  private static Container container(PodSpec pod, String name) {
    return pod.getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> mountNames(Container c) {
    return c.getVolumeMounts().stream().map(VolumeMount::getName).toList();
  }

  private static NodeAffinity requiredAffinity(String key, String value) {
    return new NodeAffinityBuilder()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator("In")
        .withValues(value)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .build();
  }

  @Test
  void basicPodShape() {
    PodTemplateSpec t = template(Fixtures.config(), s -> {});
    assertThat(t.getMetadata().getLabels())
        .isEqualTo(
            Map.of("application", "spilo", "cluster-name", "acid-test-cluster", "team", "acid"));
    PodSpec pod = t.getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("postgres-pod");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(300L);
    assertThat(pod.getContainers()).hasSize(1);
    Container pg = pod.getContainers().get(0);
    assertThat(pg.getName()).isEqualTo("postgres");
    assertThat(pg.getImage()).isEqualTo("ghcr.io/zalando/spilo-18:4.1-p2");
    assertThat(pg.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(pg.getPorts())
        .extracting(p -> p.getContainerPort())
        .containsExactly(8008, 5432, 8080);
    assertThat(pg.getPorts()).allSatisfy(p -> assertThat(p.getProtocol()).isEqualTo("TCP"));
    assertThat(pg.getVolumeMounts().get(0).getName()).isEqualTo("pgdata");
    assertThat(pg.getVolumeMounts().get(0).getMountPath()).isEqualTo("/home/postgres/pgdata");
    assertThat(pg.getSecurityContext().getPrivileged()).isFalse();
    assertThat(pg.getSecurityContext().getAllowPrivilegeEscalation()).isTrue();
    assertThat(pg.getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
    assertThat(pg.getSecurityContext().getCapabilities()).isNull();
    assertThat(pg.getReadinessProbe()).isNull();
    assertThat(pg.getLivenessProbe()).isNull();
    // enable_shm_volume defaults to true
    assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("dshm");
    assertThat(mountNames(pg)).containsExactly("pgdata", "dshm");
    assertThat(pod.getAffinity()).isNull();
    assertThat(pod.getTolerations()).isEmpty();
  }

  @Test
  void imageFromManifestWins() {
    assertThat(
            pod(Fixtures.config(), s -> s.setDockerImage("my/spilo:1"))
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("my/spilo:1");
  }

  @Test
  void nodeAffinityFromManifest() {
    NodeAffinity affinity = requiredAffinity("test-label", "test-value");
    PodSpec pod = pod(Fixtures.config(), s -> s.setNodeAffinity(affinity));
    assertThat(pod.getAffinity().getNodeAffinity()).isEqualTo(affinity);
  }

  @Test
  void nodeReadinessLabelAloneBecomesRequiredTerm() {
    PodSpec pod =
        pod(
            Fixtures.config(Options.NODE_READINESS_LABEL, Map.of("lifecycle-status", "ready")),
            s -> {});
    assertThat(pod.getAffinity().getNodeAffinity())
        .isEqualTo(requiredAffinity("lifecycle-status", "ready"));
  }

  @Test
  void nodeReadinessLabelMergedWithOr() {
    PodSpec pod =
        pod(
            Fixtures.config(Options.NODE_READINESS_LABEL, Map.of("lifecycle-status", "ready")),
            s -> s.setNodeAffinity(requiredAffinity("test-label", "test-value")));
    var terms =
        pod.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    assertThat(terms).hasSize(2);
    assertThat(terms.get(0).getMatchExpressions().get(0).getKey()).isEqualTo("test-label");
    assertThat(terms.get(1).getMatchExpressions().get(0).getKey()).isEqualTo("lifecycle-status");
  }

  @Test
  void nodeReadinessLabelMergedWithAnd() {
    PodSpec pod =
        pod(
            Fixtures.config(Options.NODE_READINESS_LABEL, Map.of("lifecycle-status", "ready"))
                .withOverride(Options.NODE_READINESS_LABEL_MERGE, "AND"),
            s -> s.setNodeAffinity(requiredAffinity("test-label", "test-value")));
    var terms =
        pod.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    assertThat(terms).hasSize(1);
    assertThat(terms.get(0).getMatchExpressions())
        .extracting(e -> e.getKey())
        .containsExactly("test-label", "lifecycle-status");
  }

  @Test
  void podAntiAffinityRequiredOrPreferred() {
    OperatorConfig anti = Fixtures.config(Options.ENABLE_POD_ANTIAFFINITY, true);
    PodSpec required = pod(anti, s -> {});
    assertThat(
            required
                .getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(
            required
                .getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .isEmpty();
    var term =
        required
            .getAffinity()
            .getPodAntiAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .get(0);
    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(term.getLabelSelector().getMatchLabels())
        .isEqualTo(
            Map.of("application", "spilo", "cluster-name", "acid-test-cluster", "team", "acid"));

    PodSpec preferred =
        pod(
            anti.withOverride(Options.POD_ANTIAFFINITY_PREFERRED_DURING_SCHEDULING, true)
                .withOverride(Options.POD_ANTIAFFINITY_TOPOLOGY_KEY, "topology.kubernetes.io/zone"),
            s -> {});
    var weighted =
        preferred
            .getAffinity()
            .getPodAntiAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(weighted).hasSize(1);
    assertThat(weighted.get(0).getWeight()).isEqualTo(1);
    assertThat(weighted.get(0).getPodAffinityTerm().getTopologyKey())
        .isEqualTo("topology.kubernetes.io/zone");
    assertThat(
            preferred
                .getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .isEmpty();
  }

  @Test
  void podAntiAffinityKeepsNodeAffinity() {
    PodSpec pod =
        pod(
            Fixtures.config(Options.ENABLE_POD_ANTIAFFINITY, true),
            s -> s.setNodeAffinity(requiredAffinity("test-label", "test-value")));
    assertThat(pod.getAffinity().getNodeAffinity())
        .isEqualTo(requiredAffinity("test-label", "test-value"));
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
  }

  @Test
  void tolerationsFromManifestOverrideConfiguration() {
    OperatorConfig config =
        Fixtures.config(
            Options.TOLERATION,
            Map.of("key", "postgres", "operator", "Exists", "effect", "NoSchedule"));
    PodSpec fromConfig = pod(config, s -> {});
    assertThat(fromConfig.getTolerations())
        .containsExactly(
            new TolerationBuilder()
                .withKey("postgres")
                .withOperator("Exists")
                .withEffect("NoSchedule")
                .build());
    var manifest =
        new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("db").build();
    assertThat(pod(config, s -> s.setTolerations(List.of(manifest))).getTolerations())
        .containsExactly(manifest);
  }

  @Test
  void topologySpreadConstraintsGetThePodLabelSelector() {
    var tsc =
        new TopologySpreadConstraintBuilder()
            .withMaxSkew(1)
            .withTopologyKey("topology.kubernetes.io/zone")
            .withWhenUnsatisfiable("DoNotSchedule")
            .build();
    PodSpec pod = pod(Fixtures.config(), s -> s.setTopologySpreadConstraints(List.of(tsc)));
    assertThat(pod.getTopologySpreadConstraints())
        .containsExactly(
            new TopologySpreadConstraintBuilder(tsc)
                .withLabelSelector(
                    new LabelSelectorBuilder()
                        .withMatchLabels(
                            Map.of(
                                "application",
                                "spilo",
                                "cluster-name",
                                "acid-test-cluster",
                                "team",
                                "acid"))
                        .build())
                .build());
    var own =
        new TopologySpreadConstraintBuilder(tsc)
            .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("x", "y")).build())
            .build();
    assertThat(
            pod(Fixtures.config(), s -> s.setTopologySpreadConstraints(List.of(own)))
                .getTopologySpreadConstraints())
        .containsExactly(own);
  }

  @Test
  void shmVolumeFromManifestOrConfig() {
    assertThat(pod(Fixtures.config(Options.ENABLE_SHM_VOLUME, false), s -> {}).getVolumes())
        .isEmpty();
    PodSpec pod =
        pod(Fixtures.config(Options.ENABLE_SHM_VOLUME, false), s -> s.setEnableShmVolume(true));
    assertThat(pod.getVolumes())
        .containsExactly(
            new VolumeBuilder()
                .withName("dshm")
                .withNewEmptyDir()
                .withMedium("Memory")
                .endEmptyDir()
                .build());
    assertThat(container(pod, "postgres").getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains("/dev/shm");
    // manifest false does not override a configured true (Zalando only honours the manifest's true)
    assertThat(pod(Fixtures.config(), s -> s.setEnableShmVolume(false)).getVolumes())
        .extracting(Volume::getName)
        .containsExactly("dshm");
  }

  @Test
  void sharedSocketVolumeMountedInEveryContainer() {
    PodSpec pod =
        pod(
            Fixtures.config(Options.SHARE_PGSOCKET_WITH_SIDECARS, true)
                .withOverride(Options.ENABLE_SHM_VOLUME, false),
            s -> s.setSidecars(List.of(sidecar("exporter", "img"))));
    assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("postgresql-run");
    assertThat(pod.getVolumes().get(0).getEmptyDir().getMedium()).isEqualTo("Memory");
    for (Container c : pod.getContainers()) {
      assertThat(c.getVolumeMounts())
          .anySatisfy(
              m -> {
                assertThat(m.getName()).isEqualTo("postgresql-run");
                assertThat(m.getMountPath()).isEqualTo("/var/run/postgresql");
              });
    }
  }

  @Test
  void additionalSecretMountInEveryContainer() {
    PodSpec pod =
        pod(
            Fixtures.config(Options.ADDITIONAL_SECRET_MOUNT, "aws-iam-s3-role")
                .withOverride(Options.ADDITIONAL_SECRET_MOUNT_PATH, "/meta/credentials"),
            s -> s.setSidecars(List.of(sidecar("exporter", "img"))));
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly("dshm", "aws-iam-s3-role");
    assertThat(pod.getVolumes().get(1).getSecret().getSecretName()).isEqualTo("aws-iam-s3-role");
    for (Container c : pod.getContainers()) {
      assertThat(c.getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/meta/credentials"));
    }
  }

  private static AdditionalVolume additional(
      String name, String path, String subPath, Boolean expr, List<String> targets) {
    AdditionalVolume v = new AdditionalVolume();
    v.setName(name);
    v.setMountPath(path);
    v.setSubPath(subPath);
    v.setIsSubPathExpr(expr);
    v.setTargetContainers(targets);
    v.setVolumeSource(new VolumeBuilder().withNewEmptyDir().endEmptyDir().build());
    return v;
  }

  private static Sidecar sidecar(String name, String image) {
    Sidecar s = new Sidecar();
    s.setName(name);
    s.setImage(image);
    return s;
  }

  @Test
  void additionalVolumesMountedIntoTargets() {
    PodSpec pod =
        pod(
            Fixtures.config(),
            s -> {
              s.getVolume().setSubPath("$(POD_NAME)");
              s.getVolume().setIsSubPathExpr(true);
              s.setSidecars(List.of(sidecar("sidecar", "test-image")));
              s.setAdditionalVolumes(
                  List.of(
                      additional("test1", "/test1", null, null, List.of("all")),
                      additional("test2", "/test2", null, null, List.of("sidecar")),
                      additional("test3", "/test3", null, null, List.of()),
                      additional("test4", "/test4", null, null, null),
                      additional("test5", "/test5", "subpath", null, null),
                      additional("test6", "/test6", "$(POD_NAME)", true, null),
                      additional("dup", "/test1", null, null, List.of("all")),
                      additional("data", "/home/postgres/pgdata", null, null, List.of("all"))));
            });
    Container pg = container(pod, "postgres");
    assertThat(mountNames(pg))
        .containsExactlyInAnyOrder("pgdata", "dshm", "test1", "test3", "test4", "test5", "test6");
    assertThat(pg.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("pgdata"))
        .first()
        .satisfies(m -> assertThat(m.getSubPathExpr()).isEqualTo("$(POD_NAME)"));
    assertThat(pg.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("test5"))
        .first()
        .satisfies(m -> assertThat(m.getSubPath()).isEqualTo("subpath"));
    assertThat(pg.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("test6"))
        .first()
        .satisfies(m -> assertThat(m.getSubPathExpr()).isEqualTo("$(POD_NAME)"));
    Container side = container(pod, "sidecar");
    assertThat(mountNames(side)).containsExactlyInAnyOrder("pgdata", "test1", "test2");
    assertThat(side.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("pgdata"))
        .first()
        .satisfies(m -> assertThat(m.getSubPathExpr()).isEqualTo("$(POD_NAME)"));
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly("dshm", "test1", "test2", "test3", "test4", "test5", "test6");
  }

  @Test
  void tlsSecretMountedWithEnv() {
    PodSpec pod =
        pod(
            Fixtures.config(),
            s -> {
              TLSDescription tls = new TLSDescription();
              tls.setSecretName("my-secret");
              tls.setCaFile("ca.crt");
              s.setTls(tls);
              s.setSpiloFSGroup(103L);
            });
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(103L);
    Volume tls =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("my-secret"))
            .findFirst()
            .orElseThrow();
    assertThat(tls.getSecret().getSecretName()).isEqualTo("my-secret");
    assertThat(tls.getSecret().getDefaultMode()).isEqualTo(0640);
    Container pg = container(pod, "postgres");
    assertThat(pg.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("my-secret");
              assertThat(m.getMountPath()).isEqualTo("/tls");
            });
    assertThat(env(pg, "SSL_CERTIFICATE_FILE")).isEqualTo("/tls/tls.crt");
    assertThat(env(pg, "SSL_PRIVATE_KEY_FILE")).isEqualTo("/tls/tls.key");
    assertThat(env(pg, "SSL_CA_FILE")).isEqualTo("/tls/ca.crt");
  }

  @Test
  void tlsWithSeparateCaSecretAndAbsolutePaths() {
    PodSpec pod =
        pod(
            Fixtures.config(),
            s -> {
              TLSDescription tls = new TLSDescription();
              tls.setSecretName("my-secret");
              tls.setCertificateFile("/custom/cert.pem");
              tls.setCaFile("ca.crt");
              tls.setCaSecretName("my-ca");
              s.setTls(tls);
            });
    Container pg = container(pod, "postgres");
    assertThat(pg.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("my-ca");
              assertThat(m.getMountPath()).isEqualTo("/tlsca");
            });
    assertThat(env(pg, "SSL_CERTIFICATE_FILE")).isEqualTo("/custom/cert.pem");
    assertThat(env(pg, "SSL_CA_FILE")).isEqualTo("/tlsca/ca.crt");
  }

  @Test
  void emptyTlsSecretNameDisablesTls() {
    PodSpec pod = pod(Fixtures.config(), s -> s.setTls(new TLSDescription()));
    assertThat(container(pod, "postgres").getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("SSL_CERTIFICATE_FILE");
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  @Test
  void sidecarsMergedWithPrecedenceAndInjectedEnv() {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.DEFAULT_CPU_REQUEST, "200m")
            .withOverride(Options.MAX_CPU_REQUEST, "300m")
            .withOverride(Options.DEFAULT_CPU_LIMIT, "500m")
            .withOverride(Options.DEFAULT_MEMORY_REQUEST, "0.7Gi")
            .withOverride(Options.MAX_MEMORY_REQUEST, "1.0Gi")
            .withOverride(Options.DEFAULT_MEMORY_LIMIT, "1.3Gi")
            .withOverride(
                Options.SIDECAR_DOCKER_IMAGES, Map.of("deprecated-global-sidecar", "image:123"))
            .withOverride(
                Options.SIDECARS,
                List.of(
                    new ContainerBuilder()
                        .withName("global-sidecar")
                        .withImage("test-image")
                        .build(),
                    new ContainerBuilder()
                        .withName("replace-sidecar")
                        .withImage("replaced-image")
                        .build()))
            .withOverride(Options.SCALYR_API_KEY, "abc")
            .withOverride(Options.SCALYR_IMAGE, "scalyr-image")
            .withOverride(Options.SCALYR_SERVER_URL, "")
            .withOverride(Options.SCALYR_CPU_REQUEST, "220m")
            .withOverride(Options.SCALYR_CPU_LIMIT, "520m")
            .withOverride(Options.SCALYR_MEMORY_REQUEST, "0.9Gi")
            .withOverride(Options.SCALYR_MEMORY_LIMIT, "");
    Sidecar withResources = sidecar("cluster-specific-sidecar-with-resources", "test-image");
    withResources.setResources(Fixtures.resources("210m", "0.8Gi", "510m", "1.4Gi"));
    PodSpec pod =
        pod(
            config,
            s ->
                s.setSidecars(
                    List.of(
                        sidecar("cluster-specific-sidecar", "test-image"),
                        withResources,
                        sidecar("replace-sidecar", "override-image"))));

    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly(
            "postgres",
            "cluster-specific-sidecar",
            "cluster-specific-sidecar-with-resources",
            "replace-sidecar",
            "global-sidecar",
            "deprecated-global-sidecar",
            "scalyr-sidecar");
    List<String> injected =
        List.of("POD_NAME", "POD_NAMESPACE", "POSTGRES_USER", "POSTGRES_PASSWORD");
    for (Container c : pod.getContainers().subList(1, 7)) {
      assertThat(c.getEnv())
          .extracting(EnvVar::getName)
          .startsWith(injected.toArray(String[]::new));
      assertThat(c.getVolumeMounts()).extracting(VolumeMount::getName).containsExactly("pgdata");
    }
    Container plain = container(pod, "cluster-specific-sidecar");
    assertThat(plain.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(plain.getResources().getRequests().get("cpu").toString()).isEqualTo("200m");
    assertThat(plain.getResources().getLimits().get("memory").toString()).isEqualTo("1.3Gi");
    assertThat(plain.getEnv().get(3).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("postgres.acid-test-cluster.credentials.postgresql.acid.zalan.do");
    assertThat(plain.getEnv().get(2).getValue()).isEqualTo("postgres");
    // max requests apply to postgres only
    Container own = container(pod, "cluster-specific-sidecar-with-resources");
    assertThat(own.getResources().getRequests().get("cpu").toString()).isEqualTo("210m");
    assertThat(container(pod, "replace-sidecar").getImage()).isEqualTo("override-image");
    Container global = container(pod, "global-sidecar");
    assertThat(global.getResources()).isNull();
    assertThat(container(pod, "deprecated-global-sidecar").getImage()).isEqualTo("image:123");
    Container scalyr = container(pod, "scalyr-sidecar");
    assertThat(scalyr.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly(
            "POD_NAME",
            "POD_NAMESPACE",
            "POSTGRES_USER",
            "POSTGRES_PASSWORD",
            "SCALYR_API_KEY",
            "SCALYR_SERVER_HOST");
    assertThat(scalyr.getResources().getRequests().get("cpu").toString()).isEqualTo("220m");
    assertThat(scalyr.getResources().getLimits().get("memory").toString()).isEqualTo("1.3Gi");
  }

  @Test
  void sidecarWithoutNameGetsIndexName() {
    PodSpec pod = pod(Fixtures.config(), s -> s.setSidecars(List.of(sidecar(null, "img"))));
    assertThat(pod.getContainers().get(1).getName()).isEqualTo("sidecar-0");
  }

  @Test
  void containerValidation() {
    assertThatThrownBy(
            () ->
                pod(
                    Fixtures.config(),
                    s ->
                        s.setInitContainers(
                            List.of(
                                new ContainerBuilder().withName("invalid-initcontainer").build()))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("image is required");
    assertThatThrownBy(
            () ->
                pod(
                    Fixtures.config(
                        Options.SIDECARS,
                        List.of(new ContainerBuilder().withImage("test-image").build())),
                    s -> {}))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("name is required");
    assertThatThrownBy(
            () ->
                pod(
                    Fixtures.config(),
                    s -> s.setSidecars(List.of(sidecar("invalid-sidecar", null)))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("image is required");
    assertThatThrownBy(
            () -> pod(Fixtures.config(), s -> s.setInitContainers(List.of(new Container()))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("name is required");
    PodSpec valid =
        pod(
            Fixtures.config(),
            s -> {
              s.setSidecars(List.of(sidecar("valid-sidecar", "busybox:latest")));
              s.setInitContainers(
                  List.of(
                      new ContainerBuilder()
                          .withName("valid-initcontainer")
                          .withImage("alpine:latest")
                          .build()));
            });
    assertThat(valid.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("valid-initcontainer");
  }

  @Test
  void capabilitiesUpperCased() {
    assertThat(PostgresContainer.capabilities(null)).isNull();
    assertThat(PostgresContainer.capabilities(List.of())).isNull();
    assertThat(PostgresContainer.capabilities(List.of("SYS_NICE")).getAdd())
        .containsExactly("SYS_NICE");
    assertThat(PostgresContainer.capabilities(List.of("sys_nice", "CHOWN")).getAdd())
        .containsExactly("SYS_NICE", "CHOWN");
    PodSpec pod =
        pod(
            Fixtures.config(Options.ADDITIONAL_POD_CAPABILITIES, List.of("SYS_NICE"))
                .withOverride(Options.SPILO_PRIVILEGED, true)
                .withOverride(Options.SPILO_ALLOW_PRIVILEGE_ESCALATION, false),
            s -> {});
    var sc = pod.getContainers().get(0).getSecurityContext();
    assertThat(sc.getCapabilities().getAdd()).containsExactly("SYS_NICE");
    assertThat(sc.getPrivileged()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
  }

  @Test
  void envFromPassedThrough() {
    var envFrom =
        List.of(
            new EnvFromSourceBuilder()
                .withNewConfigMapRef()
                .withName("test-configmap")
                .endConfigMapRef()
                .build(),
            new EnvFromSourceBuilder()
                .withNewSecretRef()
                .withName("test-secret")
                .endSecretRef()
                .build());
    assertThat(
            pod(Fixtures.config(), s -> s.setEnvFrom(envFrom)).getContainers().get(0).getEnvFrom())
        .isEqualTo(envFrom);
  }

  @Test
  void securityContextFromConfigOverriddenByManifest() {
    OperatorConfig config =
        Fixtures.config()
            .withOverride(Options.SPILO_RUNASUSER, 101L)
            .withOverride(Options.SPILO_RUNASGROUP, 103L)
            .withOverride(Options.SPILO_FSGROUP, 103L);
    var sc = pod(config, s -> {}).getSecurityContext();
    assertThat(sc.getRunAsUser()).isEqualTo(101L);
    assertThat(sc.getRunAsGroup()).isEqualTo(103L);
    assertThat(sc.getFsGroup()).isEqualTo(103L);
    var own =
        pod(
                config,
                s -> {
                  s.setSpiloRunAsUser(1000L);
                  s.setSpiloFSGroup(2000L);
                })
            .getSecurityContext();
    assertThat(own.getRunAsUser()).isEqualTo(1000L);
    assertThat(own.getRunAsGroup()).isEqualTo(103L);
    assertThat(own.getFsGroup()).isEqualTo(2000L);
  }

  @Test
  void probes() {
    Container withReadiness =
        pod(Fixtures.config(Options.ENABLE_READINESS_PROBE, true), s -> {}).getContainers().get(0);
    assertThat(withReadiness.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readiness");
    assertThat(withReadiness.getReadinessProbe().getHttpGet().getPort().getIntVal())
        .isEqualTo(8008);
    assertThat(withReadiness.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(6);
    var configured =
        new ProbeBuilder()
            .withNewTcpSocket()
            .withNewPort(5432)
            .endTcpSocket()
            .withPeriodSeconds(20)
            .build();
    var manifest = new ProbeBuilder().withNewTcpSocket().withNewPort(8008).endTcpSocket().build();
    assertThat(
            pod(Fixtures.config(Options.LIVENESS_PROBE, configured), s -> {})
                .getContainers()
                .get(0)
                .getLivenessProbe())
        .isEqualTo(configured);
    assertThat(
            pod(
                    Fixtures.config(Options.LIVENESS_PROBE, configured),
                    s -> s.setLivenessProbe(manifest))
                .getContainers()
                .get(0)
                .getLivenessProbe())
        .isEqualTo(manifest);
  }

  @Test
  void schedulingOptions() {
    PodSpec pod =
        pod(
            Fixtures.config(Options.POD_PRIORITY_CLASS_NAME, "global-prio")
                .withOverride(Options.POD_TERMINATE_GRACE_PERIOD, java.time.Duration.ofSeconds(30))
                .withOverride(Options.POD_SERVICE_ACCOUNT_NAME, "my-sa"),
            s -> s.setSchedulerName("my-scheduler"));
    assertThat(pod.getPriorityClassName()).isEqualTo("global-prio");
    assertThat(pod.getSchedulerName()).isEqualTo("my-scheduler");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(pod.getServiceAccountName()).isEqualTo("my-sa");
    assertThat(
            pod(
                    Fixtures.config(Options.POD_PRIORITY_CLASS_NAME, "global-prio"),
                    s -> s.setPodPriorityClassName("own"))
                .getPriorityClassName())
        .isEqualTo("own");
  }

  /** cluster_test.go#TestPodAnnotations plus inherited annotations and kube2iam. */
  @Test
  void podAnnotationsMerge() {
    assertThat(template(Fixtures.config(), s -> {}).getMetadata().getAnnotations()).isNull();
    assertThat(
            template(Fixtures.config(Options.CUSTOM_POD_ANNOTATIONS, Map.of("foo", "bar")), s -> {})
                .getMetadata()
                .getAnnotations())
        .isEqualTo(Map.of("foo", "bar"));
    assertThat(
            template(Fixtures.config(), s -> s.setPodAnnotations(Map.of("foo", "bar")))
                .getMetadata()
                .getAnnotations())
        .isEqualTo(Map.of("foo", "bar"));
    assertThat(
            template(
                    Fixtures.config(
                        Options.CUSTOM_POD_ANNOTATIONS, Map.of("foo", "bar", "global", "foo")),
                    s -> s.setPodAnnotations(Map.of("foo", "baz", "local", "foo")))
                .getMetadata()
                .getAnnotations())
        .isEqualTo(Map.of("foo", "baz", "global", "foo", "local", "foo"));

    Postgresql pg = Fixtures.cluster();
    pg.getMetadata().setAnnotations(Map.of("owned-by", "acid", "other", "x"));
    OperatorConfig config =
        Fixtures.config(Options.INHERITED_ANNOTATIONS, List.of("owned-by"))
            .withOverride(Options.KUBE_IAM_ROLE, "my-role");
    assertThat(PodTemplate.build(Fixtures.model(pg, config)).getMetadata().getAnnotations())
        .isEqualTo(Map.of("owned-by", "acid", "iam.amazonaws.com/role", "my-role"));
  }
}
