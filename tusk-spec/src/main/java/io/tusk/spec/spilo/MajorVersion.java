package io.tusk.spec.spilo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.pod.ContainerResources;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL major version the pods should run. Mirrors {@code
 * majorversionupgrade.go#GetDesiredMajorVersion} (v2.0.1): the manifest's {@code
 * postgresql.version}, except in {@code major_version_upgrade_mode: full} where versions below
 * {@code minimal_major_version} are raised to {@code target_major_version}. What a running
 * cluster's pods are given is {@link #applied}: the desired version, unless {@link
 * MajorVersionChange} keeps the one the cluster runs.
 */
public final class MajorVersion {

  /** {@code bin_dir} in {@code SPILO_CONFIGURATION} when {@code PGVERSION} is not used. */
  private static final Pattern BIN_DIR =
      Pattern.compile("\"bin_dir\"\\s*:\\s*\"/usr/lib/postgresql/([^/\"]+)/bin\"");

  private MajorVersion() {}

  /** The version the StatefulSet is given: {@link MajorVersionChange#of}'s {@code applied}. */
  public static String applied(ClusterModel model) {
    return MajorVersionChange.of(model).applied();
  }

  /**
   * The major version a live StatefulSet sets its pods to run: the {@code PGVERSION} of the
   * postgres container, else the version in {@code postgresql.bin_dir} of its {@code
   * SPILO_CONFIGURATION} ({@code enable_pgversion_env_var: false}); empty when it names none.
   */
  public static Optional<String> running(StatefulSet statefulSet) {
    if (statefulSet == null
        || statefulSet.getSpec() == null
        || statefulSet.getSpec().getTemplate() == null
        || statefulSet.getSpec().getTemplate().getSpec() == null) {
      return Optional.empty();
    }
    List<Container> containers = statefulSet.getSpec().getTemplate().getSpec().getContainers();
    if (containers == null) {
      return Optional.empty();
    }
    Optional<Container> postgres =
        containers.stream()
            .filter(c -> ContainerResources.POSTGRES_CONTAINER.equals(c.getName()))
            .findFirst();
    List<EnvVar> env = postgres.map(Container::getEnv).orElse(null);
    if (env == null) {
      return Optional.empty();
    }
    Optional<String> pgVersion = value(env, "PGVERSION");
    if (pgVersion.isPresent()) {
      return pgVersion;
    }
    return value(env, "SPILO_CONFIGURATION")
        .map(BIN_DIR::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1));
  }

  private static Optional<String> value(List<EnvVar> env, String name) {
    return env.stream()
        .filter(e -> name.equals(e.getName()))
        .map(EnvVar::getValue)
        .filter(v -> v != null && !v.isBlank())
        .findFirst();
  }

  public static String desired(ClusterModel model) {
    String version =
        model.spec().getPostgresql() == null ? "" : model.spec().getPostgresql().getVersion();
    version = version == null ? "" : version;
    if ("full".equals(model.config().get(Options.MAJOR_VERSION_UPGRADE_MODE))
        && toInt(model.config().get(Options.MINIMAL_MAJOR_VERSION)) > toInt(version)) {
      return model.config().get(Options.TARGET_MAJOR_VERSION);
    }
    return version;
  }

  /** Go's {@code strconv.Atoi} with errors mapped to 0, as Zalando's comparison does. */
  public static int toInt(String s) {
    try {
      return Integer.parseInt(s == null ? "" : s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
