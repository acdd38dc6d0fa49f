package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;

/**
 * Cloud storage and IAM settings ({@code configuration.aws_or_gcp}). Mirrors {@code
 * operator_configuration_type.go#AWSGCPConfiguration} (v2.0.1).
 */
public class AWSGCPConfiguration extends UnknownPropertyHolder {

  @JsonProperty("additional_secret_mount")
  private String additionalSecretMount;

  @JsonProperty("additional_secret_mount_path")
  private String additionalSecretMountPath;

  @JsonProperty("aws_region")
  @Default("\"eu-central-1\"")
  private String awsRegion;

  @JsonProperty("gcp_credentials")
  private String gcpCredentials;

  @JsonProperty("irsa_role_arn")
  private String irsaRoleArn;

  @JsonProperty("kube_iam_role")
  private String kubeIamRole;

  @JsonProperty("log_s3_bucket")
  private String logS3Bucket;

  @JsonProperty("backup_status_interval")
  @Default("\"5m\"")
  private String backupStatusInterval;

  @JsonProperty("wal_az_storage_account")
  private String walAzStorageAccount;

  @JsonProperty("wal_gs_bucket")
  private String walGsBucket;

  @JsonProperty("wal_s3_bucket")
  private String walS3Bucket;

  public String getBackupStatusInterval() {
    return backupStatusInterval;
  }

  public void setBackupStatusInterval(String backupStatusInterval) {
    this.backupStatusInterval = backupStatusInterval;
  }

  public String getAdditionalSecretMount() {
    return additionalSecretMount;
  }

  public void setAdditionalSecretMount(String additionalSecretMount) {
    this.additionalSecretMount = additionalSecretMount;
  }

  public String getAdditionalSecretMountPath() {
    return additionalSecretMountPath;
  }

  public void setAdditionalSecretMountPath(String additionalSecretMountPath) {
    this.additionalSecretMountPath = additionalSecretMountPath;
  }

  public String getAwsRegion() {
    return awsRegion;
  }

  public void setAwsRegion(String awsRegion) {
    this.awsRegion = awsRegion;
  }

  public String getGcpCredentials() {
    return gcpCredentials;
  }

  public void setGcpCredentials(String gcpCredentials) {
    this.gcpCredentials = gcpCredentials;
  }

  public String getIrsaRoleArn() {
    return irsaRoleArn;
  }

  public void setIrsaRoleArn(String irsaRoleArn) {
    this.irsaRoleArn = irsaRoleArn;
  }

  public String getKubeIamRole() {
    return kubeIamRole;
  }

  public void setKubeIamRole(String kubeIamRole) {
    this.kubeIamRole = kubeIamRole;
  }

  public String getLogS3Bucket() {
    return logS3Bucket;
  }

  public void setLogS3Bucket(String logS3Bucket) {
    this.logS3Bucket = logS3Bucket;
  }

  public String getWalAzStorageAccount() {
    return walAzStorageAccount;
  }

  public void setWalAzStorageAccount(String walAzStorageAccount) {
    this.walAzStorageAccount = walAzStorageAccount;
  }

  public String getWalGsBucket() {
    return walGsBucket;
  }

  public void setWalGsBucket(String walGsBucket) {
    this.walGsBucket = walGsBucket;
  }

  public String getWalS3Bucket() {
    return walS3Bucket;
  }

  public void setWalS3Bucket(String walS3Bucket) {
    this.walS3Bucket = walS3Bucket;
  }
}
