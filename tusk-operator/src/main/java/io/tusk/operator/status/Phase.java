package io.tusk.operator.status;

import io.tusk.api.acid.v1.PostgresStatus;
import io.tusk.api.acid.v1.Postgresql;
import java.util.Objects;

/** Which of Zalando's three flows a reconcile corresponds to, for status words and Events. */
public enum Phase {
  CREATE(PostgresStatus.CREATING, PostgresStatus.CREATE_FAILED, EventReason.Create),
  UPDATE(PostgresStatus.UPDATING, PostgresStatus.UPDATE_FAILED, EventReason.Update),
  SYNC(PostgresStatus.RUNNING, PostgresStatus.SYNC_FAILED, EventReason.Sync);

  public final String inProgress;
  public final String failed;
  public final EventReason reason;

  Phase(String inProgress, String failed, EventReason reason) {
    this.inProgress = inProgress;
    this.failed = failed;
    this.reason = reason;
  }

  public static Phase of(Postgresql pg, boolean statefulSetExists) {
    PostgresStatus status = pg.getStatus();
    String s =
        status == null || status.getPostgresClusterStatus() == null
            ? ""
            : status.getPostgresClusterStatus();
    if (s.isEmpty()
        || s.equals(PostgresStatus.CREATING)
        || s.equals(PostgresStatus.CREATE_FAILED)
        || (s.equals(PostgresStatus.INVALID) && !statefulSetExists)) {
      return CREATE;
    }
    boolean specChanged =
        !Objects.equals(status.getObservedGeneration(), pg.getMetadata().getGeneration());
    if (specChanged
        || s.equals(PostgresStatus.UPDATING)
        || s.equals(PostgresStatus.UPDATE_FAILED)
        || s.equals(PostgresStatus.INVALID)) {
      return UPDATE;
    }
    return SYNC;
  }
}
