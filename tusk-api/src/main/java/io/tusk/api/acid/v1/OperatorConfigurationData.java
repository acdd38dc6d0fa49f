package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Container;
import io.tusk.api.schema.SchemaConstraints;
import java.util.List;
import java.util.Map;

/**
 * The {@code configuration} payload of an {@code OperatorConfiguration} resource: top-level
 * operator options plus one typed section per group. Mirrors {@code
 * operator_configuration_type.go#OperatorConfigurationData} (v2.0.1). Values absent from the
 * resource stay {@code null}; defaults are applied by tusk-config.
 */
public class OperatorConfigurationData extends UnknownPropertyHolder {

  @JsonProperty("crd_categories")
  private List<String> crdCategories;

  @JsonProperty("docker_image")
  @Default("\"ghcr.io/zalando/spilo-18:4.1-p2\"")
  private String dockerImage;

  @JsonProperty("enable_crd_registration")
  @Default("true")
  private Boolean enableCrdRegistration;

  @JsonProperty("enable_lazy_spilo_upgrade")
  private Boolean enableLazySpiloUpgrade;

  @JsonProperty("enable_maintenance_windows")
  @Default("true")
  private Boolean enableMaintenanceWindows;

  @JsonProperty("enable_pgversion_env_var")
  @Default("true")
  private Boolean enablePgversionEnvVar;

  @JsonProperty("enable_shm_volume")
  @Default("true")
  private Boolean enableShmVolume;

  @JsonProperty("enable_spilo_wal_path_compat")
  private Boolean enableSpiloWalPathCompat;

  @JsonProperty("enable_team_id_clustername_prefix")
  private Boolean enableTeamIdClusternamePrefix;

  @JsonProperty("etcd_host")
  @Default("\"\"")
  private String etcdHost;

  @JsonProperty("ignore_instance_limits_annotation_key")
  private String ignoreInstanceLimitsAnnotationKey;

  @JsonProperty("ignore_resources_limits_annotation_key")
  private String ignoreResourcesLimitsAnnotationKey;

  @JsonProperty("kubernetes_use_configmaps")
  @Default("true")
  private Boolean kubernetesUseConfigmaps;

  @JsonProperty("maintenance_windows")
  @SchemaConstraints(itemPattern = ValidationPatterns.MAINTENANCE_WINDOW)
  private List<String> maintenanceWindows;

  @JsonProperty("max_instances")
  @Min(-1)
  @Default("-1")
  private Integer maxInstances;

  @JsonProperty("min_instances")
  @Min(-1)
  @Default("-1")
  private Integer minInstances;

  @JsonProperty("repair_period")
  @Default("\"5m\"")
  private String repairPeriod;

  @JsonProperty("resync_period")
  @Default("\"30m\"")
  private String resyncPeriod;

  @JsonProperty("set_memory_request_to_limit")
  private Boolean setMemoryRequestToLimit;

  @JsonProperty("sidecar_docker_images")
  private Map<String, String> sidecarDockerImages;

  private List<Container> sidecars;

  @Min(1)
  @Default("8")
  private Integer workers;

  private PostgresUsersConfiguration users;

  @JsonProperty("major_version_upgrade")
  private MajorVersionUpgradeConfiguration majorVersionUpgrade;

  private KubernetesMetaConfiguration kubernetes;

  @JsonProperty("postgres_pod_resources")
  private PostgresPodResourcesDefaults postgresPodResources;

  private OperatorTimeouts timeouts;

  @JsonProperty("load_balancer")
  private LoadBalancerConfiguration loadBalancer;

  @JsonProperty("aws_or_gcp")
  private AWSGCPConfiguration awsOrGcp;

  private OperatorDebugConfiguration debug;

  @JsonProperty("teams_api")
  private TeamsAPIConfiguration teamsApi;

  @JsonProperty("logging_rest_api")
  private LoggingRESTAPIConfiguration loggingRestApi;

  private ScalyrConfiguration scalyr;

  @JsonProperty("logical_backup")
  private OperatorLogicalBackupConfiguration logicalBackup;

  @JsonProperty("connection_pooler")
  private ConnectionPoolerConfiguration connectionPooler;

