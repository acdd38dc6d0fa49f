package io.tusk.spec.validate;

import io.fabric8.kubernetes.api.model.Container;
import io.tusk.api.acid.v1.AdditionalVolume;
import io.tusk.api.acid.v1.CloneDescription;
import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.MaintenanceWindow;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.ResourceDescription;
import io.tusk.api.acid.v1.Resources;
import io.tusk.api.acid.v1.Sidecar;
import io.tusk.api.acid.v1.StandbyDescription;
import io.tusk.api.acid.v1.ValidationPatterns;
import io.tusk.api.acid.v1.Volume;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.backup.BackupAnnotations;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.pod.Quantities;
import io.tusk.spec.roles.ClusterRoles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a {@code postgresql} manifest is {@code Invalid}, listing every reason with the
 * JSON path of the field. Pure; run before building objects.
 *
 * <p>Covers what Zalando rejects in code ({@code util.go#ExtractClusterName} with {@code
 * enable_team_id_clustername_prefix}, {@code validateCloneClusterDescription}, {@code
 * MaintenanceWindow.UnmarshalJSON}, {@code initRobotUsers}/{@code normalizeUserFlags}, {@code
 * validateContainers}, quantity parsing in {@code generateStatefulSet}) and what its CRD schema
 * rejects (required fields, minimums, patterns, enums), so that a manifest applied with {@code
 * --validate=false} or against Tusk's own CRD gets the same verdict.
 *
 * <p>Stricter than Zalando: manifest users named like a protected role ({@code
 * protected_role_names}) or a system role ({@code super_username}, {@code replication_username},
 * the pooler user) are rejected; Zalando silently skips them. Init containers and manifest sidecars
 * while {@code enable_init_containers}/{@code enable_sidecars} is off are rejected up front;
 * Zalando logs a warning and lets the StatefulSet update fail.
 */
public final class ManifestValidator {

  private static final Set<String> SUPPORTED_VERSIONS = Set.of("14", "15", "16", "17", "18");
  private static final Pattern QUANTITY = Pattern.compile(ValidationPatterns.QUANTITY);
  private static final Pattern CPU = Pattern.compile(ValidationPatterns.CPU);
  private static final Pattern CRON = Pattern.compile(ValidationPatterns.CRON);
  private static final Pattern CIDR = Pattern.compile(ValidationPatterns.CIDR);
  private static final Pattern WINDOW = Pattern.compile(ValidationPatterns.MAINTENANCE_WINDOW);
  private static final Pattern TIMESTAMP = Pattern.compile(ValidationPatterns.RFC3339_WITH_OFFSET);
  private static final Set<String> POOLER_MODES = Set.of("session", "transaction");

  private ManifestValidator() {}

  /** All violations, empty when the manifest is valid. */
  public static List<Violation> validate(Postgresql cluster, OperatorConfig config) {
    return check(cluster, config).errors();
  }

  /**
   * Values Zalando accepts with a log line only (it clamps, ignores or falls back), which Tusk
   * accepts too but reports as Warnings, naming the field. Empty for an invalid manifest.
   */
  public static List<Violation> warnings(Postgresql cluster, OperatorConfig config) {
    return check(cluster, config).warnings();
  }

  /**
   * The verdict on a manifest.
   *
   * @param errors what makes it {@code Invalid}
   * @param warnings what Tusk accepts but reports (see {@link #warnings})
   */
  public record Verdict(List<Violation> errors, List<Violation> warnings) {

    public Verdict {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }
  }

  /** Errors and warnings of a manifest. */
  public static Verdict check(Postgresql cluster, OperatorConfig config) {
    List<Violation> v = new ArrayList<>();
    List<Violation> w = new ArrayList<>();
    validate(cluster, config, v, w);
    return new Verdict(v, v.isEmpty() ? w : List.of());
  }

