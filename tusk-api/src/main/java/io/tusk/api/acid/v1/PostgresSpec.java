package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.tusk.api.schema.SchemaConstraints;
import java.util.List;
import java.util.Map;

/**
 * Desired state of a Postgres cluster: the {@code spec} of a {@code postgresql} resource. Mirrors
 * {@code postgresql_type.go#PostgresSpec} (v2.0.1); JSON names are Zalando's. Pointer fields of the
 * Go type are boxed here so that an absent value ({@code null}) differs from {@code false} / {@code
 * 0}.
 */
public class PostgresSpec extends UnknownPropertyHolder {

  @Required
  @JsonPropertyDescription(
      "Owning team; used for the team label, Teams API users and the optional cluster "
          + "name prefix.")
  private String teamId;

  @Required
  @Min(0)
  @JsonPropertyDescription("Number of Postgres pods; 0 scales the cluster to zero.")
  private Integer numberOfInstances;

  @Required private PostgresqlParam postgresql;

  @Required private Volume volume;

  private Patroni patroni;

  private Resources resources;

  @JsonPropertyDescription("Spilo image overriding the operator default.")
  private String dockerImage;

  private String schedulerName;

  private Long spiloRunAsUser;

  private Long spiloRunAsGroup;

  private Long spiloFSGroup;

  private Probe livenessProbe;

  private Boolean enableConnectionPooler;

  private Boolean enableReplicaConnectionPooler;

  private ConnectionPooler connectionPooler;

  /** Tri-state: {@code null} means "use the operator configuration". */
  private Boolean enableMasterLoadBalancer;

  private Boolean enableReplicaLoadBalancer;

  private Boolean enableMasterPoolerLoadBalancer;

  private Boolean enableReplicaPoolerLoadBalancer;

  private Boolean enableMasterNodePort;

  private Boolean enableReplicaNodePort;

  private Boolean enableMasterPoolerNodePort;

  private Boolean enableReplicaPoolerNodePort;

  private Integer masterNodePort;

  private Integer replicaNodePort;

  private Integer masterPoolerNodePort;

  private Integer replicaPoolerNodePort;

  @Nullable
  @SchemaConstraints(itemPattern = ValidationPatterns.CIDR)
  @JsonPropertyDescription(
      "CIDR ranges allowed to reach the load balancer services (master and replica " + "alike).")
  private List<String> allowedSourceRanges;

  /** Role name to role flags (SUPERUSER, CREATEDB, NOLOGIN, ...). */
  @SchemaConstraints(
      itemEnumValues = {
        "bypassrls",
        "BYPASSRLS",
        "nobypassrls",
        "NOBYPASSRLS",
        "createdb",
        "CREATEDB",
        "nocreatedb",
        "NOCREATEDB",
        "createrole",
        "CREATEROLE",
        "nocreaterole",
        "NOCREATEROLE",
        "inherit",
        "INHERIT",
        "noinherit",
        "NOINHERIT",
        "login",
        "LOGIN",
        "nologin",
        "NOLOGIN",
        "replication",
        "REPLICATION",
        "noreplication",
        "NOREPLICATION",
        "superuser",
        "SUPERUSER",
        "nosuperuser",
        "NOSUPERUSER"
      })
  private Map<String, List<String>> users;

  @Nullable private List<String> usersIgnoringSecretRotation;

  @Nullable private List<String> usersWithSecretRotation;

  @Nullable private List<String> usersWithInPlaceSecretRotation;

  /** Database name to owner role. */
  private Map<String, String> databases;

  private Map<String, PreparedDatabase> preparedDatabases;

  private NodeAffinity nodeAffinity;

  private List<Toleration> tolerations;

  private List<TopologySpreadConstraint> topologySpreadConstraints;

  private List<Sidecar> sidecars;

  private List<Container> initContainers;

  private String podPriorityClassName;

  private Boolean enableShmVolume;

  private Boolean enableLogicalBackup;

  private String logicalBackupRetention;

  @Pattern(ValidationPatterns.CRON)
  private String logicalBackupSchedule;

  /**
   * Raw window strings such as {@code Sat:00:00-04:00}; see {@link #getParsedMaintenanceWindows()}.
   */
  @SchemaConstraints(itemPattern = ValidationPatterns.MAINTENANCE_WINDOW)
  private List<String> maintenanceWindows;

