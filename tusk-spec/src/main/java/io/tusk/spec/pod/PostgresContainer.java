package io.tusk.spec.pod;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.PostgresqlParam;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.spilo.EnvVars;
import io.tusk.spec.spilo.MajorVersionChange;
import io.tusk.spec.spilo.SpiloConfiguration;
import io.tusk.spec.spilo.SpiloEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code postgres} container running Spilo. Mirrors {@code k8sres.go#generateContainer}, {@code
 * generateSpiloReadinessProbe}, {@code generateSpiloLivenessProbe} and {@code generateCapabilities}
 * as used by {@code generateStatefulSet} (v2.0.1): image from the manifest's {@code dockerImage} or
 * {@code docker_image}, ports 8008 (Patroni), 5432 and 8080 (unnamed, TCP), the Spilo environment
 * plus TLS variables, the manifest's {@code envFrom}, the {@code pgdata} mount, and the configured
 * privilege settings.
 */
public final class PostgresContainer {

  public static final int PATRONI_PORT = 8008;
  public static final int POSTGRES_PORT = 5432;
  public static final int OPERATOR_UI_PORT = 8080;

  private PostgresContainer() {}

  /** The container, with only the {@code pgdata} mount (the pod template adds the rest). */
  public static Container build(ClusterModel model, VolumeMount dataMount) {
    OperatorConfig config = model.config();
    PostgresSpec spec = model.spec();

    String spiloConfiguration =
        SpiloConfiguration.build(
            spec.getPostgresql(),
            spec.getPatroni(),
            Boolean.TRUE.equals(config.get(Options.ENABLE_PGVERSION_ENV_VAR)),
            config.get(Options.ENABLE_PATRONI_FAILSAFE_MODE),
            binDirVersion(model));
    List<EnvVar> env = SpiloEnv.build(model, spiloConfiguration);
    if (PodVolumes.tlsEnabled(spec)) {
      env = EnvVars.appendIfAbsent(env, PodVolumes.tlsEnv(spec.getTls()));
    }

    String image =
        spec.getDockerImage() == null || spec.getDockerImage().isEmpty()
            ? config.get(Options.DOCKER_IMAGE)
            : spec.getDockerImage();

    ContainerBuilder container =
        new ContainerBuilder()
            .withName(ContainerResources.POSTGRES_CONTAINER)
            .withImage(image)
            .withImagePullPolicy("IfNotPresent")
            .withResources(
                ContainerResources.build(
                    model,
                    spec.getResources(),
                    ContainerResources.defaults(config),
                    ContainerResources.POSTGRES_CONTAINER,
                    "spec.resources"))
            .withPorts(
                new ContainerPortBuilder()
                    .withContainerPort(PATRONI_PORT)
                    .withProtocol("TCP")
                    .build(),
                new ContainerPortBuilder()
                    .withContainerPort(POSTGRES_PORT)
                    .withProtocol("TCP")
                    .build(),
                new ContainerPortBuilder()
                    .withContainerPort(OPERATOR_UI_PORT)
                    .withProtocol("TCP")
                    .build())
            .withVolumeMounts(new ArrayList<>(List.of(dataMount)))
            .withEnv(env)
            .withEnvFrom(
                spec.getEnvFrom() == null || spec.getEnvFrom().isEmpty()
                    ? null
                    : List.copyOf(spec.getEnvFrom()))
            .withSecurityContext(
                new SecurityContextBuilder()
                    .withAllowPrivilegeEscalation(
                        config.get(Options.SPILO_ALLOW_PRIVILEGE_ESCALATION))
                    .withPrivileged(Boolean.TRUE.equals(config.get(Options.SPILO_PRIVILEGED)))
                    .withReadOnlyRootFilesystem(false)
                    .withCapabilities(capabilities(config.get(Options.ADDITIONAL_POD_CAPABILITIES)))
                    .build());

    // Patroni answers 200 only when it holds the leader lock or Postgres runs and the DCS is
    // reachable.
    if (Boolean.TRUE.equals(config.get(Options.ENABLE_READINESS_PROBE))) {
      container.withReadinessProbe(readinessProbe());
    }
    Probe liveness =
        spec.getLivenessProbe() != null
            ? spec.getLivenessProbe()
            : config.get(Options.LIVENESS_PROBE);
    if (liveness != null) {
      container.withLivenessProbe(liveness);
    }
    return container.build();
  }

  /**
   * The version in {@code bin_dir}: the manifest's {@code postgresql.version} (as Zalando renders
   * it), or the running one that {@link MajorVersionChange} keeps.
   */
  private static String binDirVersion(ClusterModel model) {
    PostgresqlParam postgresql = model.spec().getPostgresql();
    return MajorVersionChange.decide(
            postgresql == null ? null : postgresql.getVersion(),
            model.observed().runningMajorVersion(),
            model.observed().majorVersionChangeAllowed())
        .applied();
  }

  /** {@code GET /readiness} on the Patroni port. */
  public static Probe readinessProbe() {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/readiness")
        .withPort(new IntOrString(PATRONI_PORT))
        .withScheme("HTTP")
        .endHttpGet()
        .withInitialDelaySeconds(6)
        .withPeriodSeconds(10)
        .withSuccessThreshold(1)
        .withTimeoutSeconds(5)
        .withFailureThreshold(3)
        .build();
  }

  /** {@code additional_pod_capabilities} upper-cased, or {@code null} when none. */
  public static Capabilities capabilities(List<String> configured) {
    if (configured == null || configured.isEmpty()) {
      return null;
    }
    List<String> add = new ArrayList<>();
    for (String c : configured) {
      add.add(c.toUpperCase(Locale.ROOT));
    }
    return new CapabilitiesBuilder().withAdd(add).build();
  }
}
