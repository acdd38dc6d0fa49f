package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tusk.api.schema.SchemaExtension;

/**
 * The {@code spec.standby} section: the WAL archive and/or remote primary a standby cluster
 * follows. At least one of {@code s3_wal_path}, {@code gs_wal_path}, {@code standby_host} is
 * needed, and the two WAL paths exclude each other (enforced by the CRD schema). Mirrors {@code
 * postgresql_type.go#StandbyDescription} (v2.0.1).
 */
@SchemaExtension(
    "{\"anyOf\":[{\"required\":[\"s3_wal_path\"]},{\"required\":[\"gs_wal_path\"]},"
        + "{\"required\":[\"standby_host\"]}],"
        + "\"not\":{\"required\":[\"s3_wal_path\",\"gs_wal_path\"]}}")
public class StandbyDescription extends UnknownPropertyHolder {

  @JsonProperty("s3_wal_path")
  private String s3WalPath;

  @JsonProperty("gs_wal_path")
  private String gsWalPath;

  @JsonProperty("standby_host")
  private String standbyHost;

  @JsonProperty("standby_port")
  private String standbyPort;

  @JsonProperty("standby_primary_slot_name")
  private String standbyPrimarySlotName;

  public String getS3WalPath() {
    return s3WalPath;
  }

  public void setS3WalPath(String s3WalPath) {
    this.s3WalPath = s3WalPath;
  }

  public String getGsWalPath() {
    return gsWalPath;
  }

  public void setGsWalPath(String gsWalPath) {
    this.gsWalPath = gsWalPath;
  }

  public String getStandbyHost() {
    return standbyHost;
  }

  public void setStandbyHost(String standbyHost) {
    this.standbyHost = standbyHost;
  }

  public String getStandbyPort() {
    return standbyPort;
  }

  public void setStandbyPort(String standbyPort) {
    this.standbyPort = standbyPort;
  }

  public String getStandbyPrimarySlotName() {
    return standbyPrimarySlotName;
  }

  public void setStandbyPrimarySlotName(String standbyPrimarySlotName) {
    this.standbyPrimarySlotName = standbyPrimarySlotName;
  }
}
