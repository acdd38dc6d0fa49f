package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What the operator last saw of a cluster's backups: the {@code status.backup} of a {@code
 * postgresql} resource (a Tusk addition that Zalando's tooling ignores). The WAL archive comes from
 * {@code pg_stat_archiver} on the primary, the base backups from {@code wal-g backup-list} there
 * (Spilo's envdir), the logical backup from its CronJob. Times are as PostgreSQL, WAL-G and the
 * CronJob report them (ISO 8601).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus {

  @JsonPropertyDescription("When the operator last looked at the backups.")
  private String checkedAt;

  @JsonPropertyDescription("The last WAL segment archived (pg_stat_archiver.last_archived_wal).")
  private String lastArchivedWal;

  @JsonPropertyDescription("When it was archived.")
  private String lastArchivedTime;

  @JsonPropertyDescription("Failed archiving attempts since the statistics were reset.")
  private Long archiveFailures;

  @JsonPropertyDescription("The WAL segment of the last failed attempt.")
  private String lastFailedWal;

  @JsonPropertyDescription("When the last attempt failed.")
  private String lastFailedTime;

  @JsonPropertyDescription("How many base backups the archive holds.")
  private Integer baseBackups;

  @JsonPropertyDescription("The newest base backup's name.")
  private String lastBaseBackup;

  @JsonPropertyDescription("When the newest base backup finished.")
  private String lastBaseBackupTime;

  @JsonPropertyDescription(
      "The earliest time a point-in-time recovery (clone with a timestamp) can reach: the end of"
          + " the oldest base backup.")
  private String firstRecoverablePoint;

  @JsonPropertyDescription("When the last logical backup job succeeded (its CronJob's status).")
  private String lastLogicalBackupTime;

  @JsonPropertyDescription("Why part of the above could not be read, when it could not.")
  private String message;

  public String getCheckedAt() {
    return checkedAt;
  }

  public void setCheckedAt(String checkedAt) {
    this.checkedAt = checkedAt;
  }

  public String getLastArchivedWal() {
    return lastArchivedWal;
  }

  public void setLastArchivedWal(String lastArchivedWal) {
    this.lastArchivedWal = lastArchivedWal;
  }

  public String getLastArchivedTime() {
    return lastArchivedTime;
  }

  public void setLastArchivedTime(String lastArchivedTime) {
    this.lastArchivedTime = lastArchivedTime;
  }

  public Long getArchiveFailures() {
    return archiveFailures;
  }

  public void setArchiveFailures(Long archiveFailures) {
    this.archiveFailures = archiveFailures;
  }

  public String getLastFailedWal() {
    return lastFailedWal;
  }

  public void setLastFailedWal(String lastFailedWal) {
    this.lastFailedWal = lastFailedWal;
  }

  public String getLastFailedTime() {
    return lastFailedTime;
  }

  public void setLastFailedTime(String lastFailedTime) {
    this.lastFailedTime = lastFailedTime;
  }

  public Integer getBaseBackups() {
    return baseBackups;
  }

  public void setBaseBackups(Integer baseBackups) {
    this.baseBackups = baseBackups;
  }

  public String getLastBaseBackup() {
    return lastBaseBackup;
  }

  public void setLastBaseBackup(String lastBaseBackup) {
    this.lastBaseBackup = lastBaseBackup;
  }

  public String getLastBaseBackupTime() {
    return lastBaseBackupTime;
  }

  public void setLastBaseBackupTime(String lastBaseBackupTime) {
    this.lastBaseBackupTime = lastBaseBackupTime;
  }

  public String getFirstRecoverablePoint() {
    return firstRecoverablePoint;
  }

  public void setFirstRecoverablePoint(String firstRecoverablePoint) {
    this.firstRecoverablePoint = firstRecoverablePoint;
  }

  public String getLastLogicalBackupTime() {
    return lastLogicalBackupTime;
  }

  public void setLastLogicalBackupTime(String lastLogicalBackupTime) {
    this.lastLogicalBackupTime = lastLogicalBackupTime;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
