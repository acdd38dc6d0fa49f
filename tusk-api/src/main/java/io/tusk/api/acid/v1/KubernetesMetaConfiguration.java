package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Probe;
import io.tusk.api.schema.SchemaConstraints;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes object naming, labels, security and storage settings ({@code
 * configuration.kubernetes}). Mirrors {@code
 * operator_configuration_type.go#KubernetesMetaConfiguration} (v2.0.1).
 */
public class KubernetesMetaConfiguration extends UnknownPropertyHolder {

  @JsonProperty("additional_pod_capabilities")
  private List<String> additionalPodCapabilities;

  @JsonProperty("cluster_domain")
  @Default("\"cluster.local\"")
  private String clusterDomain;

  @JsonProperty("cluster_labels")
  @Default("{\"application\": \"spilo\"}")
  private Map<String, String> clusterLabels;

  @JsonProperty("cluster_name_label")
  @Default("\"cluster-name\"")
  private String clusterNameLabel;

  @JsonProperty("custom_pod_annotations")
  private Map<String, String> customPodAnnotations;

  @JsonProperty("delete_annotation_date_key")
  private String deleteAnnotationDateKey;

  @JsonProperty("delete_annotation_name_key")
  private String deleteAnnotationNameKey;

  @JsonProperty("downscaler_annotations")
  private List<String> downscalerAnnotations;

  @JsonProperty("enable_cross_namespace_secret")
  private Boolean enableCrossNamespaceSecret;

  @JsonProperty("enable_finalizers")
  private Boolean enableFinalizers;

  @JsonProperty("enable_init_containers")
  @Default("true")
  private Boolean enableInitContainers;

  @JsonProperty("enable_owner_references")
  private Boolean enableOwnerReferences;

  @JsonProperty("enable_persistent_volume_claim_deletion")
  @Default("true")
  private Boolean enablePersistentVolumeClaimDeletion;

  @JsonProperty("enable_pod_antiaffinity")
  private Boolean enablePodAntiaffinity;

  @JsonProperty("enable_pod_disruption_budget")
  @Default("true")
  private Boolean enablePodDisruptionBudget;

  @JsonProperty("enable_readiness_probe")
  private Boolean enableReadinessProbe;

  @JsonProperty("enable_secrets_deletion")
  @Default("true")
  private Boolean enableSecretsDeletion;

  @JsonProperty("enable_sidecars")
  @Default("true")
  private Boolean enableSidecars;

  @JsonProperty("ignored_annotations")
  private List<String> ignoredAnnotations;

  @JsonProperty("infrastructure_roles_secret_name")
  private String infrastructureRolesSecretName;

  @JsonProperty("infrastructure_roles_secrets")
  private List<InfrastructureRole> infrastructureRolesSecrets;

  @JsonProperty("inherited_annotations")
  private List<String> inheritedAnnotations;

  @JsonProperty("inherited_labels")
  private List<String> inheritedLabels;

  @JsonProperty("liveness_probe")
  private Probe livenessProbe;

  @JsonProperty("master_pod_move_timeout")
  @Default("\"20m\"")
  private String masterPodMoveTimeout;

  @JsonProperty("node_readiness_label")
  private Map<String, String> nodeReadinessLabel;

  @JsonProperty("node_readiness_label_merge")
  @SchemaConstraints(enumValues = {"AND", "OR"})
  private String nodeReadinessLabelMerge;

  @JsonProperty("oauth_token_secret_name")
  @Default("\"postgres-operator\"")
  private String oauthTokenSecretName;

  @JsonProperty("pdb_master_label_selector")
  @Default("true")
  private Boolean pdbMasterLabelSelector;

  @JsonProperty("pdb_name_format")
  @Default("\"postgres-{cluster}-pdb\"")
  private String pdbNameFormat;

  @JsonProperty("persistent_volume_claim_retention_policy")
  private Map<String, String> persistentVolumeClaimRetentionPolicy;

  @JsonProperty("pod_antiaffinity_preferred_during_scheduling")
  private Boolean podAntiaffinityPreferredDuringScheduling;

  @JsonProperty("pod_antiaffinity_topology_key")
  @Default("\"kubernetes.io/hostname\"")
  private String podAntiaffinityTopologyKey;

  @JsonProperty("pod_environment_configmap")
  private String podEnvironmentConfigmap;

  @JsonProperty("pod_environment_secret")
  private String podEnvironmentSecret;

  @JsonProperty("pod_management_policy")
  @SchemaConstraints(enumValues = {"ordered_ready", "parallel"})
  @Default("\"ordered_ready\"")
  private String podManagementPolicy;

  @JsonProperty("pod_priority_class_name")
  private String podPriorityClassName;

  @JsonProperty("pod_role_label")
  @Default("\"spilo-role\"")
  private String podRoleLabel;

  @JsonProperty("pod_service_account_definition")
  private String podServiceAccountDefinition;

  @JsonProperty("pod_service_account_name")
  @Default("\"postgres-pod\"")
  private String podServiceAccountName;

  @JsonProperty("pod_service_account_role_binding_definition")
  private String podServiceAccountRoleBindingDefinition;

  @JsonProperty("pod_terminate_grace_period")
  @Default("\"5m\"")
  private String podTerminateGracePeriod;

  @JsonProperty("secret_name_template")
  @Default("\"{username}.{cluster}.credentials.{tprkind}.{tprgroup}\"")
  private String secretNameTemplate;

  @JsonProperty("share_pgsocket_with_sidecars")
  private Boolean sharePgsocketWithSidecars;

  @JsonProperty("spilo_allow_privilege_escalation")
  @Default("true")
  private Boolean spiloAllowPrivilegeEscalation;

  @JsonProperty("spilo_fsgroup")
  private Long spiloFsgroup;

  @JsonProperty("spilo_privileged")
  private Boolean spiloPrivileged;

  @JsonProperty("spilo_runasgroup")
  private Long spiloRunasgroup;

  @JsonProperty("spilo_runasuser")
  private Long spiloRunasuser;

  @JsonProperty("storage_resize_mode")
  @SchemaConstraints(enumValues = {"ebs", "mixed", "pvc", "off"})
  @Default("\"pvc\"")
  private String storageResizeMode;

  private Map<String, String> toleration;

  @JsonProperty("watched_namespace")
  private String watchedNamespace;

  public List<String> getAdditionalPodCapabilities() {
    return additionalPodCapabilities;
  }

  public void setAdditionalPodCapabilities(List<String> additionalPodCapabilities) {
    this.additionalPodCapabilities = additionalPodCapabilities;
  }

  public String getClusterDomain() {
    return clusterDomain;
  }

  public void setClusterDomain(String clusterDomain) {
    this.clusterDomain = clusterDomain;
  }

  public Map<String, String> getClusterLabels() {
    return clusterLabels;
  }

  public void setClusterLabels(Map<String, String> clusterLabels) {
    this.clusterLabels = clusterLabels;
  }

  public String getClusterNameLabel() {
    return clusterNameLabel;
  }

  public void setClusterNameLabel(String clusterNameLabel) {
    this.clusterNameLabel = clusterNameLabel;
  }

  public Map<String, String> getCustomPodAnnotations() {
    return customPodAnnotations;
  }

  public void setCustomPodAnnotations(Map<String, String> customPodAnnotations) {
    this.customPodAnnotations = customPodAnnotations;
  }

  public String getDeleteAnnotationDateKey() {
    return deleteAnnotationDateKey;
  }

  public void setDeleteAnnotationDateKey(String deleteAnnotationDateKey) {
    this.deleteAnnotationDateKey = deleteAnnotationDateKey;
  }

  public String getDeleteAnnotationNameKey() {
    return deleteAnnotationNameKey;
  }

  public void setDeleteAnnotationNameKey(String deleteAnnotationNameKey) {
    this.deleteAnnotationNameKey = deleteAnnotationNameKey;
  }

  public List<String> getDownscalerAnnotations() {
    return downscalerAnnotations;
  }

  public void setDownscalerAnnotations(List<String> downscalerAnnotations) {
    this.downscalerAnnotations = downscalerAnnotations;
  }

  public Boolean getEnableCrossNamespaceSecret() {
    return enableCrossNamespaceSecret;
  }

  public void setEnableCrossNamespaceSecret(Boolean enableCrossNamespaceSecret) {
    this.enableCrossNamespaceSecret = enableCrossNamespaceSecret;
  }

  public Boolean getEnableFinalizers() {
    return enableFinalizers;
  }

  public void setEnableFinalizers(Boolean enableFinalizers) {
    this.enableFinalizers = enableFinalizers;
  }

  public Boolean getEnableInitContainers() {
    return enableInitContainers;
  }

  public void setEnableInitContainers(Boolean enableInitContainers) {
    this.enableInitContainers = enableInitContainers;
  }

  public Boolean getEnableOwnerReferences() {
    return enableOwnerReferences;
  }

  public void setEnableOwnerReferences(Boolean enableOwnerReferences) {
    this.enableOwnerReferences = enableOwnerReferences;
  }

  public Boolean getEnablePersistentVolumeClaimDeletion() {
    return enablePersistentVolumeClaimDeletion;
  }

  public void setEnablePersistentVolumeClaimDeletion(Boolean enablePersistentVolumeClaimDeletion) {
    this.enablePersistentVolumeClaimDeletion = enablePersistentVolumeClaimDeletion;
  }

  public Boolean getEnablePodAntiaffinity() {
    return enablePodAntiaffinity;
  }

  public void setEnablePodAntiaffinity(Boolean enablePodAntiaffinity) {
    this.enablePodAntiaffinity = enablePodAntiaffinity;
  }

  public Boolean getEnablePodDisruptionBudget() {
    return enablePodDisruptionBudget;
  }

  public void setEnablePodDisruptionBudget(Boolean enablePodDisruptionBudget) {
    this.enablePodDisruptionBudget = enablePodDisruptionBudget;
  }

  public Boolean getEnableReadinessProbe() {
    return enableReadinessProbe;
  }

  public void setEnableReadinessProbe(Boolean enableReadinessProbe) {
    this.enableReadinessProbe = enableReadinessProbe;
  }

  public Boolean getEnableSecretsDeletion() {
    return enableSecretsDeletion;
  }

  public void setEnableSecretsDeletion(Boolean enableSecretsDeletion) {
    this.enableSecretsDeletion = enableSecretsDeletion;
  }

  public Boolean getEnableSidecars() {
    return enableSidecars;
  }

  public void setEnableSidecars(Boolean enableSidecars) {
    this.enableSidecars = enableSidecars;
  }

  public List<String> getIgnoredAnnotations() {
    return ignoredAnnotations;
  }

  public void setIgnoredAnnotations(List<String> ignoredAnnotations) {
    this.ignoredAnnotations = ignoredAnnotations;
  }

  public String getInfrastructureRolesSecretName() {
    return infrastructureRolesSecretName;
  }

  public void setInfrastructureRolesSecretName(String infrastructureRolesSecretName) {
    this.infrastructureRolesSecretName = infrastructureRolesSecretName;
  }

  public List<InfrastructureRole> getInfrastructureRolesSecrets() {
    return infrastructureRolesSecrets;
  }

  public void setInfrastructureRolesSecrets(List<InfrastructureRole> infrastructureRolesSecrets) {
    this.infrastructureRolesSecrets = infrastructureRolesSecrets;
  }

  public List<String> getInheritedAnnotations() {
    return inheritedAnnotations;
  }

  public void setInheritedAnnotations(List<String> inheritedAnnotations) {
    this.inheritedAnnotations = inheritedAnnotations;
  }

  public List<String> getInheritedLabels() {
    return inheritedLabels;
  }

  public void setInheritedLabels(List<String> inheritedLabels) {
    this.inheritedLabels = inheritedLabels;
  }

  public Probe getLivenessProbe() {
    return livenessProbe;
  }

  public void setLivenessProbe(Probe livenessProbe) {
    this.livenessProbe = livenessProbe;
  }

  public String getMasterPodMoveTimeout() {
    return masterPodMoveTimeout;
  }

  public void setMasterPodMoveTimeout(String masterPodMoveTimeout) {
    this.masterPodMoveTimeout = masterPodMoveTimeout;
  }

  public Map<String, String> getNodeReadinessLabel() {
    return nodeReadinessLabel;
  }

  public void setNodeReadinessLabel(Map<String, String> nodeReadinessLabel) {
    this.nodeReadinessLabel = nodeReadinessLabel;
  }

  public String getNodeReadinessLabelMerge() {
    return nodeReadinessLabelMerge;
  }

  public void setNodeReadinessLabelMerge(String nodeReadinessLabelMerge) {
    this.nodeReadinessLabelMerge = nodeReadinessLabelMerge;
  }

  public String getOauthTokenSecretName() {
    return oauthTokenSecretName;
  }

  public void setOauthTokenSecretName(String oauthTokenSecretName) {
    this.oauthTokenSecretName = oauthTokenSecretName;
  }

  public Boolean getPdbMasterLabelSelector() {
    return pdbMasterLabelSelector;
  }

  public void setPdbMasterLabelSelector(Boolean pdbMasterLabelSelector) {
    this.pdbMasterLabelSelector = pdbMasterLabelSelector;
  }

  public String getPdbNameFormat() {
    return pdbNameFormat;
  }

  public void setPdbNameFormat(String pdbNameFormat) {
    this.pdbNameFormat = pdbNameFormat;
  }

  public Map<String, String> getPersistentVolumeClaimRetentionPolicy() {
    return persistentVolumeClaimRetentionPolicy;
  }

  public void setPersistentVolumeClaimRetentionPolicy(
      Map<String, String> persistentVolumeClaimRetentionPolicy) {
    this.persistentVolumeClaimRetentionPolicy = persistentVolumeClaimRetentionPolicy;
  }

  public Boolean getPodAntiaffinityPreferredDuringScheduling() {
    return podAntiaffinityPreferredDuringScheduling;
  }

  public void setPodAntiaffinityPreferredDuringScheduling(
      Boolean podAntiaffinityPreferredDuringScheduling) {
    this.podAntiaffinityPreferredDuringScheduling = podAntiaffinityPreferredDuringScheduling;
  }

  public String getPodAntiaffinityTopologyKey() {
    return podAntiaffinityTopologyKey;
  }

  public void setPodAntiaffinityTopologyKey(String podAntiaffinityTopologyKey) {
    this.podAntiaffinityTopologyKey = podAntiaffinityTopologyKey;
  }

  public String getPodEnvironmentConfigmap() {
    return podEnvironmentConfigmap;
  }

  public void setPodEnvironmentConfigmap(String podEnvironmentConfigmap) {
    this.podEnvironmentConfigmap = podEnvironmentConfigmap;
  }

  public String getPodEnvironmentSecret() {
    return podEnvironmentSecret;
  }

  public void setPodEnvironmentSecret(String podEnvironmentSecret) {
    this.podEnvironmentSecret = podEnvironmentSecret;
  }

  public String getPodManagementPolicy() {
    return podManagementPolicy;
  }

  public void setPodManagementPolicy(String podManagementPolicy) {
    this.podManagementPolicy = podManagementPolicy;
  }

  public String getPodPriorityClassName() {
    return podPriorityClassName;
  }

  public void setPodPriorityClassName(String podPriorityClassName) {
    this.podPriorityClassName = podPriorityClassName;
  }

  public String getPodRoleLabel() {
    return podRoleLabel;
  }

  public void setPodRoleLabel(String podRoleLabel) {
    this.podRoleLabel = podRoleLabel;
  }

  public String getPodServiceAccountDefinition() {
    return podServiceAccountDefinition;
  }

  public void setPodServiceAccountDefinition(String podServiceAccountDefinition) {
    this.podServiceAccountDefinition = podServiceAccountDefinition;
  }

  public String getPodServiceAccountName() {
    return podServiceAccountName;
  }

  public void setPodServiceAccountName(String podServiceAccountName) {
    this.podServiceAccountName = podServiceAccountName;
  }

  public String getPodServiceAccountRoleBindingDefinition() {
    return podServiceAccountRoleBindingDefinition;
  }

  public void setPodServiceAccountRoleBindingDefinition(
      String podServiceAccountRoleBindingDefinition) {
    this.podServiceAccountRoleBindingDefinition = podServiceAccountRoleBindingDefinition;
  }

  public String getPodTerminateGracePeriod() {
    return podTerminateGracePeriod;
  }

  public void setPodTerminateGracePeriod(String podTerminateGracePeriod) {
    this.podTerminateGracePeriod = podTerminateGracePeriod;
  }

  public String getSecretNameTemplate() {
    return secretNameTemplate;
  }

  public void setSecretNameTemplate(String secretNameTemplate) {
    this.secretNameTemplate = secretNameTemplate;
  }

  public Boolean getSharePgsocketWithSidecars() {
    return sharePgsocketWithSidecars;
  }

  public void setSharePgsocketWithSidecars(Boolean sharePgsocketWithSidecars) {
    this.sharePgsocketWithSidecars = sharePgsocketWithSidecars;
  }

  public Boolean getSpiloAllowPrivilegeEscalation() {
    return spiloAllowPrivilegeEscalation;
  }

  public void setSpiloAllowPrivilegeEscalation(Boolean spiloAllowPrivilegeEscalation) {
    this.spiloAllowPrivilegeEscalation = spiloAllowPrivilegeEscalation;
  }

  public Long getSpiloFsgroup() {
    return spiloFsgroup;
  }

  public void setSpiloFsgroup(Long spiloFsgroup) {
    this.spiloFsgroup = spiloFsgroup;
  }

  public Boolean getSpiloPrivileged() {
    return spiloPrivileged;
  }

  public void setSpiloPrivileged(Boolean spiloPrivileged) {
    this.spiloPrivileged = spiloPrivileged;
  }

  public Long getSpiloRunasgroup() {
    return spiloRunasgroup;
  }

  public void setSpiloRunasgroup(Long spiloRunasgroup) {
    this.spiloRunasgroup = spiloRunasgroup;
  }

  public Long getSpiloRunasuser() {
    return spiloRunasuser;
  }

  public void setSpiloRunasuser(Long spiloRunasuser) {
    this.spiloRunasuser = spiloRunasuser;
  }

  public String getStorageResizeMode() {
    return storageResizeMode;
  }

  public void setStorageResizeMode(String storageResizeMode) {
    this.storageResizeMode = storageResizeMode;
  }

  public Map<String, String> getToleration() {
    return toleration;
  }

  public void setToleration(Map<String, String> toleration) {
    this.toleration = toleration;
  }

  public String getWatchedNamespace() {
    return watchedNamespace;
  }

  public void setWatchedNamespace(String watchedNamespace) {
    this.watchedNamespace = watchedNamespace;
  }
}
