package io.tusk.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every operator option of Zalando postgres-operator v2.0.1, declared once with both defaults.
 *
 * <p>Mirrors {@code pkg/util/config/config.go#Config} (ConfigMap keys and defaults), {@code
 * pkg/apis/acid.zalan.do/v1/operator_configuration_type.go} (sections of the OperatorConfiguration
 * resource) and {@code pkg/controller/operator_config.go#importConfigurationFromCRD} (defaults for
 * keys omitted from the resource), v2.0.1.
 *
 * <p>The OperatorConfiguration default is what Zalando uses when the key is omitted from the
 * resource: the fallback in {@code operator_config.go}, or Go's zero value where that function
 * copies the field without a fallback (hence {@code enable_master_load_balancer}, {@code
 * enable_pgversion_env_var}, {@code enable_teams_api} and {@code enable_admin_role_for_users} are
 * {@code false} there). Where that zero value would produce broken objects (an empty name template,
 * {@code max_instances} = 0 scaling clusters to zero, an ignored {@code node_readiness_label}), the
 * CRD schema default is used instead, as the API server would have filled it in.
 *
 * <p>A few options are Tusk extensions that Zalando does not have (marked so in their descriptions,
 * e.g. {@link #ENABLE_ROLE_DELETION}); they default to Zalando's behaviour.
 */
public final class Options {

  /** Top-level keys of {@code configuration}. */
  public static final String TOP_LEVEL = "";

  /** The sections of the OperatorConfiguration {@code configuration}, in documentation order. */
  public static final List<String> SECTIONS =
      List.of(
          TOP_LEVEL,
          "users",
          "major_version_upgrade",
          "kubernetes",
          "postgres_pod_resources",
          "timeouts",
          "load_balancer",
          "aws_or_gcp",
          "logical_backup",
          "debug",
          "teams_api",
          "logging_rest_api",
          "connection_pooler",
          "patroni",
          "scalyr");

  private static final String USERS = "users";
  private static final String MVU = "major_version_upgrade";
  private static final String K8S = "kubernetes";
  private static final String RESOURCES = "postgres_pod_resources";
  private static final String TIMEOUTS = "timeouts";
  private static final String LB = "load_balancer";
  private static final String CLOUD = "aws_or_gcp";
  private static final String BACKUP = "logical_backup";
  private static final String DEBUG = "debug";
  private static final String TEAMS = "teams_api";
  private static final String REST = "logging_rest_api";
  private static final String POOLER = "connection_pooler";
  private static final String PATRONI = "patroni";
  private static final String SCALYR = "scalyr";

  private static final String SPILO_IMAGE = "ghcr.io/zalando/spilo-18:4.1-p2";
  private static final String LOGICAL_BACKUP_IMAGE =
      "ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1";
  private static final String POOLER_IMAGE = "ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1";

  private Options() {}

  /** A small immutable map that keeps its order (Map.of iterates in a per-JVM random order). */
  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  // ---------------------------------------------------------------- top level / general

  public static final Option<Boolean> ENABLE_CRD_REGISTRATION =
      Option.key("enable_crd_registration")
          .booleanType()
          .defaultValue(true)
          .description(
              "At start-up, create or update the postgresql CRD (also the OperatorConfiguration CRD"
                  + " when the configuration is read from one, and the PostgresTeam CRD with"
                  + " enable_postgres_team_crd) and wait until it is established"
                  + " (CRD_READY_WAIT_INTERVAL, default 4s; CRD_READY_WAIT_TIMEOUT, default 30s).");
  public static final Option<List<String>> CRD_CATEGORIES =
      Option.key("crd_categories")
          .stringListType()
          .defaultValue(List.of("all"))
          .description(
              "Categories of the CRDs registered at start-up, so that `kubectl get all` lists"
                  + " postgresql objects.");
  public static final Option<Boolean> ENABLE_LAZY_SPILO_UPGRADE =
      Option.key("enable_lazy_spilo_upgrade")
          .booleanType()
          .defaultValue(false)
          .description(
              "Update the StatefulSet when the Spilo image changes but do not roll the pods; they pick up the image when restarted for another reason.");
  public static final Option<Boolean> ENABLE_PGVERSION_ENV_VAR =
      Option.key("enable_pgversion_env_var")
          .booleanType()
          .defaultValue(true)
          .operatorConfigurationDefault(false)
          .description(
              "Pass the Postgres major version to Spilo as the PGVERSION variable; when false, postgresql.bin_dir is set in SPILO_CONFIGURATION instead.");
  public static final Option<Boolean> ENABLE_SPILO_WAL_PATH_COMPAT =
      Option.key("enable_spilo_wal_path_compat")
          .booleanType()
          .defaultValue(false)
          .description(
              "Set ENABLE_WAL_PATH_COMPAT so Spilo also looks for WAL in the old archive path without the Postgres version suffix.");
  public static final Option<Boolean> ENABLE_TEAM_ID_CLUSTERNAME_PREFIX =
      Option.key("enable_team_id_clustername_prefix")
          .booleanType()
          .defaultValue(false)
          .description("Require cluster names to start with the teamId followed by a dash.");
  public static final Option<String> ETCD_HOST =
      Option.key("etcd_host")
          .stringType()
          .description(
              "Etcd endpoint for Patroni; empty means Patroni uses the Kubernetes API as its DCS.");
  public static final Option<Boolean> KUBERNETES_USE_CONFIGMAPS =
      Option.key("kubernetes_use_configmaps")
          .booleanType()
          .defaultValue(true)
          .description(
              "Let Patroni keep its leader lock and state in ConfigMaps instead of Endpoints (default true since v2).");
  public static final Option<String> DOCKER_IMAGE =
      Option.key("docker_image")
          .stringType()
          .defaultValue(SPILO_IMAGE)
          .description("Spilo image used for the Postgres pods unless the manifest overrides it.");
  public static final Option<List<Container>> SIDECARS =
      Option.key("sidecars")
          .containersType()
          .description(
              "Sidecar containers added to every Postgres pod (Kubernetes container definitions).");
  public static final Option<Map<String, String>> SIDECAR_DOCKER_IMAGES =
      Option.key("sidecar_docker_images")
          .mapType()
          .deprecated()
          .description(
              "Deprecated: sidecars as name:image pairs added to every pod; use `sidecars`.");
  public static final Option<Boolean> ENABLE_SHM_VOLUME =
      Option.key("enable_shm_volume")
          .booleanType()
          .defaultValue(true)
          .description(
              "Mount a memory-backed emptyDir at /dev/shm in Postgres pods (overridable per cluster).");
  public static final Option<Integer> WORKERS =
      Option.key("workers")
          .intType()
          .defaultValue(8)
          .description(
              "Number of parallel workers processing cluster events; must be greater than 0.");
  public static final Option<Duration> RESYNC_PERIOD =
      Option.key("resync_period")
          .durationType()
          .defaultValue(Duration.ofMinutes(30))
          .description("Period between full syncs of every cluster.");
  public static final Option<Duration> REPAIR_PERIOD =
      Option.key("repair_period")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .description(
              "Longest wait before a cluster whose last sync failed is synced again "
                  + "(the first retries follow after 2 s, then at doubling intervals).");
  public static final Option<Integer> MAX_INSTANCES =
      Option.key("max_instances")
          .intType()
          .defaultValue(-1)
          .description(
              "Upper bound for numberOfInstances of every cluster; -1 disables the limit.");
  public static final Option<Integer> MIN_INSTANCES =
      Option.key("min_instances")
          .intType()
          .defaultValue(-1)
          .description(
              "Lower bound for numberOfInstances of every cluster; -1 disables the limit.");
  public static final Option<String> IGNORE_INSTANCE_LIMITS_ANNOTATION_KEY =
      Option.key("ignore_instance_limits_annotation_key")
          .stringType()
          .description(
              "Annotation key; clusters annotated with it set to \"true\" are exempt from min/max_instances.");
  public static final Option<String> IGNORE_RESOURCES_LIMITS_ANNOTATION_KEY =
      Option.key("ignore_resources_limits_annotation_key")
          .stringType()
          .description(
              "Annotation key; clusters annotated with it set to \"true\" are exempt from min_cpu/memory_limit and max_cpu/memory_request.");
  public static final Option<Boolean> ENABLE_MAINTENANCE_WINDOWS =
      Option.key("enable_maintenance_windows")
          .booleanType()
          .defaultValue(true)
          .description(
              "Hold a postgresql.version change (PGVERSION) and a node drain's switchover until the cluster's maintenance window; rolling updates and restarts do not wait.");
  public static final Option<List<String>> MAINTENANCE_WINDOWS =
      Option.key("maintenance_windows")
          .stringListType()
          .description(
              "Global maintenance windows such as `Sat:22:00-23:59`, used for clusters that define none.");
  public static final Option<Boolean> SET_MEMORY_REQUEST_TO_LIMIT =
      Option.key("set_memory_request_to_limit")
          .booleanType()
          .defaultValue(false)
          .description(
              "Raise memory requests to the memory limit for Postgres and sidecar containers.");
  public static final Option<String> WATCHED_NAMESPACE =
      Option.key("watched_namespace")
          .in(K8S)
          .stringType()
          .description(
              "Namespace to watch for postgresql objects: empty = the operator's namespace, `*` = all. Overridden by env WATCHED_NAMESPACE.");

  // ---------------------------------------------------------------- users

  public static final Option<String> SUPER_USERNAME =
      Option.key("super_username")
          .in(USERS)
          .stringType()
          .defaultValue("postgres")
          .description("Name of the Postgres superuser created by Spilo.");
  public static final Option<String> REPLICATION_USERNAME =
      Option.key("replication_username")
          .in(USERS)
          .stringType()
          .defaultValue("standby")
          .description("Name of the replication user created by Spilo.");
  public static final Option<List<String>> ADDITIONAL_OWNER_ROLES =
      Option.key("additional_owner_roles")
          .in(USERS)
          .stringListType()
          .description("Roles granted to every database owner role (e.g. cron_admin).");
  public static final Option<Boolean> ENABLE_PASSWORD_ROTATION =
      Option.key("enable_password_rotation")
          .in(USERS)
          .booleanType()
          .defaultValue(false)
          .description(
              "Rotate passwords of manifest users periodically by creating dated rotation users.");
  public static final Option<Integer> PASSWORD_ROTATION_INTERVAL =
      Option.key("password_rotation_interval")
          .in(USERS)
          .intType()
          .defaultValue(90)
          .description("Days between password rotations.");
  public static final Option<Integer> PASSWORD_ROTATION_USER_RETENTION =
      Option.key("password_rotation_user_retention")
          .in(USERS)
          .intType()
          .defaultValue(180)
          .description(
              "Days after which rotation users are dropped; raised to at least twice the rotation interval.");

  // Tusk extensions beyond Zalando v2.0.1, answering zalando/postgres-operator#1522 and #2046
  // (drop what left the manifest). Off by default, which keeps Zalando's "never drop" behaviour.

  public static final Option<Boolean> ENABLE_ROLE_DELETION =
      Option.key("enable_role_deletion")
          .in(USERS)
          .booleanType()
          .defaultValue(false)
          .description(
              "Tusk extension (zalando/postgres-operator#1522, #2046): drop roles that left the manifest instead of only revoking LOGIN. Their databases and objects are handed to the database owner (or the superuser) first; a role that cannot be dropped is reported and tried again.");
  public static final Option<Boolean> ENABLE_DATABASE_DELETION =
      Option.key("enable_database_deletion")
          .in(USERS)
          .booleanType()
          .defaultValue(false)
          .description(
              "Tusk extension (zalando/postgres-operator#1522, #2046): drop databases that left the manifest (`databases`, `preparedDatabases`). A database with open connections is kept and reported unless force_database_deletion_with_connections is on.");
  public static final Option<Boolean> FORCE_DATABASE_DELETION_WITH_CONNECTIONS =
      Option.key("force_database_deletion_with_connections")
          .in(USERS)
          .booleanType()
          .defaultValue(false)
          .description(
              "Tusk extension (zalando/postgres-operator#1522, #2046): with enable_database_deletion, also drop databases that have open connections, terminating their sessions (DROP DATABASE ... WITH (FORCE)).");

  // ---------------------------------------------------------------- major_version_upgrade

  public static final Option<String> MAJOR_VERSION_UPGRADE_MODE =
      Option.key("major_version_upgrade_mode")
          .in(MVU)
          .stringType()
          .defaultValue("manual")
          .description(
              "`off`: never upgrade; `manual`: upgrade when the manifest version is raised; `full`: also upgrade clusters below minimal_major_version.");
  public static final Option<List<String>> MAJOR_VERSION_UPGRADE_TEAM_ALLOW_LIST =
      Option.key("major_version_upgrade_team_allow_list")
          .in(MVU)
          .stringListType()
          .description(
              "With major_version_upgrade_mode `off`: teams whose clusters are upgraded anyway, as in `manual` mode.");
  public static final Option<String> MINIMAL_MAJOR_VERSION =
      Option.key("minimal_major_version")
          .in(MVU)
          .stringType()
          .defaultValue("14")
          .description(
              "Lowest supported Postgres major version; in `full` mode older clusters are upgraded to target_major_version.");
  public static final Option<String> TARGET_MAJOR_VERSION =
      Option.key("target_major_version")
          .in(MVU)
          .stringType()
          .defaultValue("18")
          .description(
              "Version that clusters below minimal_major_version are upgraded to in `full` mode.");

  // ---------------------------------------------------------------- kubernetes

  public static final Option<String> POD_SERVICE_ACCOUNT_NAME =
      Option.key("pod_service_account_name")
          .in(K8S)
          .stringType()
          .defaultValue("postgres-pod")
          .description(
              "Service account the Postgres pods run as; created in each namespace if missing.");
  public static final Option<String> POD_SERVICE_ACCOUNT_DEFINITION =
      Option.key("pod_service_account_definition")
          .in(K8S)
          .stringType()
          .description(
              "JSON or YAML definition of the pod service account; empty = a minimal one. Created"
                  + " when missing and kept as defined: what is added later is applied, what is"
                  + " dropped is removed if Tusk had set it.");
  public static final Option<String> POD_SERVICE_ACCOUNT_ROLE_BINDING_DEFINITION =
      Option.key("pod_service_account_role_binding_definition")
          .in(K8S)
          .stringType()
          .description(
              "JSON or YAML definition of the RoleBinding for the pod service account; empty = bind to the operator's role.");
  public static final Option<Duration> POD_TERMINATE_GRACE_PERIOD =
      Option.key("pod_terminate_grace_period")
          .in(K8S)
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .description("terminationGracePeriodSeconds of the Postgres pods.");
  public static final Option<Map<String, String>> CLUSTER_LABELS =
      Option.key("cluster_labels")
          .in(K8S)
          .mapType()
          .defaultValue(Map.of("application", "spilo"))
          .description("Labels put on every object of a cluster and used in its selectors.");
  public static final Option<String> CLUSTER_NAME_LABEL =
      Option.key("cluster_name_label")
          .in(K8S)
          .stringType()
          .defaultValue("cluster-name")
          .description("Label key whose value is the cluster name.");
  public static final Option<String> POD_ROLE_LABEL =
      Option.key("pod_role_label")
          .in(K8S)
          .stringType()
          .defaultValue("spilo-role")
          .description("Label key Patroni sets to master/replica on each pod.");
  public static final Option<List<String>> INHERITED_LABELS =
      Option.key("inherited_labels")
          .in(K8S)
          .stringListType()
          .description("Label keys copied from the postgresql object to its child objects.");
  public static final Option<List<String>> INHERITED_ANNOTATIONS =
      Option.key("inherited_annotations")
          .in(K8S)
          .stringListType()
          .description("Annotation keys copied from the postgresql object to its child objects.");
  public static final Option<List<String>> DOWNSCALER_ANNOTATIONS =
      Option.key("downscaler_annotations")
          .in(K8S)
          .stringListType()
          .description(
              "Annotation keys (regular expressions) copied from the manifest to the StatefulSet and pooler Deployments for kube-downscaler.");
  public static final Option<List<String>> IGNORED_ANNOTATIONS =
      Option.key("ignored_annotations")
          .in(K8S)
          .stringListType()
          .description(
              "Annotation keys ignored when comparing desired and live objects (set by other controllers).");
  public static final Option<Map<String, String>> CUSTOM_POD_ANNOTATIONS =
      Option.key("custom_pod_annotations")
          .in(K8S)
          .mapType()
          .description("Annotations added to every Postgres pod.");
  public static final Option<String> SECRET_NAME_TEMPLATE =
      Option.key("secret_name_template")
          .in(K8S)
          .stringType()
          .defaultValue("{username}.{cluster}.credentials.{tprkind}.{tprgroup}")
          .description(
              "Name template of the credential Secrets; placeholders {username}, {cluster}, {tprkind}, {tprgroup}.");
  public static final Option<String> CLUSTER_DOMAIN =
      Option.key("cluster_domain")
          .in(K8S)
          .stringType()
          .defaultValue("cluster.local")
          .description("DNS domain of the Kubernetes cluster, used in service host names.");
  public static final Option<String> OAUTH_TOKEN_SECRET_NAME =
      Option.key("oauth_token_secret_name")
          .in(K8S)
          .stringType()
          .defaultValue("postgresql-operator")
          .operatorConfigurationDefault("postgres-operator")
          .description(
              "Secret (`name` or `namespace/name`) holding the OAuth2 token for the teams API.");
  public static final Option<String> INFRASTRUCTURE_ROLES_SECRET_NAME =
      Option.key("infrastructure_roles_secret_name")
          .in(K8S)
          .stringType()
          .deprecated()
          .description(
              "Deprecated: Secret with infrastructure roles in the numbered user1/password1/inrole1 format; use infrastructure_roles_secrets.");
  public static final Option<List<InfrastructureRoleSecret>> INFRASTRUCTURE_ROLES_SECRETS =
      Option.key("infrastructure_roles_secrets")
          .in(K8S)
          .infrastructureRolesType()
          .description(
              "Secrets describing infrastructure roles created in every cluster (ConfigMap: `secretname:s,userkey:u,passwordkey:p,rolekey:r`).");
  public static final Option<Boolean> ENABLE_POD_DISRUPTION_BUDGET =
      Option.key("enable_pod_disruption_budget")
          .in(K8S)
          .booleanType()
          .defaultValue(true)
          .description("Create a PodDisruptionBudget protecting the primary of each cluster.");
  public static final Option<String> PDB_NAME_FORMAT =
      Option.key("pdb_name_format")
          .in(K8S)
          .stringType()
          .defaultValue("postgres-{cluster}-pdb")
          .description("Name template of the PodDisruptionBudget; placeholder {cluster}.");
  public static final Option<Boolean> PDB_MASTER_LABEL_SELECTOR =
      Option.key("pdb_master_label_selector")
          .in(K8S)
          .booleanType()
          .defaultValue(true)
          .description(
              "Select only the primary pod in the PodDisruptionBudget (false = all pods of the cluster).");
  public static final Option<Boolean> ENABLE_POD_ANTIAFFINITY =
      Option.key("enable_pod_antiaffinity")
          .in(K8S)
          .booleanType()
          .defaultValue(false)
          .description(
              "Spread the pods of a cluster across topology domains with pod anti-affinity.");
  public static final Option<String> POD_ANTIAFFINITY_TOPOLOGY_KEY =
      Option.key("pod_antiaffinity_topology_key")
          .in(K8S)
          .stringType()
          .defaultValue("kubernetes.io/hostname")
          .description("Topology key of the pod anti-affinity rule.");
  public static final Option<Boolean> POD_ANTIAFFINITY_PREFERRED_DURING_SCHEDULING =
      Option.key("pod_antiaffinity_preferred_during_scheduling")
          .in(K8S)
          .booleanType()
          .defaultValue(false)
          .description("Make the anti-affinity a preference instead of a requirement.");
  public static final Option<Map<String, String>> NODE_READINESS_LABEL =
      Option.key("node_readiness_label")
          .in(K8S)
          .mapType()
          .description("Node labels Postgres pods require (node affinity), e.g. `status:ready`.");
  public static final Option<String> NODE_READINESS_LABEL_MERGE =
      Option.key("node_readiness_label_merge")
          .in(K8S)
          .stringType()
          .defaultValue("OR")
          .description(
              "How node_readiness_label combines with a manifest's own node affinity: `OR` or `AND`.");
  public static final Option<Map<String, String>> TOLERATION =
      Option.key("toleration")
          .in(K8S)
          .mapType()
          .description(
              "One toleration added to Postgres pods, as key/operator/value/effect fields, e.g. `key:db-only,operator:Exists,effect:NoSchedule`.");
  public static final Option<String> POD_ENVIRONMENT_CONFIGMAP =
      Option.key("pod_environment_configmap")
          .in(K8S)
          .stringType()
          .description(
              "ConfigMap (`name` or `namespace/name`) whose entries become environment variables of Postgres pods.");
  public static final Option<String> POD_ENVIRONMENT_SECRET =
      Option.key("pod_environment_secret")
          .in(K8S)
          .stringType()
          .description(
              "Secret in the cluster's namespace whose entries become environment variables of Postgres pods.");
  public static final Option<String> POD_PRIORITY_CLASS_NAME =
      Option.key("pod_priority_class_name")
          .in(K8S)
          .stringType()
          .description("PriorityClass of Postgres pods.");
  public static final Option<Long> SPILO_RUNASUSER =
      Option.key("spilo_runasuser")
          .in(K8S)
          .longType()
          .description("runAsUser of the Postgres pod security context; unset = image default.");
  public static final Option<Long> SPILO_RUNASGROUP =
      Option.key("spilo_runasgroup")
          .in(K8S)
          .longType()
          .description("runAsGroup of the Postgres pod security context.");
  public static final Option<Long> SPILO_FSGROUP =
      Option.key("spilo_fsgroup")
          .in(K8S)
          .longType()
          .description(
              "fsGroup of the Postgres pod security context (needed for some storage classes).");
  public static final Option<Boolean> SPILO_PRIVILEGED =
      Option.key("spilo_privileged")
          .in(K8S)
          .booleanType()
          .defaultValue(false)
          .description("Run the Spilo container privileged.");
  public static final Option<Boolean> SPILO_ALLOW_PRIVILEGE_ESCALATION =
      Option.key("spilo_allow_privilege_escalation")
          .in(K8S)
          .booleanType()
          .defaultValue(true)
          .description("allowPrivilegeEscalation of the Spilo container.");
  public static final Option<List<String>> ADDITIONAL_POD_CAPABILITIES =
      Option.key("additional_pod_capabilities")
          .in(K8S)
          .stringListType()
          .description("Linux capabilities added to the Spilo container, e.g. SYS_NICE.");
  public static final Option<Duration> MASTER_POD_MOVE_TIMEOUT =
      Option.key("master_pod_move_timeout")
          .in(K8S)
          .durationType()
          .defaultValue(Duration.ofMinutes(20))
          .operatorConfigurationDefault(Duration.ofMinutes(10))
          .description("How long to wait for a primary to move off a node being drained.");
  public static final Option<String> POD_MANAGEMENT_POLICY =
      Option.key("pod_management_policy")
          .in(K8S)
          .stringType()
          .defaultValue("ordered_ready")
          .description("podManagementPolicy of the StatefulSet: `ordered_ready` or `parallel`.");
  public static final Option<Boolean> ENABLE_READINESS_PROBE =
      Option.key("enable_readiness_probe")
          .in(K8S)
          .booleanType()
          .defaultValue(false)
          .description(
              "Add a readiness probe (HTTP GET /readiness on Patroni's port 8008) to the Spilo container.");
  public static final Option<Probe> LIVENESS_PROBE =
      Option.key("liveness_probe")
          .in(K8S)
          .probeType()
          .description(
              "Liveness probe of the Spilo container; unset = none. Zalando reads it only from the OperatorConfiguration; Tusk also accepts YAML in the ConfigMap.");
  public static final Option<String> STORAGE_RESIZE_MODE =
      Option.key("storage_resize_mode")
          .in(K8S)
          .stringType()
          .defaultValue("pvc")
          .description("How volume size changes are applied: `pvc`, `ebs`, `mixed` or `off`.");
  public static final Option<Boolean> ENABLE_INIT_CONTAINERS =
      Option.key("enable_init_containers")
          .in(K8S)
          .booleanType()
          .defaultValue(true)
          .description("Allow initContainers from manifests.");
  public static final Option<Boolean> ENABLE_SIDECARS =
      Option.key("enable_sidecars")
          .in(K8S)
          .booleanType()
          .defaultValue(true)
          .description("Allow sidecars from manifests and the global `sidecars` option.");
  public static final Option<Boolean> SHARE_PGSOCKET_WITH_SIDECARS =
      Option.key("share_pgsocket_with_sidecars")
          .in(K8S)
          .booleanType()
          .defaultValue(false)
          .description(
              "Put the Postgres unix socket directory on a shared emptyDir visible to sidecars.");
  public static final Option<Boolean> ENABLE_CROSS_NAMESPACE_SECRET =
      Option.key("enable_cross_namespace_secret")
          .in(K8S)
          .booleanType()
          .defaultValue(false)
          .description(
              "Allow users named `namespace.user` whose credential Secret is created in that namespace.");
  public static final Option<Boolean> ENABLE_OWNER_REFERENCES =
      Option.key("enable_owner_references")
          .in(K8S)
          .booleanType()
          .defaultValue(false)
          .description(
              "Set a controller owner reference to the postgresql object on its child objects"
                  + " (StatefulSet, Services, Endpoints, Secrets, PodDisruptionBudgets) and on"
                  + " Patroni's (the -config Service, the DCS ConfigMaps or Endpoints), so that they"
                  + " are deleted with it; turned off, the references Tusk set are removed again.");
  public static final Option<Boolean> ENABLE_FINALIZERS =
      Option.key("enable_finalizers")
          .in(K8S)
          .booleanType()
          .defaultValue(false)
          .description(
              "Add a finalizer to postgresql objects so child objects are removed before the object disappears.");
  public static final Option<String> DELETE_ANNOTATION_DATE_KEY =
      Option.key("delete_annotation_date_key")
          .in(K8S)
          .stringType()
          .description(
              "If set, deleting a cluster requires this annotation with today's date (YYYY-MM-DD).");
  public static final Option<String> DELETE_ANNOTATION_NAME_KEY =
      Option.key("delete_annotation_name_key")
          .in(K8S)
          .stringType()
          .description(
              "If set, deleting a cluster requires this annotation with the cluster name.");
  public static final Option<Boolean> ENABLE_SECRETS_DELETION =
      Option.key("enable_secrets_deletion")
          .in(K8S)
          .booleanType()
          .defaultValue(true)
          .description("Delete credential Secrets when a cluster is deleted.");
  public static final Option<Boolean> ENABLE_PERSISTENT_VOLUME_CLAIM_DELETION =
      Option.key("enable_persistent_volume_claim_deletion")
          .in(K8S)
          .booleanType()
          .defaultValue(true)
          .description("Delete PersistentVolumeClaims when a cluster is deleted.");
  public static final Option<Map<String, String>> PERSISTENT_VOLUME_CLAIM_RETENTION_POLICY =
      Option.key("persistent_volume_claim_retention_policy")
          .in(K8S)
          .mapType()
          .defaultValue(orderedMap("when_deleted", "retain", "when_scaled", "retain"))
          .operatorConfigurationDefault(Map.of())
          .description(
              "StatefulSet PVC retention policy: `when_deleted` and `when_scaled`, each `retain` or `delete` (absent = retain).");

  // ---------------------------------------------------------------- postgres_pod_resources

  public static final Option<String> DEFAULT_CPU_REQUEST =
      Option.key("default_cpu_request")
          .in(RESOURCES)
          .stringType()
          .description("CPU request of Postgres containers whose manifest sets none.");
  public static final Option<String> DEFAULT_MEMORY_REQUEST =
      Option.key("default_memory_request")
          .in(RESOURCES)
          .stringType()
          .description("Memory request of Postgres containers whose manifest sets none.");
  public static final Option<String> DEFAULT_CPU_LIMIT =
      Option.key("default_cpu_limit")
          .in(RESOURCES)
          .stringType()
          .description("CPU limit of Postgres containers whose manifest sets none.");
  public static final Option<String> DEFAULT_MEMORY_LIMIT =
      Option.key("default_memory_limit")
          .in(RESOURCES)
          .stringType()
          .description("Memory limit of Postgres containers whose manifest sets none.");
  public static final Option<String> MIN_CPU_LIMIT =
      Option.key("min_cpu_limit")
          .in(RESOURCES)
          .stringType()
          .description("Smaller CPU limits in manifests are raised to this value.");
  public static final Option<String> MIN_MEMORY_LIMIT =
      Option.key("min_memory_limit")
          .in(RESOURCES)
          .stringType()
          .description("Smaller memory limits in manifests are raised to this value.");
  public static final Option<String> MAX_CPU_REQUEST =
      Option.key("max_cpu_request")
          .in(RESOURCES)
          .stringType()
          .description("Larger CPU requests in manifests are lowered to this value.");
  public static final Option<String> MAX_MEMORY_REQUEST =
      Option.key("max_memory_request")
          .in(RESOURCES)
          .stringType()
          .description("Larger memory requests in manifests are lowered to this value.");

  // ---------------------------------------------------------------- timeouts

  public static final Option<Duration> RESOURCE_CHECK_INTERVAL =
      Option.key("resource_check_interval")
          .in(TIMEOUTS)
          .durationType()
          .defaultValue(Duration.ofSeconds(3))
          .description("Interval between checks for the presence of a Kubernetes object.");
  public static final Option<Duration> RESOURCE_CHECK_TIMEOUT =
      Option.key("resource_check_timeout")
          .in(TIMEOUTS)
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .description("How long to wait for a Kubernetes object to appear.");
  public static final Option<Duration> POD_LABEL_WAIT_TIMEOUT =
      Option.key("pod_label_wait_timeout")
          .in(TIMEOUTS)
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .description("How long to wait for pods to get their role label.");
  public static final Option<Duration> POD_DELETION_WAIT_TIMEOUT =
      Option.key("pod_deletion_wait_timeout")
          .in(TIMEOUTS)
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .description("How long to wait for a deleted pod to disappear.");
  public static final Option<Duration> READY_WAIT_INTERVAL =
      Option.key("ready_wait_interval")
          .in(TIMEOUTS)
          .durationType()
          .defaultValue(Duration.ofSeconds(4))
          .description("Interval between checks that a registered CRD is established.");
  public static final Option<Duration> READY_WAIT_TIMEOUT =
      Option.key("ready_wait_timeout")
          .in(TIMEOUTS)
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .description("How long to wait for a registered CRD to be established.");
  public static final Option<Duration> PATRONI_API_CHECK_INTERVAL =
      Option.key("patroni_api_check_interval")
          .in(TIMEOUTS)
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .description("Interval between calls to the Patroni REST API while waiting for it.");
  public static final Option<Duration> PATRONI_API_CHECK_TIMEOUT =
      Option.key("patroni_api_check_timeout")
          .in(TIMEOUTS)
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .description("How long to wait for a successful Patroni REST API response.");

  // ---------------------------------------------------------------- load_balancer

  public static final Option<String> DB_HOSTED_ZONE =
      Option.key("db_hosted_zone")
          .in(LB)
          .stringType()
          .defaultValue("db.example.com")
          .description("DNS zone used in the external-dns host names of load balancers.");
  public static final Option<Boolean> ENABLE_MASTER_LOAD_BALANCER =
      Option.key("enable_master_load_balancer")
          .in(LB)
          .booleanType()
          .defaultValue(true)
          .operatorConfigurationDefault(false)
          .description("Make the primary service a LoadBalancer unless the manifest decides.");
  public static final Option<Boolean> ENABLE_REPLICA_LOAD_BALANCER =
      Option.key("enable_replica_load_balancer")
          .in(LB)
          .booleanType()
          .defaultValue(false)
          .description("Make the replica service a LoadBalancer unless the manifest decides.");
  public static final Option<Boolean> ENABLE_MASTER_POOLER_LOAD_BALANCER =
      Option.key("enable_master_pooler_load_balancer")
          .in(LB)
          .booleanType()
          .defaultValue(false)
          .description(
              "Make the primary pooler service a LoadBalancer unless the manifest decides.");
  public static final Option<Boolean> ENABLE_REPLICA_POOLER_LOAD_BALANCER =
      Option.key("enable_replica_pooler_load_balancer")
          .in(LB)
          .booleanType()
          .defaultValue(false)
          .description(
              "Make the replica pooler service a LoadBalancer unless the manifest decides.");
  public static final Option<Boolean> ENABLE_MASTER_NODE_PORT =
      Option.key("enable_master_node_port")
          .in(LB)
          .booleanType()
          .defaultValue(false)
          .description(
              "Make the primary service a NodePort unless the manifest decides (load balancer wins).");
  public static final Option<Boolean> ENABLE_REPLICA_NODE_PORT =
      Option.key("enable_replica_node_port")
          .in(LB)
          .booleanType()
          .defaultValue(false)
          .description("Make the replica service a NodePort unless the manifest decides.");
  public static final Option<Boolean> ENABLE_MASTER_POOLER_NODE_PORT =
      Option.key("enable_master_pooler_node_port")
          .in(LB)
          .booleanType()
          .defaultValue(false)
          .description("Make the primary pooler service a NodePort unless the manifest decides.");
  public static final Option<Boolean> ENABLE_REPLICA_POOLER_NODE_PORT =
      Option.key("enable_replica_pooler_node_port")
          .in(LB)
          .booleanType()
          .defaultValue(false)
          .description("Make the replica pooler service a NodePort unless the manifest decides.");
  public static final Option<Boolean> ENABLE_LOAD_BALANCER =
      Option.key("enable_load_balancer")
          .in(LB)
          .booleanType()
          .defaultValue(null)
          .deprecated()
          .configMapOnly()
          .description(
              "Deprecated and without effect (a warning is logged); use enable_master_load_balancer / enable_replica_load_balancer.");
  public static final Option<Map<String, String>> CUSTOM_SERVICE_ANNOTATIONS =
      Option.key("custom_service_annotations")
          .in(LB)
          .mapType()
          .description("Annotations added to every load-balancer service.");
  public static final Option<String> EXTERNAL_TRAFFIC_POLICY =
      Option.key("external_traffic_policy")
          .in(LB)
          .stringType()
          .defaultValue("Cluster")
          .description("externalTrafficPolicy of load-balancer services: `Cluster` or `Local`.");
  public static final Option<String> MASTER_DNS_NAME_FORMAT =
      Option.key("master_dns_name_format")
          .in(LB)
          .stringType()
          .defaultValue("{cluster}.{namespace}.{hostedzone}")
          .description(
              "external-dns host name of the primary load balancer; placeholders {cluster}, {namespace}, {team}, {hostedzone}.");
  public static final Option<String> REPLICA_DNS_NAME_FORMAT =
      Option.key("replica_dns_name_format")
          .in(LB)
          .stringType()
          .defaultValue("{cluster}-repl.{namespace}.{hostedzone}")
          .description("external-dns host name of the replica load balancer.");
  public static final Option<String> MASTER_LEGACY_DNS_NAME_FORMAT =
      Option.key("master_legacy_dns_name_format")
          .in(LB)
          .stringType()
          .defaultValue("{cluster}.{team}.{hostedzone}")
          .description(
              "Deprecated team-based host name of the primary load balancer, added alongside the new one.");
  public static final Option<String> REPLICA_LEGACY_DNS_NAME_FORMAT =
      Option.key("replica_legacy_dns_name_format")
          .in(LB)
          .stringType()
          .defaultValue("{cluster}-repl.{team}.{hostedzone}")
          .deprecatedKeys("replica_dns_old_name_format")
          .description("Deprecated team-based host name of the replica load balancer.");

  // ---------------------------------------------------------------- aws_or_gcp

  public static final Option<String> WAL_S3_BUCKET =
      Option.key("wal_s3_bucket")
          .in(CLOUD)
          .stringType()
          .description("S3 bucket for WAL archiving and base backups (WAL_S3_BUCKET in Spilo).");
  public static final Option<String> WAL_GS_BUCKET =
      Option.key("wal_gs_bucket")
          .in(CLOUD)
          .stringType()
          .description("GCS bucket for WAL archiving and base backups.");
  public static final Option<String> WAL_AZ_STORAGE_ACCOUNT =
      Option.key("wal_az_storage_account")
          .in(CLOUD)
          .stringType()
          .description("Azure storage account for WAL archiving and base backups.");
  public static final Option<Duration> BACKUP_STATUS_INTERVAL =
      Option.key("backup_status_interval")
          .in(CLOUD)
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .description(
              "Tusk extension (zalando/postgres-operator#2331): how often the operator reads each archiving cluster's backup state (pg_stat_archiver and `wal-g backup-list` in the primary, the logical backup CronJob) into status.backup of its postgresql. 0 = never.");
  public static final Option<String> GCP_CREDENTIALS =
      Option.key("gcp_credentials")
          .in(CLOUD)
          .stringType()
          .description(
              "Path of the GCP credentials file inside the pod (GOOGLE_APPLICATION_CREDENTIALS).");
  public static final Option<String> LOG_S3_BUCKET =
      Option.key("log_s3_bucket")
          .in(CLOUD)
          .stringType()
          .description("S3 bucket to ship Postgres logs to.");
  public static final Option<String> KUBE_IAM_ROLE =
      Option.key("kube_iam_role")
          .in(CLOUD)
          .stringType()
          .description("AWS IAM role put on Postgres pods via the kube2iam annotation.");
  public static final Option<String> IRSA_ROLE_ARN =
      Option.key("irsa_role_arn")
          .in(CLOUD)
          .stringType()
          .description(
              "AWS IAM role ARN annotated on the pod service account (IAM roles for service accounts).");
  public static final Option<String> AWS_REGION =
      Option.key("aws_region")
          .in(CLOUD)
          .stringType()
          .defaultValue("eu-central-1")
          .operatorConfigurationDefault("")
          .description("AWS region of the buckets, passed to Spilo as AWS_REGION.");
  public static final Option<String> ADDITIONAL_SECRET_MOUNT =
      Option.key("additional_secret_mount")
          .in(CLOUD)
          .stringType()
          .description("Secret mounted into every Postgres pod (e.g. cloud credentials).");
  public static final Option<String> ADDITIONAL_SECRET_MOUNT_PATH =
      Option.key("additional_secret_mount_path")
          .in(CLOUD)
          .stringType()
          .description("Mount path of additional_secret_mount.");

  // ---------------------------------------------------------------- logical_backup

  public static final Option<String> LOGICAL_BACKUP_SCHEDULE =
      Option.key("logical_backup_schedule")
          .in(BACKUP)
          .stringType()
          .defaultValue("30 00 * * *")
          .description("Cron schedule of the logical backup CronJob.");
  public static final Option<String> LOGICAL_BACKUP_DOCKER_IMAGE =
      Option.key("logical_backup_docker_image")
          .in(BACKUP)
          .stringType()
          .defaultValue(LOGICAL_BACKUP_IMAGE)
          .description("Image of the logical backup job.");
  public static final Option<String> LOGICAL_BACKUP_PROVIDER =
      Option.key("logical_backup_provider")
          .in(BACKUP)
          .stringType()
          .defaultValue("s3")
          .description("Where logical backups go: `s3`, `gcs` or `az`.");
  public static final Option<String> LOGICAL_BACKUP_S3_BUCKET =
      Option.key("logical_backup_s3_bucket")
          .in(BACKUP)
          .stringType()
          .description("S3 bucket for logical backups.");
  public static final Option<String> LOGICAL_BACKUP_S3_BUCKET_PREFIX =
      Option.key("logical_backup_s3_bucket_prefix")
          .in(BACKUP)
          .stringType()
          .defaultValue("spilo")
          .description("Key prefix of logical backups in the bucket.");
  public static final Option<String> LOGICAL_BACKUP_S3_REGION =
      Option.key("logical_backup_s3_region")
          .in(BACKUP)
          .stringType()
          .description("Region of the logical backup S3 bucket.");
  public static final Option<String> LOGICAL_BACKUP_S3_ENDPOINT =
      Option.key("logical_backup_s3_endpoint")
          .in(BACKUP)
          .stringType()
          .description("S3 endpoint URL for S3-compatible storage.");
  public static final Option<String> LOGICAL_BACKUP_S3_ACCESS_KEY_ID =
      Option.key("logical_backup_s3_access_key_id")
          .in(BACKUP)
          .stringType()
          .description("S3 access key id of the logical backup job.");
  public static final Option<String> LOGICAL_BACKUP_S3_SECRET_ACCESS_KEY =
      Option.key("logical_backup_s3_secret_access_key")
          .in(BACKUP)
          .stringType()
          .secret()
          .description("S3 secret access key of the logical backup job (never displayed).");
  public static final Option<String> LOGICAL_BACKUP_S3_SSE =
      Option.key("logical_backup_s3_sse")
          .in(BACKUP)
          .stringType()
          .description(
              "S3 server-side encryption of logical backups, e.g. `AES256`; empty = none.");
  public static final Option<String> LOGICAL_BACKUP_S3_RETENTION_TIME =
      Option.key("logical_backup_s3_retention_time")
          .in(BACKUP)
          .stringType()
          .description(
              "Age after which the backup job deletes old logical backups, e.g. `1 week`; empty = keep all.");
  public static final Option<String> LOGICAL_BACKUP_GOOGLE_APPLICATION_CREDENTIALS =
      Option.key("logical_backup_google_application_credentials")
          .in(BACKUP)
          .stringType()
          .description("Path of the GCP credentials file for `gcs` logical backups.");
  public static final Option<String> LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_NAME =
      Option.key("logical_backup_azure_storage_account_name")
          .in(BACKUP)
          .stringType()
          .description("Azure storage account for `az` logical backups.");
  public static final Option<String> LOGICAL_BACKUP_AZURE_STORAGE_CONTAINER =
      Option.key("logical_backup_azure_storage_container")
          .in(BACKUP)
          .stringType()
          .description("Azure storage container for `az` logical backups.");
  public static final Option<String> LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_KEY =
      Option.key("logical_backup_azure_storage_account_key")
          .in(BACKUP)
          .stringType()
          .secret()
          .description("Azure storage account key for `az` logical backups (never displayed).");
  public static final Option<String> LOGICAL_BACKUP_JOB_PREFIX =
      Option.key("logical_backup_job_prefix")
          .in(BACKUP)
          .stringType()
          .defaultValue("logical-backup-")
          .description("Prefix of the logical backup CronJob name.");
  public static final Option<String> LOGICAL_BACKUP_CRONJOB_ENVIRONMENT_SECRET =
      Option.key("logical_backup_cronjob_environment_secret")
          .in(BACKUP)
          .stringType()
          .description(
              "Secret whose entries become environment variables of the logical backup job.");
  public static final Option<String> LOGICAL_BACKUP_CPU_REQUEST =
      Option.key("logical_backup_cpu_request")
          .in(BACKUP)
          .stringType()
          .description("CPU request of the logical backup job; empty = the Postgres defaults.");
  public static final Option<String> LOGICAL_BACKUP_MEMORY_REQUEST =
      Option.key("logical_backup_memory_request")
          .in(BACKUP)
          .stringType()
          .description("Memory request of the logical backup job.");
  public static final Option<String> LOGICAL_BACKUP_CPU_LIMIT =
      Option.key("logical_backup_cpu_limit")
          .in(BACKUP)
          .stringType()
          .description("CPU limit of the logical backup job.");
  public static final Option<String> LOGICAL_BACKUP_MEMORY_LIMIT =
      Option.key("logical_backup_memory_limit")
          .in(BACKUP)
          .stringType()
          .description("Memory limit of the logical backup job.");
  public static final Option<Integer> LOGICAL_BACKUP_SUCCESSFUL_JOBS_HISTORY_LIMIT =
      Option.key("logical_backup_successful_jobs_history_limit")
          .in(BACKUP)
          .intType()
          .defaultValue(3)
          .description("successfulJobsHistoryLimit of the logical backup CronJob.");
  public static final Option<Integer> LOGICAL_BACKUP_FAILED_JOBS_HISTORY_LIMIT =
      Option.key("logical_backup_failed_jobs_history_limit")
          .in(BACKUP)
          .intType()
          .defaultValue(3)
          .description("failedJobsHistoryLimit of the logical backup CronJob.");
  public static final Option<Integer> LOGICAL_BACKUP_TTL_SECONDS_AFTER_FINISHED =
      Option.key("logical_backup_ttl_seconds_after_finished")
          .in(BACKUP)
          .intType()
          .defaultValue(86400)
          .operatorConfigurationDefault(null)
          .description("ttlSecondsAfterFinished of logical backup jobs; unset = jobs are kept.");

  // ---------------------------------------------------------------- debug

  public static final Option<Boolean> DEBUG_LOGGING =
      Option.key("debug_logging")
          .in(DEBUG)
          .booleanType()
          .defaultValue(true)
          .description("Log at debug level.");
  public static final Option<Boolean> ENABLE_DATABASE_ACCESS =
      Option.key("enable_database_access")
          .in(DEBUG)
          .booleanType()
          .defaultValue(true)
          .description(
              "Connect to Postgres to manage roles, databases and extensions (false = Kubernetes objects only).");

  // ---------------------------------------------------------------- teams_api

  public static final Option<Boolean> ENABLE_TEAMS_API =
      Option.key("enable_teams_api")
          .in(TEAMS)
          .booleanType()
          .defaultValue(true)
          .operatorConfigurationDefault(false)
          .description(
              "Create roles for the members of a cluster's team, fetched from the teams API.");
  public static final Option<String> TEAMS_API_URL =
      Option.key("teams_api_url")
          .in(TEAMS)
          .stringType()
          .defaultValue("https://teams.example.com/api/")
          .description("URL of the teams API.");
  public static final Option<Map<String, String>> TEAM_API_ROLE_CONFIGURATION =
      Option.key("team_api_role_configuration")
          .in(TEAMS)
          .mapType()
          .defaultValue(Map.of("log_statement", "all"))
          .description("Postgres parameters set on the roles of team members.");
  public static final Option<Boolean> ENABLE_TEAM_SUPERUSER =
      Option.key("enable_team_superuser")
          .in(TEAMS)
          .booleanType()
          .defaultValue(false)
          .description("Make team members superusers.");
  public static final Option<String> TEAM_ADMIN_ROLE =
      Option.key("team_admin_role")
          .in(TEAMS)
          .stringType()
          .defaultValue("admin")
          .operatorConfigurationDefault("")
          .description("Role team members are granted; empty = none.");
  public static final Option<Boolean> ENABLE_ADMIN_ROLE_FOR_USERS =
      Option.key("enable_admin_role_for_users")
          .in(TEAMS)
          .booleanType()
          .defaultValue(true)
          .operatorConfigurationDefault(false)
          .description(
              "Make team_admin_role a member of the roles created from the manifest's users section.");
  public static final Option<String> PAM_ROLE_NAME =
      Option.key("pam_role_name")
          .in(TEAMS)
          .stringType()
          .defaultValue("zalandos")
          .description("Role that team members log in through via PAM (OAuth2 tokens).");
  public static final Option<String> PAM_CONFIGURATION =
      Option.key("pam_configuration")
          .in(TEAMS)
          .stringType()
          .defaultValue(
              "https://info.example.com/oauth2/tokeninfo?access_token= uid realm=/employees")
          .description("PAM OAuth2 module configuration passed to Spilo.");
  public static final Option<List<String>> PROTECTED_ROLE_NAMES =
      Option.key("protected_role_names")
          .in(TEAMS)
          .stringListType()
          .defaultValue(List.of("admin", "cron_admin"))
          .description("Roles that manifests may not define or change.");
  public static final Option<List<String>> POSTGRES_SUPERUSER_TEAMS =
      Option.key("postgres_superuser_teams")
          .in(TEAMS)
          .stringListType()
          .description("Teams whose members become superusers in every cluster.");
  public static final Option<Boolean> ENABLE_POSTGRES_TEAM_CRD =
      Option.key("enable_postgres_team_crd")
          .in(TEAMS)
          .booleanType()
          .defaultValue(false)
          .description(
              "Read additional team members and teams from PostgresTeam objects; they are watched,"
                  + " so a change reaches the clusters it concerns within seconds.");
  public static final Option<Boolean> ENABLE_POSTGRES_TEAM_CRD_SUPERUSERS =
      Option.key("enable_postgres_team_crd_superusers")
          .in(TEAMS)
          .booleanType()
          .defaultValue(false)
          .description("Also take additional superuser teams from PostgresTeam objects.");
  public static final Option<Boolean> ENABLE_TEAM_MEMBER_DEPRECATION =
      Option.key("enable_team_member_deprecation")
          .in(TEAMS)
          .booleanType()
          .defaultValue(false)
          .description(
              "Rename roles of removed team members with role_deletion_suffix and revoke their login.");
  public static final Option<String> ROLE_DELETION_SUFFIX =
      Option.key("role_deletion_suffix")
          .in(TEAMS)
          .stringType()
          .defaultValue("_deleted")
          .description("Suffix appended to the names of deprecated roles.");

  // ---------------------------------------------------------------- logging_rest_api

  public static final Option<Integer> API_PORT =
      Option.key("api_port")
          .in(REST)
          .intType()
          .defaultValue(8080)
          .description("Port of the operator's REST API.");
  public static final Option<Integer> RING_LOG_LINES =
      Option.key("ring_log_lines")
          .in(REST)
          .intType()
          .defaultValue(100)
          .description("Log lines kept per worker for the REST API.");
  public static final Option<Integer> CLUSTER_HISTORY_ENTRIES =
      Option.key("cluster_history_entries")
          .in(REST)
          .intType()
          .defaultValue(1000)
          .description("Status history entries kept per cluster for the REST API.");

  // ---------------------------------------------------------------- connection_pooler

  public static final Option<Integer> CONNECTION_POOLER_NUMBER_OF_INSTANCES =
      Option.key("connection_pooler_number_of_instances")
          .in(POOLER)
          .intType()
          .defaultValue(2)
          .description(
              "Default pooler replicas; at least 1 (OperatorConfiguration values below 2 are raised to 2, as Zalando does).");
  public static final Option<String> CONNECTION_POOLER_SCHEMA =
      Option.key("connection_pooler_schema")
          .in(POOLER)
          .stringType()
          .defaultValue("pooler")
          .description("Schema holding the pooler's user lookup function.");
  public static final Option<String> CONNECTION_POOLER_USER =
      Option.key("connection_pooler_user")
          .in(POOLER)
          .stringType()
          .defaultValue("pooler")
          .description("Role the pooler connects as; must differ from super_username.");
  public static final Option<String> CONNECTION_POOLER_IMAGE =
      Option.key("connection_pooler_image")
          .in(POOLER)
          .stringType()
          .defaultValue(POOLER_IMAGE)
          .description("PgBouncer image of the connection pooler.");
  public static final Option<String> CONNECTION_POOLER_MODE =
      Option.key("connection_pooler_mode")
          .in(POOLER)
          .stringType()
          .defaultValue("transaction")
          .description("Pooling mode: `session` or `transaction`.");
  public static final Option<Integer> CONNECTION_POOLER_MAX_DB_CONNECTIONS =
      Option.key("connection_pooler_max_db_connections")
          .in(POOLER)
          .intType()
          .defaultValue(60)
          .description("Database connections of all pooler instances together.");
  public static final Option<String> CONNECTION_POOLER_DEFAULT_CPU_REQUEST =
      Option.key("connection_pooler_default_cpu_request")
          .in(POOLER)
          .stringType()
          .description(
              "CPU request of pooler containers unless the manifest sets one; empty = none.");
  public static final Option<String> CONNECTION_POOLER_DEFAULT_MEMORY_REQUEST =
      Option.key("connection_pooler_default_memory_request")
          .in(POOLER)
          .stringType()
          .description(
              "Memory request of pooler containers unless the manifest sets one; empty = none.");
  public static final Option<String> CONNECTION_POOLER_DEFAULT_CPU_LIMIT =
      Option.key("connection_pooler_default_cpu_limit")
          .in(POOLER)
          .stringType()
          .description(
              "CPU limit of pooler containers unless the manifest sets one; empty = none.");
  public static final Option<String> CONNECTION_POOLER_DEFAULT_MEMORY_LIMIT =
      Option.key("connection_pooler_default_memory_limit")
          .in(POOLER)
          .stringType()
          .description(
              "Memory limit of pooler containers unless the manifest sets one; empty = none.");

  // Tusk extensions beyond Zalando v2.0.1, answering zalando/postgres-operator#1928, #2035 and
  // #2354 (a pooler left on the old primary after the primary moved). Set to 0 / false, the pooler
  // behaves as Zalando's.

  public static final Option<Duration> CONNECTION_POOLER_MAX_PAUSE =
      Option.key("connection_pooler_max_pause")
          .in(POOLER)
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .description(
              "Tusk extension (zalando/postgres-operator#1928, #2035): longest pause of the master poolers around a planned switchover. The operator sends PAUSE to every pooler pod (open transactions finish, new queries wait), switches over, and sends RESUME once a connection through the master Service is writable, or when this time is up, whichever comes first. 0 = no pause, as Zalando.");
  public static final Option<Boolean> CONNECTION_POOLER_RECONNECT_ON_FAILOVER =
      Option.key("connection_pooler_reconnect_on_failover")
          .in(POOLER)
          .booleanType()
          .defaultValue(true)
          .description(
              "Tusk extension (zalando/postgres-operator#1928, #2354): when the primary moves without a planned switchover, send RECONNECT to every master pooler pod once a connection through the master Service is writable, so that no server connection stays on the former primary. false = as Zalando (connections live until server_lifetime).");

  // ---------------------------------------------------------------- patroni

  public static final Option<Boolean> ENABLE_PATRONI_FAILSAFE_MODE =
      Option.key("enable_patroni_failsafe_mode")
          .in(PATRONI)
          .booleanType()
          .defaultValue(false)
          .description(
              "Enable Patroni's failsafe mode (keep the primary running while the DCS is unreachable).");

  // ---------------------------------------------------------------- scalyr (deprecated)

  public static final Option<String> SCALYR_API_KEY =
      Option.key("scalyr_api_key")
          .in(SCALYR)
          .stringType()
          .secret()
          .deprecated()
          .description(
              "Deprecated: Scalyr API key; with scalyr_image set, adds a log-shipping sidecar (never displayed).");
  public static final Option<String> SCALYR_IMAGE =
      Option.key("scalyr_image")
          .in(SCALYR)
          .stringType()
          .deprecated()
          .description("Deprecated: image of the Scalyr sidecar.");
  public static final Option<String> SCALYR_SERVER_URL =
      Option.key("scalyr_server_url")
          .in(SCALYR)
          .stringType()
          .defaultValue("https://upload.eu.scalyr.com")
          .operatorConfigurationDefault("")
          .deprecated()
          .description("Deprecated: Scalyr upload URL.");
  public static final Option<String> SCALYR_CPU_REQUEST =
      Option.key("scalyr_cpu_request")
          .in(SCALYR)
          .stringType()
          .defaultValue("100m")
          .operatorConfigurationDefault("")
          .deprecated()
          .description("Deprecated: CPU request of the Scalyr sidecar.");
  public static final Option<String> SCALYR_MEMORY_REQUEST =
      Option.key("scalyr_memory_request")
          .in(SCALYR)
          .stringType()
          .defaultValue("50Mi")
          .operatorConfigurationDefault("")
          .deprecated()
          .description("Deprecated: memory request of the Scalyr sidecar.");
  public static final Option<String> SCALYR_CPU_LIMIT =
      Option.key("scalyr_cpu_limit")
          .in(SCALYR)
          .stringType()
          .defaultValue("1")
          .operatorConfigurationDefault("")
          .deprecated()
          .description("Deprecated: CPU limit of the Scalyr sidecar.");
  public static final Option<String> SCALYR_MEMORY_LIMIT =
      Option.key("scalyr_memory_limit")
          .in(SCALYR)
          .stringType()
          .defaultValue("500Mi")
          .operatorConfigurationDefault("")
          .deprecated()
          .description("Deprecated: memory limit of the Scalyr sidecar.");

  // ---------------------------------------------------------------- registry

  private static final List<Option<?>> ALL = collect();

  /** All options, in declaration order. */
  public static List<Option<?>> all() {
    return ALL;
  }

  private static final Map<String, Option<?>> BY_KEY = index();

  /** The option with the given key or deprecated alias, or null. */
  public static Option<?> byKey(String key) {
    return BY_KEY.get(key);
  }

  private static Map<String, Option<?>> index() {
    Map<String, Option<?>> byKey = new java.util.HashMap<>();
    for (Option<?> option : ALL) {
      byKey.put(option.key(), option);
      option.deprecatedKeys().forEach(alias -> byKey.put(alias, option));
    }
    return Map.copyOf(byKey);
  }

  private static List<Option<?>> collect() {
    List<Option<?>> options = new ArrayList<>();
    for (Field field : Options.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Option.class) {
        try {
          options.add((Option<?>) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return List.copyOf(options);
  }
}
