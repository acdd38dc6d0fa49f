package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.tusk.api.schema.SchemaConstraints;
import java.util.Map;

/**
 * Service type defaults and DNS name formats ({@code configuration.load_balancer}). Mirrors {@code
 * operator_configuration_type.go#LoadBalancerConfiguration} (v2.0.1).
 */
public class LoadBalancerConfiguration extends UnknownPropertyHolder {

  @JsonProperty("custom_service_annotations")
  private Map<String, String> customServiceAnnotations;

  @JsonProperty("db_hosted_zone")
  private String dbHostedZone;

  @JsonProperty("enable_master_load_balancer")
  private Boolean enableMasterLoadBalancer;

  @JsonProperty("enable_master_node_port")
  private Boolean enableMasterNodePort;

  @JsonProperty("enable_master_pooler_load_balancer")
  private Boolean enableMasterPoolerLoadBalancer;

  @JsonProperty("enable_master_pooler_node_port")
  private Boolean enableMasterPoolerNodePort;

  @JsonProperty("enable_replica_load_balancer")
  private Boolean enableReplicaLoadBalancer;

  @JsonProperty("enable_replica_node_port")
  private Boolean enableReplicaNodePort;

  @JsonProperty("enable_replica_pooler_load_balancer")
  private Boolean enableReplicaPoolerLoadBalancer;

  @JsonProperty("enable_replica_pooler_node_port")
  private Boolean enableReplicaPoolerNodePort;

  @JsonProperty("external_traffic_policy")
  @SchemaConstraints(enumValues = {"Cluster", "Local"})
  @Default("\"Cluster\"")
  private String externalTrafficPolicy;

  @JsonProperty("master_dns_name_format")
  @Default("\"{cluster}.{namespace}.{hostedzone}\"")
  private String masterDnsNameFormat;

  @JsonProperty("master_legacy_dns_name_format")
  @Default("\"{cluster}.{team}.{hostedzone}\"")
  private String masterLegacyDnsNameFormat;

  @JsonProperty("replica_dns_name_format")
  @Default("\"{cluster}-repl.{namespace}.{hostedzone}\"")
  private String replicaDnsNameFormat;

  @JsonProperty("replica_legacy_dns_name_format")
  @Default("\"{cluster}-repl.{team}.{hostedzone}\"")
  private String replicaLegacyDnsNameFormat;

  public Map<String, String> getCustomServiceAnnotations() {
    return customServiceAnnotations;
  }

  public void setCustomServiceAnnotations(Map<String, String> customServiceAnnotations) {
    this.customServiceAnnotations = customServiceAnnotations;
  }

  public String getDbHostedZone() {
    return dbHostedZone;
  }

  public void setDbHostedZone(String dbHostedZone) {
    this.dbHostedZone = dbHostedZone;
  }

  public Boolean getEnableMasterLoadBalancer() {
    return enableMasterLoadBalancer;
  }

  public void setEnableMasterLoadBalancer(Boolean enableMasterLoadBalancer) {
    this.enableMasterLoadBalancer = enableMasterLoadBalancer;
  }

  public Boolean getEnableMasterNodePort() {
    return enableMasterNodePort;
  }

  public void setEnableMasterNodePort(Boolean enableMasterNodePort) {
    this.enableMasterNodePort = enableMasterNodePort;
  }

  public Boolean getEnableMasterPoolerLoadBalancer() {
    return enableMasterPoolerLoadBalancer;
  }

  public void setEnableMasterPoolerLoadBalancer(Boolean enableMasterPoolerLoadBalancer) {
    this.enableMasterPoolerLoadBalancer = enableMasterPoolerLoadBalancer;
  }

  public Boolean getEnableMasterPoolerNodePort() {
    return enableMasterPoolerNodePort;
  }

  public void setEnableMasterPoolerNodePort(Boolean enableMasterPoolerNodePort) {
    this.enableMasterPoolerNodePort = enableMasterPoolerNodePort;
  }

  public Boolean getEnableReplicaLoadBalancer() {
    return enableReplicaLoadBalancer;
  }

  public void setEnableReplicaLoadBalancer(Boolean enableReplicaLoadBalancer) {
    this.enableReplicaLoadBalancer = enableReplicaLoadBalancer;
  }

  public Boolean getEnableReplicaNodePort() {
    return enableReplicaNodePort;
  }

  public void setEnableReplicaNodePort(Boolean enableReplicaNodePort) {
    this.enableReplicaNodePort = enableReplicaNodePort;
  }

  public Boolean getEnableReplicaPoolerLoadBalancer() {
    return enableReplicaPoolerLoadBalancer;
  }

  public void setEnableReplicaPoolerLoadBalancer(Boolean enableReplicaPoolerLoadBalancer) {
    this.enableReplicaPoolerLoadBalancer = enableReplicaPoolerLoadBalancer;
  }

  public Boolean getEnableReplicaPoolerNodePort() {
    return enableReplicaPoolerNodePort;
  }

  public void setEnableReplicaPoolerNodePort(Boolean enableReplicaPoolerNodePort) {
    this.enableReplicaPoolerNodePort = enableReplicaPoolerNodePort;
  }

  public String getExternalTrafficPolicy() {
    return externalTrafficPolicy;
  }

  public void setExternalTrafficPolicy(String externalTrafficPolicy) {
    this.externalTrafficPolicy = externalTrafficPolicy;
  }

  public String getMasterDnsNameFormat() {
    return masterDnsNameFormat;
  }

  public void setMasterDnsNameFormat(String masterDnsNameFormat) {
    this.masterDnsNameFormat = masterDnsNameFormat;
  }

  public String getMasterLegacyDnsNameFormat() {
    return masterLegacyDnsNameFormat;
  }

  public void setMasterLegacyDnsNameFormat(String masterLegacyDnsNameFormat) {
    this.masterLegacyDnsNameFormat = masterLegacyDnsNameFormat;
  }

  public String getReplicaDnsNameFormat() {
    return replicaDnsNameFormat;
  }

  public void setReplicaDnsNameFormat(String replicaDnsNameFormat) {
    this.replicaDnsNameFormat = replicaDnsNameFormat;
  }

  public String getReplicaLegacyDnsNameFormat() {
    return replicaLegacyDnsNameFormat;
  }

  public void setReplicaLegacyDnsNameFormat(String replicaLegacyDnsNameFormat) {
    this.replicaLegacyDnsNameFormat = replicaLegacyDnsNameFormat;
  }
}
