package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.tusk.api.schema.SchemaConstraints;

/**
 * Logical backup CronJob settings ({@code configuration.logical_backup}). Mirrors {@code
 * operator_configuration_type.go#OperatorLogicalBackupConfiguration} (v2.0.1).
 */
public class OperatorLogicalBackupConfiguration extends UnknownPropertyHolder {

  @JsonProperty("logical_backup_azure_storage_account_key")
  private String logicalBackupAzureStorageAccountKey;

  @JsonProperty("logical_backup_azure_storage_account_name")
  private String logicalBackupAzureStorageAccountName;

  @JsonProperty("logical_backup_azure_storage_container")
  private String logicalBackupAzureStorageContainer;

  @JsonProperty("logical_backup_cpu_limit")
  @Pattern(ValidationPatterns.CPU)
  private String logicalBackupCpuLimit;

  @JsonProperty("logical_backup_cpu_request")
  @Pattern(ValidationPatterns.CPU)
  private String logicalBackupCpuRequest;

  @JsonProperty("logical_backup_cronjob_environment_secret")
  private String logicalBackupCronjobEnvironmentSecret;

  @JsonProperty("logical_backup_docker_image")
  @Default("\"ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1\"")
  private String logicalBackupDockerImage;

  @JsonProperty("logical_backup_failed_jobs_history_limit")
  @Min(0)
  @Default("3")
  private Integer logicalBackupFailedJobsHistoryLimit;

  @JsonProperty("logical_backup_google_application_credentials")
  private String logicalBackupGoogleApplicationCredentials;

  @JsonProperty("logical_backup_job_prefix")
  @Default("\"logical-backup-\"")
  private String logicalBackupJobPrefix;

  @JsonProperty("logical_backup_memory_limit")
  @Pattern(ValidationPatterns.QUANTITY)
  private String logicalBackupMemoryLimit;

  @JsonProperty("logical_backup_memory_request")
  @Pattern(ValidationPatterns.QUANTITY)
  private String logicalBackupMemoryRequest;

  @JsonProperty("logical_backup_provider")
  @SchemaConstraints(enumValues = {"az", "gcs", "s3"})
  @Default("\"s3\"")
  private String logicalBackupProvider;

  @JsonProperty("logical_backup_s3_access_key_id")
  private String logicalBackupS3AccessKeyId;

  @JsonProperty("logical_backup_s3_bucket")
  private String logicalBackupS3Bucket;

  @JsonProperty("logical_backup_s3_bucket_prefix")
  private String logicalBackupS3BucketPrefix;

  @JsonProperty("logical_backup_s3_endpoint")
  private String logicalBackupS3Endpoint;

  @JsonProperty("logical_backup_s3_region")
  private String logicalBackupS3Region;

  @JsonProperty("logical_backup_s3_retention_time")
  private String logicalBackupS3RetentionTime;

  @JsonProperty("logical_backup_s3_secret_access_key")
  private String logicalBackupS3SecretAccessKey;

  @JsonProperty("logical_backup_s3_sse")
  private String logicalBackupS3Sse;

  @JsonProperty("logical_backup_schedule")
  @Pattern(ValidationPatterns.CRON)
  @Default("\"30 00 * * *\"")
  private String logicalBackupSchedule;

  @JsonProperty("logical_backup_successful_jobs_history_limit")
  @Min(0)
  @Default("3")
  private Integer logicalBackupSuccessfulJobsHistoryLimit;

  @JsonProperty("logical_backup_ttl_seconds_after_finished")
  @Min(0)
  @Default("86400")
  private Integer logicalBackupTtlSecondsAfterFinished;

  public String getLogicalBackupAzureStorageAccountKey() {
    return logicalBackupAzureStorageAccountKey;
  }

  public void setLogicalBackupAzureStorageAccountKey(String logicalBackupAzureStorageAccountKey) {
    this.logicalBackupAzureStorageAccountKey = logicalBackupAzureStorageAccountKey;
  }

  public String getLogicalBackupAzureStorageAccountName() {
    return logicalBackupAzureStorageAccountName;
  }

  public void setLogicalBackupAzureStorageAccountName(String logicalBackupAzureStorageAccountName) {
    this.logicalBackupAzureStorageAccountName = logicalBackupAzureStorageAccountName;
  }

  public String getLogicalBackupAzureStorageContainer() {
    return logicalBackupAzureStorageContainer;
  }

  public void setLogicalBackupAzureStorageContainer(String logicalBackupAzureStorageContainer) {
    this.logicalBackupAzureStorageContainer = logicalBackupAzureStorageContainer;
  }

  public String getLogicalBackupCpuLimit() {
    return logicalBackupCpuLimit;
  }

  public void setLogicalBackupCpuLimit(String logicalBackupCpuLimit) {
    this.logicalBackupCpuLimit = logicalBackupCpuLimit;
  }

  public String getLogicalBackupCpuRequest() {
    return logicalBackupCpuRequest;
  }

  public void setLogicalBackupCpuRequest(String logicalBackupCpuRequest) {
    this.logicalBackupCpuRequest = logicalBackupCpuRequest;
  }

  public String getLogicalBackupCronjobEnvironmentSecret() {
    return logicalBackupCronjobEnvironmentSecret;
  }

  public void setLogicalBackupCronjobEnvironmentSecret(
      String logicalBackupCronjobEnvironmentSecret) {
    this.logicalBackupCronjobEnvironmentSecret = logicalBackupCronjobEnvironmentSecret;
  }