  private PatroniConfiguration patroni;

  public List<String> getCrdCategories() {
    return crdCategories;
  }

  public void setCrdCategories(List<String> crdCategories) {
    this.crdCategories = crdCategories;
  }

  public String getDockerImage() {
    return dockerImage;
  }

  public void setDockerImage(String dockerImage) {
    this.dockerImage = dockerImage;
  }

  public Boolean getEnableCrdRegistration() {
    return enableCrdRegistration;
  }

  public void setEnableCrdRegistration(Boolean enableCrdRegistration) {
    this.enableCrdRegistration = enableCrdRegistration;
  }

  public Boolean getEnableLazySpiloUpgrade() {
    return enableLazySpiloUpgrade;
  }

  public void setEnableLazySpiloUpgrade(Boolean enableLazySpiloUpgrade) {
    this.enableLazySpiloUpgrade = enableLazySpiloUpgrade;
  }

  public Boolean getEnableMaintenanceWindows() {
    return enableMaintenanceWindows;
  }

  public void setEnableMaintenanceWindows(Boolean enableMaintenanceWindows) {
    this.enableMaintenanceWindows = enableMaintenanceWindows;
  }

  public Boolean getEnablePgversionEnvVar() {
    return enablePgversionEnvVar;
  }

  public void setEnablePgversionEnvVar(Boolean enablePgversionEnvVar) {
    this.enablePgversionEnvVar = enablePgversionEnvVar;
  }

  public Boolean getEnableShmVolume() {
    return enableShmVolume;
  }

  public void setEnableShmVolume(Boolean enableShmVolume) {
    this.enableShmVolume = enableShmVolume;
  }

  public Boolean getEnableSpiloWalPathCompat() {
    return enableSpiloWalPathCompat;
  }

  public void setEnableSpiloWalPathCompat(Boolean enableSpiloWalPathCompat) {
    this.enableSpiloWalPathCompat = enableSpiloWalPathCompat;
  }

  public Boolean getEnableTeamIdClusternamePrefix() {
    return enableTeamIdClusternamePrefix;
  }

  public void setEnableTeamIdClusternamePrefix(Boolean enableTeamIdClusternamePrefix) {
    this.enableTeamIdClusternamePrefix = enableTeamIdClusternamePrefix;
  }

  public String getEtcdHost() {
    return etcdHost;
  }

  public void setEtcdHost(String etcdHost) {
    this.etcdHost = etcdHost;
  }

  public String getIgnoreInstanceLimitsAnnotationKey() {
    return ignoreInstanceLimitsAnnotationKey;
  }

  public void setIgnoreInstanceLimitsAnnotationKey(String ignoreInstanceLimitsAnnotationKey) {
    this.ignoreInstanceLimitsAnnotationKey = ignoreInstanceLimitsAnnotationKey;
  }

  public String getIgnoreResourcesLimitsAnnotationKey() {
    return ignoreResourcesLimitsAnnotationKey;
  }

  public void setIgnoreResourcesLimitsAnnotationKey(String ignoreResourcesLimitsAnnotationKey) {
    this.ignoreResourcesLimitsAnnotationKey = ignoreResourcesLimitsAnnotationKey;
  }

  public Boolean getKubernetesUseConfigmaps() {
    return kubernetesUseConfigmaps;
  }

  public void setKubernetesUseConfigmaps(Boolean kubernetesUseConfigmaps) {
    this.kubernetesUseConfigmaps = kubernetesUseConfigmaps;
  }

  public List<String> getMaintenanceWindows() {
    return maintenanceWindows;
  }

  public void setMaintenanceWindows(List<String> maintenanceWindows) {
    this.maintenanceWindows = maintenanceWindows;
  }

  public Integer getMaxInstances() {
    return maxInstances;
  }

  public void setMaxInstances(Integer maxInstances) {
    this.maxInstances = maxInstances;
  }

  public Integer getMinInstances() {
    return minInstances;
  }

  public void setMinInstances(Integer minInstances) {
    this.minInstances = minInstances;
  }

  public String getRepairPeriod() {
    return repairPeriod;
  }

