package io.tusk.operator.status;

/**
 * Reasons of the Events Tusk records on a {@code postgresql} resource (Zalando uses the same
 * words).
 */
public enum EventReason {
  Create,
  Update,
  Sync,
  Delete,
  Invalid,
  UnknownFields,
  StatefulSet,
  RollingUpdate,
  /** A switchover the operator asked Patroni for (rolling update, restart, scale-down, drain). */
  Switchover,
  SyncFailed,
  Configuration,
  /** A role left the manifest and was dropped ({@code enable_role_deletion}); Tusk only. */
  RoleDropped,
  /** A database left the manifest and was dropped ({@code enable_database_deletion}); Tusk only. */
  DatabaseDropped,
  /** Pods run but none became the leader for a minute; says what is awaited. Tusk only. */
  NoLeader,
  /**
   * A pod of a new or changed cluster has run for a minute without its role label (master or
   * replica); says which. Tusk only.
   */
  NoRole,
  /** What the pods need from RBAC is missing, e.g. the postgres-pod ClusterRole. Tusk only. */
  PodRbac,
  /**
   * A manifest value Zalando accepts with a log line (clamped, ignored, falling back). Tusk only.
   */
  ManifestWarning,
  /**
   * Event streams: {@code wal_level}, publications, Patroni's slots, {@code FabricEventStream}
   * resources, and what waits. Tusk only (Zalando logs these).
   */
  EventStreams,
  /**
   * Data volumes: claims grown to {@code volume.size}, a shrink refused, {@code
   * storage_resize_mode} falling back to {@code pvc}. Tusk only (Zalando logs these).
   */
  Volumes,
  /**
   * {@code postgresql.version}: a decrease that is ignored (Zalando's Warning, same reason), and a
   * change that waits for a maintenance window (Tusk only; Zalando logs nothing).
   */
  PostgreSQL,
  /**
   * Connection poolers: paused around a switchover and resumed, sent RECONNECT after the primary
   * moved. Tusk only (Zalando does neither).
   */
  Pooler,
  /**
   * In-place major version upgrades: started, finished, failed, and what one waits for. Written as
   * Zalando's reason, {@code Major Version Upgrade}.
   */
  MajorVersionUpgrade("Major Version Upgrade");

  private final String text;

  EventReason() {
    this.text = name();
  }

  EventReason(String text) {
    this.text = text;
  }

  /** The reason as Events carry it. */
  public String text() {
    return text;
  }
}
