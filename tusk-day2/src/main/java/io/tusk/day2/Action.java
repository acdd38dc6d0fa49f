package io.tusk.day2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** One step of a day-2 operation, with the reason a user reads in Events and plans. */
public sealed interface Action {

  /** Why this step, in a sentence. */
  String reason();

  /** The step and its reason, as Events and {@code tusk plan} print it. */
  String describe();

  /** {@code PATCH /config} with the keys that differ. */
  record PatchConfig(ObjectNode patch, List<String> keys, String reason) implements Action {
    @Override
    public String describe() {
      return "patch Patroni configuration (" + String.join(", ", keys) + ")";
    }
  }

  /** {@code POST /restart} of one member, only if a restart is still pending. */
  record Restart(String member, boolean primary, String reason) implements Action {
    @Override
    public String describe() {
      return "restart PostgreSQL in "
          + (primary ? "primary " : "replica ")
          + member
          + ": "
          + reason;
    }
  }

  /** {@code POST /switchover} from the leader to a candidate. */
  record Switchover(String from, String to, String reason) implements Action {
    @Override
    public String describe() {
      return "switch over from " + from + " to " + to + ": " + reason;
    }
  }

  /**
   * {@code POST /switchover} with {@code scheduled_at}: Patroni switches over from the leader to
   * the candidate at that time (the start of the next maintenance window), as Zalando schedules the
   * switchover that moves a primary off a node being drained.
   */
  record ScheduledSwitchover(String from, String to, Instant at, String reason) implements Action {
    @Override
    public String describe() {
      return "schedule a switchover from " + from + " to " + to + " at " + at + ": " + reason;
    }
  }

  /** Delete a pod so that its StatefulSet creates it again from the current template. */
  record RecreatePod(String pod, String reason) implements Action {
    @Override
    public String describe() {
      return "recreate pod " + pod + ": " + reason;
    }
  }

  /** Nothing may be done now; the next observation decides again. */
  record Wait(String reason) implements Action {
    @Override
    public String describe() {
      return "wait: " + reason;
    }
  }
}
