package io.tusk.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a loaded configuration for values the operator cannot work with, and applies Zalando's
 * value adjustments.
 *
 * <p>Mirrors Zalando's {@code config.go#validate}, the rotation-retention adjustment of {@code
 * cluster/database.go#cleanupRotatedUsers} and the enum constraints of the OperatorConfiguration
 * CRD schema (v2.0.1). Unlike Zalando, which panics on the first (actually: the last) problem and
 * checks enums only through the API server, every problem is collected and reported at once, in
 * both configuration modes.
 */
final class ConfigValidator {

  /** Allowed values of string options with a fixed vocabulary (from the CRD schema enums). */
  private static final Map<Option<String>, Set<String>> ENUMS =
      Map.of(
          Options.MAJOR_VERSION_UPGRADE_MODE, Set.of("off", "manual", "full"),
          Options.STORAGE_RESIZE_MODE, Set.of("ebs", "mixed", "pvc", "off"),
          Options.POD_MANAGEMENT_POLICY, Set.of("ordered_ready", "parallel"),
          Options.EXTERNAL_TRAFFIC_POLICY, Set.of("Cluster", "Local"),
          Options.CONNECTION_POOLER_MODE, Set.of("session", "transaction"),
          Options.LOGICAL_BACKUP_PROVIDER, Set.of("s3", "gcs", "az"),
          Options.NODE_READINESS_LABEL_MERGE, Set.of("", "OR", "AND"));

  private ConfigValidator() {}

  /**
   * Validates {@code config} and returns it, possibly adjusted; adjustments are reported in {@code
   * warnings}.
   *
   * @throws InvalidConfigurationException listing every problem
   */
  static OperatorConfig validate(OperatorConfig config, List<String> warnings) {
    List<String> problems = new ArrayList<>();

    int min = config.get(Options.MIN_INSTANCES);
    int max = config.get(Options.MAX_INSTANCES);
    if (min >= 0 && max >= 0 && min > max) {
      problems.add(
          "min_instances: "
              + min
              + " is higher than max_instances "
              + max
              + " (use -1 to disable either limit)");
    }
    if (config.get(Options.WORKERS) <= 0) {
      problems.add("workers: must be greater than 0, got " + config.get(Options.WORKERS));
    }
    Integer poolerInstances = config.get(Options.CONNECTION_POOLER_NUMBER_OF_INSTANCES);
    if (poolerInstances == null || poolerInstances < 1) {
      problems.add(
          "connection_pooler_number_of_instances: must be at least 1, got " + poolerInstances);
    }
    String poolerUser = config.get(Options.CONNECTION_POOLER_USER);
    if (poolerUser.equals(config.get(Options.SUPER_USERNAME))) {
      problems.add(
          "connection_pooler_user: must differ from super_username, both are '" + poolerUser + "'");
    }
    requireNonNegative(config, Options.PASSWORD_ROTATION_INTERVAL, problems);
    requireNonNegative(config, Options.PASSWORD_ROTATION_USER_RETENTION, problems);
    requireNonNegative(config, Options.LOGICAL_BACKUP_SUCCESSFUL_JOBS_HISTORY_LIMIT, problems);
    requireNonNegative(config, Options.LOGICAL_BACKUP_FAILED_JOBS_HISTORY_LIMIT, problems);
    requireNonNegative(config, Options.LOGICAL_BACKUP_TTL_SECONDS_AFTER_FINISHED, problems);
    ENUMS.forEach(
        (option, allowed) -> {
          String value = config.get(option);
          if (!allowed.contains(value)) {
            problems.add(
                option.key()
                    + ": '"
                    + value
                    + "' is not one of "
                    + allowed.stream().filter(v -> !v.isEmpty()).sorted().toList());
          }
        });
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }

    int interval = config.get(Options.PASSWORD_ROTATION_INTERVAL);
    int retention = config.get(Options.PASSWORD_ROTATION_USER_RETENTION);
    if (retention < 2 * interval) {
      warnings.add(
          "password_rotation_user_retention: "
              + retention
              + " days is less than twice password_rotation_interval ("
              + interval
              + "); using "
              + (2 * interval));
      return config.withOverride(Options.PASSWORD_ROTATION_USER_RETENTION, 2 * interval);
    }
    return config;
  }

  private static void requireNonNegative(
      OperatorConfig config, Option<Integer> option, List<String> problems) {
    Integer value = config.get(option);
    if (value != null && value < 0) {
      problems.add(option.key() + ": must not be negative, got " + value);
    }
  }
}