  public String getLogicalBackupDockerImage() {
    return logicalBackupDockerImage;
  }

  public void setLogicalBackupDockerImage(String logicalBackupDockerImage) {
    this.logicalBackupDockerImage = logicalBackupDockerImage;
  }

  public Integer getLogicalBackupFailedJobsHistoryLimit() {
    return logicalBackupFailedJobsHistoryLimit;
  }

  public void setLogicalBackupFailedJobsHistoryLimit(Integer logicalBackupFailedJobsHistoryLimit) {
    this.logicalBackupFailedJobsHistoryLimit = logicalBackupFailedJobsHistoryLimit;
  }

  public String getLogicalBackupGoogleApplicationCredentials() {
    return logicalBackupGoogleApplicationCredentials;
  }

  public void setLogicalBackupGoogleApplicationCredentials(
      String logicalBackupGoogleApplicationCredentials) {
    this.logicalBackupGoogleApplicationCredentials = logicalBackupGoogleApplicationCredentials;
  }

  public String getLogicalBackupJobPrefix() {
    return logicalBackupJobPrefix;
  }

  public void setLogicalBackupJobPrefix(String logicalBackupJobPrefix) {
    this.logicalBackupJobPrefix = logicalBackupJobPrefix;
  }

  public String getLogicalBackupMemoryLimit() {
    return logicalBackupMemoryLimit;
  }

  public void setLogicalBackupMemoryLimit(String logicalBackupMemoryLimit) {
    this.logicalBackupMemoryLimit = logicalBackupMemoryLimit;
  }

  public String getLogicalBackupMemoryRequest() {
    return logicalBackupMemoryRequest;
  }

  public void setLogicalBackupMemoryRequest(String logicalBackupMemoryRequest) {
    this.logicalBackupMemoryRequest = logicalBackupMemoryRequest;
  }

  public String getLogicalBackupProvider() {
    return logicalBackupProvider;
  }

  public void setLogicalBackupProvider(String logicalBackupProvider) {
    this.logicalBackupProvider = logicalBackupProvider;
  }

  public String getLogicalBackupS3AccessKeyId() {
    return logicalBackupS3AccessKeyId;
  }

  public void setLogicalBackupS3AccessKeyId(String logicalBackupS3AccessKeyId) {
    this.logicalBackupS3AccessKeyId = logicalBackupS3AccessKeyId;
  }

  public String getLogicalBackupS3Bucket() {
    return logicalBackupS3Bucket;
  }

  public void setLogicalBackupS3Bucket(String logicalBackupS3Bucket) {
    this.logicalBackupS3Bucket = logicalBackupS3Bucket;
  }

  public String getLogicalBackupS3BucketPrefix() {
    return logicalBackupS3BucketPrefix;
  }

  public void setLogicalBackupS3BucketPrefix(String logicalBackupS3BucketPrefix) {
    this.logicalBackupS3BucketPrefix = logicalBackupS3BucketPrefix;
  }

  public String getLogicalBackupS3Endpoint() {
    return logicalBackupS3Endpoint;
  }

  public void setLogicalBackupS3Endpoint(String logicalBackupS3Endpoint) {
    this.logicalBackupS3Endpoint = logicalBackupS3Endpoint;
  }

  public String getLogicalBackupS3Region() {
    return logicalBackupS3Region;
  }

  public void setLogicalBackupS3Region(String logicalBackupS3Region) {
    this.logicalBackupS3Region = logicalBackupS3Region;
  }

  public String getLogicalBackupS3RetentionTime() {
    return logicalBackupS3RetentionTime;
  }

  public void setLogicalBackupS3RetentionTime(String logicalBackupS3RetentionTime) {
    this.logicalBackupS3RetentionTime = logicalBackupS3RetentionTime;
  }

  public String getLogicalBackupS3SecretAccessKey() {
    return logicalBackupS3SecretAccessKey;
  }

  public void setLogicalBackupS3SecretAccessKey(String logicalBackupS3SecretAccessKey) {
    this.logicalBackupS3SecretAccessKey = logicalBackupS3SecretAccessKey;
  }

  public String getLogicalBackupS3Sse() {
    return logicalBackupS3Sse;
  }

  public void setLogicalBackupS3Sse(String logicalBackupS3Sse) {
    this.logicalBackupS3Sse = logicalBackupS3Sse;
  }

  public String getLogicalBackupSchedule() {
    return logicalBackupSchedule;
  }

  public void setLogicalBackupSchedule(String logicalBackupSchedule) {
    this.logicalBackupSchedule = logicalBackupSchedule;
  }

  public Integer getLogicalBackupSuccessfulJobsHistoryLimit() {
    return logicalBackupSuccessfulJobsHistoryLimit;
  }

  public void setLogicalBackupSuccessfulJobsHistoryLimit(
      Integer logicalBackupSuccessfulJobsHistoryLimit) {
    this.logicalBackupSuccessfulJobsHistoryLimit = logicalBackupSuccessfulJobsHistoryLimit;
  }

  public Integer getLogicalBackupTtlSecondsAfterFinished() {
    return logicalBackupTtlSecondsAfterFinished;
  }

  public void setLogicalBackupTtlSecondsAfterFinished(
      Integer logicalBackupTtlSecondsAfterFinished) {
    this.logicalBackupTtlSecondsAfterFinished = logicalBackupTtlSecondsAfterFinished;
  }
}
