package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The {@code spec.patroni} section: Patroni DCS settings, initdb options, pg_hba and permanent
 * slots. Mirrors {@code postgresql_type.go#Patroni} (v2.0.1).
 */
public class Patroni extends UnknownPropertyHolder {

  private Map<String, String> initdb;

  @JsonProperty("pg_hba")
  private List<String> pgHba;

  private Integer ttl;

  @JsonProperty("loop_wait")
  private Integer loopWait;

  @JsonProperty("retry_timeout")
  private Integer retryTimeout;

  @JsonProperty("maximum_lag_on_failover")
  private Long maximumLagOnFailover;

  /** Permanent replication slots: slot name to {@code type}, {@code database}, {@code plugin}. */
  private Map<String, Map<String, String>> slots;

  @JsonProperty("synchronous_mode")
  private Boolean synchronousMode;

  @JsonProperty("synchronous_mode_strict")
  private Boolean synchronousModeStrict;

  @JsonProperty("synchronous_node_count")
  private Integer synchronousNodeCount;

  @JsonProperty("failsafe_mode")
  private Boolean failsafeMode;

  public Map<String, String> getInitdb() {
    return initdb;
  }

  public void setInitdb(Map<String, String> initdb) {
    this.initdb = initdb;
  }

  public List<String> getPgHba() {
    return pgHba;
  }

  public void setPgHba(List<String> pgHba) {
    this.pgHba = pgHba;
  }

  public Integer getTtl() {
    return ttl;
  }

  public void setTtl(Integer ttl) {
    this.ttl = ttl;
  }

  public Integer getLoopWait() {
    return loopWait;
  }

  public void setLoopWait(Integer loopWait) {
    this.loopWait = loopWait;
  }

  public Integer getRetryTimeout() {
    return retryTimeout;
  }

  public void setRetryTimeout(Integer retryTimeout) {
    this.retryTimeout = retryTimeout;
  }

  public Long getMaximumLagOnFailover() {
    return maximumLagOnFailover;
  }

  public void setMaximumLagOnFailover(Long maximumLagOnFailover) {
    this.maximumLagOnFailover = maximumLagOnFailover;
  }

  public Map<String, Map<String, String>> getSlots() {
    return slots;
  }

  public void setSlots(Map<String, Map<String, String>> slots) {
    this.slots = slots;
  }

  public Boolean getSynchronousMode() {
    return synchronousMode;
  }

  public void setSynchronousMode(Boolean synchronousMode) {
    this.synchronousMode = synchronousMode;
  }

  public Boolean getSynchronousModeStrict() {
    return synchronousModeStrict;
  }

  public void setSynchronousModeStrict(Boolean synchronousModeStrict) {
    this.synchronousModeStrict = synchronousModeStrict;
  }

  public Integer getSynchronousNodeCount() {
    return synchronousNodeCount;
  }

  public void setSynchronousNodeCount(Integer synchronousNodeCount) {
    this.synchronousNodeCount = synchronousNodeCount;
  }

  public Boolean getFailsafeMode() {
    return failsafeMode;
  }

  public void setFailsafeMode(Boolean failsafeMode) {
    this.failsafeMode = failsafeMode;
  }
}
