package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.tusk.api.schema.SchemaConstraints;

/**
 * The {@code spec.clone} section: which cluster a new cluster is bootstrapped from, and up to which
 * point in time. Mirrors {@code postgresql_type.go#CloneDescription} (v2.0.1).
 */
public class CloneDescription extends UnknownPropertyHolder {

  @SchemaConstraints(format = "uuid")
  private String uid;

  @Required private String cluster;

  @Pattern(ValidationPatterns.RFC3339_WITH_OFFSET)
  @JsonPropertyDescription(
      "Point in time to recover to (RFC 3339 with UTC offset); empty clones a running "
          + "cluster with pg_basebackup.")
  private String timestamp;

  @JsonProperty("s3_wal_path")
  private String s3WalPath;

  @JsonProperty("s3_endpoint")
  private String s3Endpoint;

  @JsonProperty("s3_access_key_id")
  private String s3AccessKeyId;

  @JsonProperty("s3_secret_access_key")
  private String s3SecretAccessKey;

  @JsonProperty("s3_force_path_style")
  private Boolean s3ForcePathStyle;

  public String getUid() {
    return uid;
  }

  public void setUid(String uid) {
    this.uid = uid;
  }

  public String getCluster() {
    return cluster;
  }

  public void setCluster(String cluster) {
    this.cluster = cluster;
  }

  public String getTimestamp() {
    return timestamp;
  }

  public void setTimestamp(String timestamp) {
    this.timestamp = timestamp;
  }

  public String getS3WalPath() {
    return s3WalPath;
  }

  public void setS3WalPath(String s3WalPath) {
    this.s3WalPath = s3WalPath;
  }

  public String getS3Endpoint() {
    return s3Endpoint;
  }

  public void setS3Endpoint(String s3Endpoint) {
    this.s3Endpoint = s3Endpoint;
  }

  public String getS3AccessKeyId() {
    return s3AccessKeyId;
  }

  public void setS3AccessKeyId(String s3AccessKeyId) {
    this.s3AccessKeyId = s3AccessKeyId;
  }

  public String getS3SecretAccessKey() {
    return s3SecretAccessKey;
  }

  public void setS3SecretAccessKey(String s3SecretAccessKey) {
    this.s3SecretAccessKey = s3SecretAccessKey;
  }

  public Boolean getS3ForcePathStyle() {
    return s3ForcePathStyle;
  }

  public void setS3ForcePathStyle(Boolean s3ForcePathStyle) {
    this.s3ForcePathStyle = s3ForcePathStyle;
  }
}
