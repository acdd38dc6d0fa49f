package io.tusk.operator.status;

import io.tusk.api.acid.v1.Postgresql;

/** Where a cluster's status goes: {@link StatusWriter} patches it, tests collect it. */
public interface StatusSink {

  /** Sets the status and message; returns false when nothing had to be written. */
  boolean write(Postgresql pg, String clusterStatus, String message);
}
