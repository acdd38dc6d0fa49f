package io.tusk.operator.status;

/** Reasons of the Events Tusk records on a {@code postgresql} resource (Zalando uses the same words). */
public enum EventReason {
  Create,
  Update,
  Sync,
  Delete,
  Invalid,
  UnknownFields,
  StatefulSet,
  RollingUpdate,
  SyncFailed,
  Configuration
}
