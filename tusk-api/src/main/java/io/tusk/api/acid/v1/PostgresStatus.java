package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Set;

/**
 * Observed state of a Postgres cluster: the {@code status} of a {@code postgresql} resource.
 * Mirrors {@code postgresql_type.go#PostgresStatus} and the status constants of {@code const.go}
 * (v2.0.1). {@code PostgresClusterStatus} is Zalando's field and keeps its capitalised JSON name;
 * {@code observedGeneration}, {@code message}, {@code conditions} and {@code backup} are Tusk
 * additions that Zalando's tooling ignores.
 *
 * <p>Like Zalando's {@code UnmarshalJSON}, reading also accepts the legacy form where the whole
 * status is a plain string ({@code status: Running}).
 */
public class PostgresStatus extends UnknownPropertyHolder {

  /** Status not known yet. */
  public static final String UNKNOWN = "";

  public static final String CREATING = "Creating";
  public static final String UPDATING = "Updating";
  public static final String UPDATE_FAILED = "UpdateFailed";
  public static final String SYNC_FAILED = "SyncFailed";
  public static final String CREATE_FAILED = "CreateFailed";
  public static final String RUNNING = "Running";

  /** The manifest could not be accepted; {@link #getMessage()} says why. */
  public static final String INVALID = "Invalid";

  private static final Set<String> FAILED = Set.of(CREATE_FAILED, UPDATE_FAILED, SYNC_FAILED);

  @JsonProperty("PostgresClusterStatus")
  @Required
  private String postgresClusterStatus;

  @JsonPropertyDescription("metadata.generation of the spec the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("Human-readable detail of the current status, e.g. why it is Invalid.")
  private String message;

  @JsonPropertyDescription("Standard Kubernetes conditions describing the cluster.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "What the operator last saw of the cluster's WAL archive, base backups and logical backups"
          + " (written separately from the rest of the status, every backup_status_interval).")
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  private BackupStatus backup;

  public PostgresStatus() {}

  /** A status holding only Zalando's field. */
  public PostgresStatus(String postgresClusterStatus) {
    this.postgresClusterStatus = postgresClusterStatus;
  }

  /** Reads the legacy plain-string status form. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static PostgresStatus fromLegacyString(String postgresClusterStatus) {
    return new PostgresStatus(postgresClusterStatus);
  }

  public String getPostgresClusterStatus() {
    return postgresClusterStatus;
  }

  public void setPostgresClusterStatus(String postgresClusterStatus) {
    this.postgresClusterStatus = postgresClusterStatus;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public BackupStatus getBackup() {
    return backup;
  }

  public void setBackup(BackupStatus backup) {
    this.backup = backup;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /**
   * Zalando's {@code PostgresStatus.Success()}: true unless the last create/update/sync failed.
   * Failed clusters are picked up by the repair scan.
   */
  @JsonIgnore
  public boolean isSuccess() {
    return !FAILED.contains(postgresClusterStatus);
  }

  /** Whether the cluster is {@value #RUNNING}. */
  @JsonIgnore
  public boolean isRunning() {
    return RUNNING.equals(postgresClusterStatus);
  }
}
