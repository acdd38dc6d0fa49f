package io.tusk.spec.naming;

import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.PostgresRole;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of every object Tusk creates for a cluster, following Zalando's conventions exactly (users'
 * applications, Spilo and dashboards rely on them). Mirrors {@code
 * k8sres.go#statefulSetName/serviceName/PrimaryPodDisruptionBudgetName}, {@code
 * util.go#credentialSecretName/dnsName} and {@code connection_pooler.go#connectionPoolerName}
 * (v2.0.1).
 */
public final class ClusterNames {

  /** Kubernetes service names are DNS-1035 labels of at most 63 characters. */
  public static final int SERVICE_NAME_MAX_LENGTH = 63;

  /** A cluster name leaves room for the {@code -repl} suffix of the replica service. */
  public static final int CLUSTER_NAME_MAX_LENGTH = SERVICE_NAME_MAX_LENGTH - "-repl".length();

  /** Zalando's {@code serviceNameRegexString} (DNS-1035 label). */
  public static final Pattern DNS_1035 = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");

  /** Name of the data volume and of the StatefulSet's volume claim template. */
  public static final String DATA_VOLUME = "pgdata";

  /** {@code {tprkind}} in the secret name template. */
  public static final String TPR_KIND = "postgresql";

  /** {@code {tprgroup}} in the secret name template. */
  public static final String TPR_GROUP = Postgresql.GROUP;

  private static final int CRONJOB_NAME_MAX_LENGTH = 52;

  private final String cluster;
  private final String namespace;
  private final String team;
  private final OperatorConfig config;

  private ClusterNames(String cluster, String namespace, String team, OperatorConfig config) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.team = team;
    this.config = config;
  }

  public static ClusterNames of(ClusterModel model) {
    return new ClusterNames(model.name(), model.namespace(), model.teamId(), model.config());
  }

  public static ClusterNames of(
      String cluster, String namespace, String team, OperatorConfig config) {
    return new ClusterNames(cluster, namespace, team == null ? "" : team, config);
  }

  /** The cluster name ({@code metadata.name}). */
  public String cluster() {
    return cluster;
  }

  /** StatefulSet {@code {cluster}}. */
  public String statefulSet() {
    return cluster;
  }

  /** Service per role: {@code {cluster}} for the master, {@code {cluster}-repl} for replicas. */
  public String service(PostgresRole role) {
    return role == PostgresRole.REPLICA ? cluster + "-repl" : cluster;
  }

  /**
   * The master Endpoints {@code {cluster}} (endpoints mode: Patroni's leader object) and the
   * replica Endpoints {@code {cluster}-repl} maintained by the replica service.
   */
  public String endpoints(PostgresRole role) {
    return service(role);
  }

  /** Patroni's headless service and config object {@code {cluster}-config}. */
  public String patroniConfig() {
    return cluster + "-config";
  }

  /**
   * Objects Patroni itself creates in the DCS: {@code -leader} (configmaps mode only; in endpoints
   * mode the leader object is {@code {cluster}} itself), {@code -config}, {@code -failover}, {@code
   * -sync}.
   */
  public List<String> patroniDcsObjects(boolean configMaps) {
    return configMaps
        ? List.of(
            cluster + "-leader", cluster + "-config", cluster + "-failover", cluster + "-sync")
        : List.of(cluster, cluster + "-config", cluster + "-failover", cluster + "-sync");
  }

  /** Pod {@code {cluster}-{ordinal}}. */
  public String pod(int ordinal) {
    return cluster + "-" + ordinal;
  }

  /** PersistentVolumeClaim {@code pgdata-{cluster}-{ordinal}} created from the claim template. */
  public String persistentVolumeClaim(int ordinal) {
    return DATA_VOLUME + "-" + pod(ordinal);
  }

  /**
   * Credentials Secret of a role in this cluster (see {@link #credentialSecret(String, String)}).
   */
  public String credentialSecret(String username) {
    return credentialSecret(username, cluster);
  }

  /**
   * Credentials Secret of a role in the given cluster, from {@code secret_name_template} (default
   * {@code {username}.{cluster}.credentials.{tprkind}.{tprgroup}}). Underscores in the user name
   * become dashes because Secret names must be DNS subdomains; a {@code namespace.user} role keeps
   * its dot, so the namespace becomes part of the name.
   */
  public String credentialSecret(String username, String clusterName) {
    return format(
        config.get(Options.SECRET_NAME_TEMPLATE),
        "username",
        username.replace('_', '-'),
        "cluster",
        clusterName,
        "tprkind",
        TPR_KIND,
        "tprgroup",
        TPR_GROUP);
  }

  /**
   * Primary PodDisruptionBudget from {@code pdb_name_format} (default {@code
   * postgres-{cluster}-pdb}).
   */
  public String primaryPodDisruptionBudget() {
    return format(config.get(Options.PDB_NAME_FORMAT), "cluster", cluster);
  }

  /**
   * PodDisruptionBudget guarding critical operations: {@code postgres-{cluster}-critical-op-pdb}.
   */
  public String criticalOpPodDisruptionBudget() {
    return format("postgres-{cluster}-critical-op-pdb", "cluster", cluster);
  }

  /** Connection pooler Deployment and Service: {@code {cluster}-pooler[-repl]}. */
  public String pooler(PostgresRole role) {
    String name = cluster + "-pooler";
    return role == PostgresRole.REPLICA ? name + "-repl" : name;
  }

  /** Secret holding the pooler's {@code userlist.txt}: {@code {cluster}-pooler[-repl]-u}. */
  public String poolerAuthSecret(PostgresRole role) {
    return pooler(role) + "-u";
  }

  /** Logical backup CronJob: {@code logical_backup_job_prefix + cluster}, cut to 52 characters. */
  public String logicalBackupCronJob() {
    String name = config.get(Options.LOGICAL_BACKUP_JOB_PREFIX) + cluster;
    if (name.length() > CRONJOB_NAME_MAX_LENGTH) {
      name = name.substring(0, CRONJOB_NAME_MAX_LENGTH).replaceAll("-+$", "");
    }
    return name;
  }

  /**
   * Value of the {@code external-dns.alpha.kubernetes.io/hostname} annotation for a load balancer
   * service: the DNS name from {@code master_dns_name_format}/{@code replica_dns_name_format},
   * followed by the legacy name (team-based formats) when the cluster name starts with {@code
   * {teamId}-}. All lower-case.
   */
  public String dnsName(PostgresRole role) {
    boolean master = role == PostgresRole.MASTER;
    String name =
        format(
                config.get(
                    master ? Options.MASTER_DNS_NAME_FORMAT : Options.REPLICA_DNS_NAME_FORMAT),
                "cluster",
                cluster,
                "namespace",
                namespace,
                "team",
                team,
                "hostedzone",
                config.get(Options.DB_HOSTED_ZONE))
            .toLowerCase(Locale.ROOT);
    Optional<String> withoutPrefix = clusterNameWithoutTeamPrefix(cluster, team);
    if (withoutPrefix.isPresent()) {
      String legacy =
          format(
                  config.get(
                      master
                          ? Options.MASTER_LEGACY_DNS_NAME_FORMAT
                          : Options.REPLICA_LEGACY_DNS_NAME_FORMAT),
                  "cluster",
                  withoutPrefix.get(),
                  "team",
                  team,
                  "hostedzone",
                  config.get(Options.DB_HOSTED_ZONE))
              .toLowerCase(Locale.ROOT);
      name = name + "," + legacy;
    }
    return name;
  }

  /**
   * The cluster name without the {@code {teamId}-} prefix, or empty when the name does not follow
   * the {@code {TEAM}-{NAME}} format. Mirrors {@code acidv1.ExtractClusterName}.
   */
  public static Optional<String> clusterNameWithoutTeamPrefix(String clusterName, String teamId) {
    return teamPrefixProblem(clusterName, teamId).isPresent()
        ? Optional.empty()
        : Optional.of(clusterName.substring(teamId.length() + 1));
  }

  /**
   * Why {@code clusterName} does not follow the {@code {TEAM}-{NAME}} format (Zalando's error
   * text), or empty when it does.
   */
  public static Optional<String> teamPrefixProblem(String clusterName, String teamId) {
    String team = teamId == null ? "" : teamId;
    if (clusterName == null || clusterName.length() < team.length() + 2) {
      return Optional.of(
          String.format(
              "cluster name must match {TEAM}-{NAME} format. Got cluster name '%s', team name '%s'",
              clusterName, team));
    }
    if (team.isEmpty()) {
      return Optional.of("team name is empty");
    }
    if (!clusterName
        .substring(0, team.length() + 1)
        .toLowerCase(Locale.ROOT)
        .equals(team.toLowerCase(Locale.ROOT) + "-")) {
      return Optional.of("name must match {TEAM}-{NAME} format");
    }
    if (clusterName.length() > CLUSTER_NAME_MAX_LENGTH) {
      return Optional.of("name cannot be longer than " + CLUSTER_NAME_MAX_LENGTH + " characters");
    }
    if (!DNS_1035.matcher(clusterName).matches()) {
      return Optional.of(
          "name must confirm to DNS-1035, regex used for validation is \""
              + DNS_1035.pattern()
              + "\"");
    }
    return Optional.empty();
  }

  /**
   * Zalando's {@code StringTemplate.Format}: replaces every {@code {key}} by its value; unknown
   * placeholders stay as they are.
   */
  public static String format(String template, String... keyValues) {
    String result = template == null ? "" : template;
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      result = result.replace("{" + keyValues[i] + "}", keyValues[i + 1]);
    }
    return result;
  }
}