  private CloneDescription clone;

  private StandbyDescription standby;

  private Map<String, String> podAnnotations;

  private Map<String, String> serviceAnnotations;

  private Map<String, String> masterServiceAnnotations;

  private Map<String, String> replicaServiceAnnotations;

  private TLSDescription tls;

  private List<AdditionalVolume> additionalVolumes;

  private List<Stream> streams;

  private List<EnvVar> env;

  private List<EnvFromSource> envFrom;

  public String getTeamId() {
    return teamId;
  }

  public void setTeamId(String teamId) {
    this.teamId = teamId;
  }

  public Integer getNumberOfInstances() {
    return numberOfInstances;
  }

  public void setNumberOfInstances(Integer numberOfInstances) {
    this.numberOfInstances = numberOfInstances;
  }

  public PostgresqlParam getPostgresql() {
    return postgresql;
  }

  public void setPostgresql(PostgresqlParam postgresql) {
    this.postgresql = postgresql;
  }

  public Volume getVolume() {
    return volume;
  }

  public void setVolume(Volume volume) {
    this.volume = volume;
  }

  public Patroni getPatroni() {
    return patroni;
  }

  public void setPatroni(Patroni patroni) {
    this.patroni = patroni;
  }

  public Resources getResources() {
    return resources;
  }

  public void setResources(Resources resources) {
    this.resources = resources;
  }

  public String getDockerImage() {
    return dockerImage;
  }

  public void setDockerImage(String dockerImage) {
    this.dockerImage = dockerImage;
  }

  public String getSchedulerName() {
    return schedulerName;
  }

  public void setSchedulerName(String schedulerName) {
    this.schedulerName = schedulerName;
  }

  public Long getSpiloRunAsUser() {
    return spiloRunAsUser;
  }

  public void setSpiloRunAsUser(Long spiloRunAsUser) {
    this.spiloRunAsUser = spiloRunAsUser;
  }

  public Long getSpiloRunAsGroup() {
    return spiloRunAsGroup;
  }

  public void setSpiloRunAsGroup(Long spiloRunAsGroup) {
    this.spiloRunAsGroup = spiloRunAsGroup;
  }

  public Long getSpiloFSGroup() {
    return spiloFSGroup;
  }

  public void setSpiloFSGroup(Long spiloFSGroup) {
    this.spiloFSGroup = spiloFSGroup;
  }

  public Probe getLivenessProbe() {
    return livenessProbe;
  }

  public void setLivenessProbe(Probe livenessProbe) {
    this.livenessProbe = livenessProbe;
  }

  public Boolean getEnableConnectionPooler() {
    return enableConnectionPooler;
  }

  public void setEnableConnectionPooler(Boolean enableConnectionPooler) {
    this.enableConnectionPooler = enableConnectionPooler;
  }

  public Boolean getEnableReplicaConnectionPooler() {
    return enableReplicaConnectionPooler;
  }

  public void setEnableReplicaConnectionPooler(Boolean enableReplicaConnectionPooler) {
    this.enableReplicaConnectionPooler = enableReplicaConnectionPooler;
  }

  public ConnectionPooler getConnectionPooler() {
    return connectionPooler;
  }

  public void setConnectionPooler(ConnectionPooler connectionPooler) {
    this.connectionPooler = connectionPooler;
  }

  public Boolean getEnableMasterLoadBalancer() {
    return enableMasterLoadBalancer;
  }

  public void setEnableMasterLoadBalancer(Boolean enableMasterLoadBalancer) {
    this.enableMasterLoadBalancer = enableMasterLoadBalancer;
  }

  public Boolean getEnableReplicaLoadBalancer() {
    return enableReplicaLoadBalancer;
  }

  public void setEnableReplicaLoadBalancer(Boolean enableReplicaLoadBalancer) {
    this.enableReplicaLoadBalancer = enableReplicaLoadBalancer;
  }

  public Boolean getEnableMasterPoolerLoadBalancer() {
    return enableMasterPoolerLoadBalancer;
  }