  private static void validate(
      Postgresql cluster, OperatorConfig config, List<Violation> v, List<Violation> w) {
    String name = cluster.getMetadata() == null ? null : cluster.getMetadata().getName();
    validateName(v, name);
    PostgresSpec spec = cluster.getSpec();
    if (spec == null) {
      v.add(new Violation("spec", "is required"));
      return;
    }
    if (spec.getTeamId() == null) {
      v.add(new Violation("spec.teamId", "is required"));
    }
    if (name != null
        && Boolean.TRUE.equals(config.get(Options.ENABLE_TEAM_ID_CLUSTERNAME_PREFIX))) {
      ClusterNames.teamPrefixProblem(name, spec.getTeamId())
          .ifPresent(reason -> v.add(new Violation("metadata.name", reason)));
    }
    if (spec.getNumberOfInstances() == null) {
      v.add(new Violation("spec.numberOfInstances", "is required"));
    } else if (spec.getNumberOfInstances() < 0) {
      v.add(new Violation("spec.numberOfInstances", "must be greater than or equal to 0"));
    }
    validatePostgresql(v, spec);
    validateVolume(v, spec.getVolume());
    validateResources(v, spec.getResources(), "spec.resources");
    validateUsers(v, cluster, config);
    validateMaintenanceWindows(v, spec.getMaintenanceWindows());
    validateClone(v, spec.getClone());
    validateStandby(v, spec.getStandby());
    validateSourceRanges(v, spec.getAllowedSourceRanges());
    if (spec.getLogicalBackupSchedule() != null
        && !spec.getLogicalBackupSchedule().isEmpty()
        && !CRON.matcher(spec.getLogicalBackupSchedule()).matches()) {
      v.add(
          new Violation(
              "spec.logicalBackupSchedule", "must be a cron schedule like \"30 00 * * *\""));
    }
    validateBackupAnnotations(v, cluster);
    validateContainers(v, spec, config);
    validateAdditionalVolumes(v, spec.getAdditionalVolumes());
    validatePooler(v, spec.getConnectionPooler());
    if (spec.getTls() != null && spec.getTls().getSecretName() == null) {
      v.add(new Violation("spec.tls.secretName", "is required"));
    }
    CrossChecks.check(cluster, config, v, w);
  }

  private static void validateName(List<Violation> v, String name) {
    if (name == null || name.isEmpty()) {
      v.add(new Violation("metadata.name", "is required"));
      return;
    }
    if (name.length() > ClusterNames.CLUSTER_NAME_MAX_LENGTH) {
      v.add(
          new Violation(
              "metadata.name",
              "must be no longer than " + ClusterNames.CLUSTER_NAME_MAX_LENGTH + " characters"));
    }
    if (!ClusterNames.DNS_1035.matcher(name).matches()) {
      v.add(
          new Violation(
              "metadata.name",
              "must conform to DNS-1035 (regex \"" + ClusterNames.DNS_1035.pattern() + "\")"));
    }
  }

  private static void validatePostgresql(List<Violation> v, PostgresSpec spec) {
    if (spec.getPostgresql() == null) {
      v.add(new Violation("spec.postgresql", "is required"));
      return;
    }
    String version = spec.getPostgresql().getVersion();
    if (version == null || version.isEmpty()) {
      v.add(new Violation("spec.postgresql.version", "is required"));
    } else if (!SUPPORTED_VERSIONS.contains(version)) {
      v.add(
          new Violation(
              "spec.postgresql.version",
              "unsupported version \"" + version + "\", must be one of 14, 15, 16, 17, 18"));
    }
  }

  private static void validateVolume(List<Violation> v, Volume volume) {
    if (volume == null) {
      v.add(new Violation("spec.volume", "is required"));
      return;
    }
    String size = volume.getSize();
    if (size == null || size.isEmpty()) {
      v.add(new Violation("spec.volume.size", "is required"));
    } else if (!QUANTITY.matcher(size).matches() || !Quantities.isValid(size)) {
      v.add(new Violation("spec.volume.size", "\"" + size + "\" is not a valid quantity"));
    }
    if (volume.getIops() != null && volume.getIops() > 80000) {
      v.add(new Violation("spec.volume.iops", "must be less than or equal to 80000"));
    }
    if (volume.getThroughput() != null && volume.getThroughput() > 2000) {
      v.add(new Violation("spec.volume.throughput", "must be less than or equal to 2000"));
    }
  }

  private static void validateResources(List<Violation> v, Resources resources, String field) {
    if (resources == null) {
      return;
    }
    validateResourceDescription(v, resources.getRequests(), field + ".requests");
    validateResourceDescription(v, resources.getLimits(), field + ".limits");
  }