  public void setRepairPeriod(String repairPeriod) {
    this.repairPeriod = repairPeriod;
  }

  public String getResyncPeriod() {
    return resyncPeriod;
  }

  public void setResyncPeriod(String resyncPeriod) {
    this.resyncPeriod = resyncPeriod;
  }

  public Boolean getSetMemoryRequestToLimit() {
    return setMemoryRequestToLimit;
  }

  public void setSetMemoryRequestToLimit(Boolean setMemoryRequestToLimit) {
    this.setMemoryRequestToLimit = setMemoryRequestToLimit;
  }

  public Map<String, String> getSidecarDockerImages() {
    return sidecarDockerImages;
  }

  public void setSidecarDockerImages(Map<String, String> sidecarDockerImages) {
    this.sidecarDockerImages = sidecarDockerImages;
  }

  public List<Container> getSidecars() {
    return sidecars;
  }

  public void setSidecars(List<Container> sidecars) {
    this.sidecars = sidecars;
  }

  public Integer getWorkers() {
    return workers;
  }

  public void setWorkers(Integer workers) {
    this.workers = workers;
  }

  public PostgresUsersConfiguration getUsers() {
    return users;
  }

  public void setUsers(PostgresUsersConfiguration users) {
    this.users = users;
  }

  public MajorVersionUpgradeConfiguration getMajorVersionUpgrade() {
    return majorVersionUpgrade;
  }

  public void setMajorVersionUpgrade(MajorVersionUpgradeConfiguration majorVersionUpgrade) {
    this.majorVersionUpgrade = majorVersionUpgrade;
  }

  public KubernetesMetaConfiguration getKubernetes() {
    return kubernetes;
  }

  public void setKubernetes(KubernetesMetaConfiguration kubernetes) {
    this.kubernetes = kubernetes;
  }

  public PostgresPodResourcesDefaults getPostgresPodResources() {
    return postgresPodResources;
  }

  public void setPostgresPodResources(PostgresPodResourcesDefaults postgresPodResources) {
    this.postgresPodResources = postgresPodResources;
  }

  public OperatorTimeouts getTimeouts() {
    return timeouts;
  }

  public void setTimeouts(OperatorTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  public LoadBalancerConfiguration getLoadBalancer() {
    return loadBalancer;
  }

  public void setLoadBalancer(LoadBalancerConfiguration loadBalancer) {
    this.loadBalancer = loadBalancer;
  }

  public AWSGCPConfiguration getAwsOrGcp() {
    return awsOrGcp;
  }

  public void setAwsOrGcp(AWSGCPConfiguration awsOrGcp) {
    this.awsOrGcp = awsOrGcp;
  }

  public OperatorDebugConfiguration getDebug() {
    return debug;
  }

  public void setDebug(OperatorDebugConfiguration debug) {
    this.debug = debug;
  }

  public TeamsAPIConfiguration getTeamsApi() {
    return teamsApi;
  }

  public void setTeamsApi(TeamsAPIConfiguration teamsApi) {
    this.teamsApi = teamsApi;
  }

  public LoggingRESTAPIConfiguration getLoggingRestApi() {
    return loggingRestApi;
  }

  public void setLoggingRestApi(LoggingRESTAPIConfiguration loggingRestApi) {
    this.loggingRestApi = loggingRestApi;
  }

  public ScalyrConfiguration getScalyr() {
    return scalyr;
  }

  public void setScalyr(ScalyrConfiguration scalyr) {
    this.scalyr = scalyr;
  }

  public OperatorLogicalBackupConfiguration getLogicalBackup() {
    return logicalBackup;
  }

  public void setLogicalBackup(OperatorLogicalBackupConfiguration logicalBackup) {
    this.logicalBackup = logicalBackup;
  }

  public ConnectionPoolerConfiguration getConnectionPooler() {
    return connectionPooler;
  }

  public void setConnectionPooler(ConnectionPoolerConfiguration connectionPooler) {
    this.connectionPooler = connectionPooler;
  }

  public PatroniConfiguration getPatroni() {
    return patroni;
  }

  public void setPatroni(PatroniConfiguration patroni) {
    this.patroni = patroni;
  }
}