  public void setEnableMasterPoolerLoadBalancer(Boolean enableMasterPoolerLoadBalancer) {
    this.enableMasterPoolerLoadBalancer = enableMasterPoolerLoadBalancer;
  }

  public Boolean getEnableReplicaPoolerLoadBalancer() {
    return enableReplicaPoolerLoadBalancer;
  }

  public void setEnableReplicaPoolerLoadBalancer(Boolean enableReplicaPoolerLoadBalancer) {
    this.enableReplicaPoolerLoadBalancer = enableReplicaPoolerLoadBalancer;
  }

  public Boolean getEnableMasterNodePort() {
    return enableMasterNodePort;
  }

  public void setEnableMasterNodePort(Boolean enableMasterNodePort) {
    this.enableMasterNodePort = enableMasterNodePort;
  }

  public Boolean getEnableReplicaNodePort() {
    return enableReplicaNodePort;
  }

  public void setEnableReplicaNodePort(Boolean enableReplicaNodePort) {
    this.enableReplicaNodePort = enableReplicaNodePort;
  }

  public Boolean getEnableMasterPoolerNodePort() {
    return enableMasterPoolerNodePort;
  }

  public void setEnableMasterPoolerNodePort(Boolean enableMasterPoolerNodePort) {
    this.enableMasterPoolerNodePort = enableMasterPoolerNodePort;
  }

  public Boolean getEnableReplicaPoolerNodePort() {
    return enableReplicaPoolerNodePort;
  }

  public void setEnableReplicaPoolerNodePort(Boolean enableReplicaPoolerNodePort) {
    this.enableReplicaPoolerNodePort = enableReplicaPoolerNodePort;
  }

  public Integer getMasterNodePort() {
    return masterNodePort;
  }

  public void setMasterNodePort(Integer masterNodePort) {
    this.masterNodePort = masterNodePort;
  }

  public Integer getReplicaNodePort() {
    return replicaNodePort;
  }

  public void setReplicaNodePort(Integer replicaNodePort) {
    this.replicaNodePort = replicaNodePort;
  }

  public Integer getMasterPoolerNodePort() {
    return masterPoolerNodePort;
  }

  public void setMasterPoolerNodePort(Integer masterPoolerNodePort) {
    this.masterPoolerNodePort = masterPoolerNodePort;
  }

  public Integer getReplicaPoolerNodePort() {
    return replicaPoolerNodePort;
  }

  public void setReplicaPoolerNodePort(Integer replicaPoolerNodePort) {
    this.replicaPoolerNodePort = replicaPoolerNodePort;
  }

  public List<String> getAllowedSourceRanges() {
    return allowedSourceRanges;
  }

  public void setAllowedSourceRanges(List<String> allowedSourceRanges) {
    this.allowedSourceRanges = allowedSourceRanges;
  }

  public Map<String, List<String>> getUsers() {
    return users;
  }

  public void setUsers(Map<String, List<String>> users) {
    this.users = users;
  }

  public List<String> getUsersIgnoringSecretRotation() {
    return usersIgnoringSecretRotation;
  }

  public void setUsersIgnoringSecretRotation(List<String> usersIgnoringSecretRotation) {
    this.usersIgnoringSecretRotation = usersIgnoringSecretRotation;
  }

  public List<String> getUsersWithSecretRotation() {
    return usersWithSecretRotation;
  }

  public void setUsersWithSecretRotation(List<String> usersWithSecretRotation) {
    this.usersWithSecretRotation = usersWithSecretRotation;
  }

  public List<String> getUsersWithInPlaceSecretRotation() {
    return usersWithInPlaceSecretRotation;
  }

  public void setUsersWithInPlaceSecretRotation(List<String> usersWithInPlaceSecretRotation) {
    this.usersWithInPlaceSecretRotation = usersWithInPlaceSecretRotation;
  }

  public Map<String, String> getDatabases() {
    return databases;
  }

  public void setDatabases(Map<String, String> databases) {
    this.databases = databases;
  }

  public Map<String, PreparedDatabase> getPreparedDatabases() {
    return preparedDatabases;
  }

  public void setPreparedDatabases(Map<String, PreparedDatabase> preparedDatabases) {
    this.preparedDatabases = preparedDatabases;
  }

  public NodeAffinity getNodeAffinity() {
    return nodeAffinity;
  }