  private static void validateResourceDescription(
      List<Violation> v, ResourceDescription d, String field) {
    if (d == null) {
      return;
    }
    if (d.getCpu() != null && !d.getCpu().isEmpty() && !CPU.matcher(d.getCpu()).matches()) {
      v.add(new Violation(field + ".cpu", "\"" + d.getCpu() + "\" is not a valid CPU quantity"));
    }
    checkQuantity(v, d.getMemory(), field + ".memory");
    checkQuantity(v, d.getHugepages2Mi(), field + ".hugepages-2Mi");
    checkQuantity(v, d.getHugepages1Gi(), field + ".hugepages-1Gi");
  }

  private static void validateBackupAnnotations(List<Violation> v, Postgresql cluster) {
    Map<String, String> annotations =
        cluster.getMetadata() == null || cluster.getMetadata().getAnnotations() == null
            ? Map.of()
            : cluster.getMetadata().getAnnotations();
    String schedule = annotations.get(BackupAnnotations.SCHEDULE);
    if (schedule != null && !CRON.matcher(schedule.strip()).matches()) {
      v.add(
          new Violation(
              "metadata.annotations[" + BackupAnnotations.SCHEDULE + "]",
              "must be a cron schedule like \"0 1 * * *\""));
    }
    String retain = annotations.get(BackupAnnotations.RETAIN);
    if (retain != null && !retain.strip().matches("[1-9]\\d{0,3}")) {
      v.add(
          new Violation(
              "metadata.annotations[" + BackupAnnotations.RETAIN + "]",
              "must be a number of backups from 1 to 9999"));
    }
  }

  private static void checkQuantity(List<Violation> v, String value, String field) {
    if (value != null && !value.isEmpty() && !QUANTITY.matcher(value).matches()) {
      v.add(new Violation(field, "\"" + value + "\" is not a valid quantity"));
    }
  }

  /** Manifest users, as the one role derivation sees them ({@link ClusterRoles}). */
  private static void validateUsers(List<Violation> v, Postgresql cluster, OperatorConfig config) {
    if (cluster.getSpec().getUsers() == null) {
      return;
    }
    ClusterRoles.of(cluster, config).problems().stream()
        .filter(p -> p.field() != null)
        .sorted(Comparator.comparing(ClusterRoles.Problem::role))
        .forEach(p -> v.add(new Violation(p.field(), p.reason())));
  }

  private static void validateMaintenanceWindows(List<Violation> v, List<String> windows) {
    if (windows == null) {
      return;
    }
    for (int i = 0; i < windows.size(); i++) {
      String w = windows.get(i);
      String field = "spec.maintenanceWindows[" + i + "]";
      try {
        MaintenanceWindow parsed = MaintenanceWindow.parse(w);
        if (!WINDOW.matcher(w).matches()) {
          v.add(new Violation(field, "\"" + w + "\" must have the form [Ddd:]HH:MM-HH:MM"));
        } else if (parsed.end().isBefore(parsed.start())) {
          v.add(new Violation(field, "'From' time must be prior to the 'To' time"));
        }
      } catch (IllegalArgumentException ex) {
        v.add(new Violation(field, ex.getMessage()));
      }
    }
  }

  private static void validateClone(List<Violation> v, CloneDescription clone) {
    if (clone == null) {
      return;
    }
    String cluster = clone.getCluster();
    if (cluster == null || cluster.isEmpty()) {
      v.add(new Violation("spec.clone.cluster", "is required"));
    } else if (clone.getTimestamp() == null || clone.getTimestamp().isEmpty()) {
      // Cloning a running cluster connects to its service: the name must be a service name.
      if (!ClusterNames.DNS_1035.matcher(cluster).matches()) {
        v.add(
            new Violation(
                "spec.clone.cluster",
                "clone cluster name must confirm to DNS-1035, regex used for validation is \""
                    + ClusterNames.DNS_1035.pattern()
                    + "\""));
      }
      if (cluster.length() > ClusterNames.SERVICE_NAME_MAX_LENGTH) {
        v.add(
            new Violation(
                "spec.clone.cluster",
                "clone cluster name must be no longer than "
                    + ClusterNames.SERVICE_NAME_MAX_LENGTH
                    + " characters"));
      }
    }
    if (clone.getTimestamp() != null
        && !clone.getTimestamp().isEmpty()
        && !TIMESTAMP.matcher(clone.getTimestamp()).matches()) {
      v.add(
          new Violation(
              "spec.clone.timestamp",
              "must be an RFC 3339 date-time with a UTC offset, e.g. 2017-12-19T12:40:33+01:00"));
    }
  }

