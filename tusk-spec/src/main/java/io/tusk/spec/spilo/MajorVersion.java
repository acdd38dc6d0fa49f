package io.tusk.spec.spilo;

import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;

/**
 * The PostgreSQL major version the pods should run. Mirrors {@code
 * majorversionupgrade.go#GetDesiredMajorVersion} (v2.0.1): the manifest's {@code
 * postgresql.version}, except in {@code major_version_upgrade_mode: full} where versions below
 * {@code minimal_major_version} are raised to {@code target_major_version}.
 */
public final class MajorVersion {

  private MajorVersion() {}

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
  static int toInt(String s) {
    try {
      return Integer.parseInt(s == null ? "" : s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