  public void setNodeAffinity(NodeAffinity nodeAffinity) {
    this.nodeAffinity = nodeAffinity;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
    return topologySpreadConstraints;
  }

  public void setTopologySpreadConstraints(
      List<TopologySpreadConstraint> topologySpreadConstraints) {
    this.topologySpreadConstraints = topologySpreadConstraints;
  }

  public List<Sidecar> getSidecars() {
    return sidecars;
  }

  public void setSidecars(List<Sidecar> sidecars) {
    this.sidecars = sidecars;
  }

  public List<Container> getInitContainers() {
    return initContainers;
  }

  public void setInitContainers(List<Container> initContainers) {
    this.initContainers = initContainers;
  }

  public String getPodPriorityClassName() {
    return podPriorityClassName;
  }

  public void setPodPriorityClassName(String podPriorityClassName) {
    this.podPriorityClassName = podPriorityClassName;
  }

  public Boolean getEnableShmVolume() {
    return enableShmVolume;
  }

  public void setEnableShmVolume(Boolean enableShmVolume) {
    this.enableShmVolume = enableShmVolume;
  }

  public Boolean getEnableLogicalBackup() {
    return enableLogicalBackup;
  }

  public void setEnableLogicalBackup(Boolean enableLogicalBackup) {
    this.enableLogicalBackup = enableLogicalBackup;
  }

  public String getLogicalBackupRetention() {
    return logicalBackupRetention;
  }

  public void setLogicalBackupRetention(String logicalBackupRetention) {
    this.logicalBackupRetention = logicalBackupRetention;
  }

  public String getLogicalBackupSchedule() {
    return logicalBackupSchedule;
  }

  public void setLogicalBackupSchedule(String logicalBackupSchedule) {
    this.logicalBackupSchedule = logicalBackupSchedule;
  }

  public List<String> getMaintenanceWindows() {
    return maintenanceWindows;
  }

  public void setMaintenanceWindows(List<String> maintenanceWindows) {
    this.maintenanceWindows = maintenanceWindows;
  }

  public CloneDescription getClone() {
    return clone;
  }

  public void setClone(CloneDescription clone) {
    this.clone = clone;
  }

  public StandbyDescription getStandby() {
    return standby;
  }

  public void setStandby(StandbyDescription standby) {
    this.standby = standby;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  public Map<String, String> getServiceAnnotations() {
    return serviceAnnotations;
  }

  public void setServiceAnnotations(Map<String, String> serviceAnnotations) {
    this.serviceAnnotations = serviceAnnotations;
  }

  public Map<String, String> getMasterServiceAnnotations() {
    return masterServiceAnnotations;
  }

  public void setMasterServiceAnnotations(Map<String, String> masterServiceAnnotations) {
    this.masterServiceAnnotations = masterServiceAnnotations;
  }

  public Map<String, String> getReplicaServiceAnnotations() {
    return replicaServiceAnnotations;
  }

  public void setReplicaServiceAnnotations(Map<String, String> replicaServiceAnnotations) {
    this.replicaServiceAnnotations = replicaServiceAnnotations;
  }

  public TLSDescription getTls() {
    return tls;
  }

  public void setTls(TLSDescription tls) {
    this.tls = tls;
  }

  public List<AdditionalVolume> getAdditionalVolumes() {
    return additionalVolumes;
  }

  public void setAdditionalVolumes(List<AdditionalVolume> additionalVolumes) {
    this.additionalVolumes = additionalVolumes;
  }

  public List<Stream> getStreams() {
    return streams;
  }

  public void setStreams(List<Stream> streams) {
    this.streams = streams;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public List<EnvFromSource> getEnvFrom() {
    return envFrom;
  }

  public void setEnvFrom(List<EnvFromSource> envFrom) {
    this.envFrom = envFrom;
  }

  /**
   * Parses {@link #getMaintenanceWindows()}.
   *
   * @throws IllegalArgumentException if a window is malformed
   */
  @JsonIgnore
  public List<MaintenanceWindow> getParsedMaintenanceWindows() {
    if (maintenanceWindows == null) {
      return List.of();
    }
    return maintenanceWindows.stream().map(MaintenanceWindow::parse).toList();
  }
}