  private static void validateStandby(List<Violation> v, StandbyDescription standby) {
    if (standby == null) {
      return;
    }
    boolean s3 = notEmpty(standby.getS3WalPath());
    boolean gs = notEmpty(standby.getGsWalPath());
    boolean host = notEmpty(standby.getStandbyHost());
    if (s3 && gs) {
      v.add(new Violation("spec.standby", "s3_wal_path and gs_wal_path are mutually exclusive"));
    }
    if (!s3 && !gs && !host) {
      v.add(
          new Violation(
              "spec.standby", "one of s3_wal_path, gs_wal_path or standby_host is required"));
    }
  }

  private static void validateSourceRanges(List<Violation> v, List<String> ranges) {
    if (ranges == null) {
      return;
    }
    for (int i = 0; i < ranges.size(); i++) {
      String r = ranges.get(i);
      if (r == null || !CIDR.matcher(r).matches()) {
        v.add(
            new Violation(
                "spec.allowedSourceRanges[" + i + "]",
                "\"" + r + "\" is not an IPv4 or IPv6 CIDR"));
      }
    }
  }

  private static void validateContainers(
      List<Violation> v, PostgresSpec spec, OperatorConfig config) {
    List<Sidecar> sidecars = spec.getSidecars();
    if (sidecars != null && !sidecars.isEmpty()) {
      if (Boolean.FALSE.equals(config.get(Options.ENABLE_SIDECARS))) {
        v.add(
            new Violation(
                "spec.sidecars",
                "sidecars are disabled in the operator configuration (enable_sidecars)"));
      }
      for (int i = 0; i < sidecars.size(); i++) {
        Sidecar s = sidecars.get(i);
        if (s == null || s.getImage() == null || s.getImage().isEmpty()) {
          v.add(new Violation("spec.sidecars[" + i + "].image", "image is required"));
        }
        if (s != null) {
          validateResources(v, s.getResources(), "spec.sidecars[" + i + "].resources");
        }
      }
    }
    List<Container> init = spec.getInitContainers();
    if (init != null && !init.isEmpty()) {
      if (Boolean.FALSE.equals(config.get(Options.ENABLE_INIT_CONTAINERS))) {
        v.add(
            new Violation(
                "spec.initContainers",
                "init containers are disabled in the operator configuration"
                    + " (enable_init_containers)"));
      }
      for (int i = 0; i < init.size(); i++) {
        Container c = init.get(i);
        if (c == null || c.getName() == null || c.getName().isEmpty()) {
          v.add(new Violation("spec.initContainers[" + i + "].name", "name is required"));
        }
        if (c == null || c.getImage() == null || c.getImage().isEmpty()) {
          v.add(new Violation("spec.initContainers[" + i + "].image", "image is required"));
        }
      }
    }
  }

  private static void validateAdditionalVolumes(List<Violation> v, List<AdditionalVolume> volumes) {
    if (volumes == null) {
      return;
    }
    for (int i = 0; i < volumes.size(); i++) {
      AdditionalVolume av = volumes.get(i);
      String field = "spec.additionalVolumes[" + i + "]";
      if (av == null) {
        v.add(new Violation(field, "must not be null"));
        continue;
      }
      if (!notEmpty(av.getName())) {
        v.add(new Violation(field + ".name", "is required"));
      }
      if (!notEmpty(av.getMountPath())) {
        v.add(new Violation(field + ".mountPath", "is required"));
      }
      if (av.getVolumeSource() == null) {
        v.add(new Violation(field + ".volumeSource", "is required"));
      }
    }
  }

  private static void validatePooler(List<Violation> v, ConnectionPooler pooler) {
    if (pooler == null) {
      return;
    }
    if (pooler.getNumberOfInstances() != null && pooler.getNumberOfInstances() < 1) {
      v.add(
          new Violation(
              "spec.connectionPooler.numberOfInstances", "must be greater than or equal to 1"));
    }
    if (pooler.getMode() != null
        && !pooler.getMode().isEmpty()
        && !POOLER_MODES.contains(pooler.getMode())) {
      v.add(new Violation("spec.connectionPooler.mode", "must be \"session\" or \"transaction\""));
    }
    validateResources(v, pooler.getResources(), "spec.connectionPooler.resources");
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
