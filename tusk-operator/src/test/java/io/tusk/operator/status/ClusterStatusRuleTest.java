package io.tusk.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The status rule as a table: what a reconcile writes, from what it found and learnt. */
class ClusterStatusRuleTest {

  private static final String LEADER = "waiting for Patroni to elect a leader: ...";

  /**
   * leader: none, waiting, timedOut. "" in the message column is no message. The rows for a failed
   * status that stays while retries fail are those with a failure in every flow.
   */
  @ParameterizedTest(name = "{0}, failure={1}, ready={2}, pending={3}, leader={4} -> {5} {6}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
# phase | failure  | ready | pending | leader   | status       | message
CREATE  | -        | false | false   | none     | Creating     | waiting for pods to be ready
CREATE  | -        | true  | true    | none     | Creating     | waiting for the primary to create roles and databases
CREATE  | -        | true  | false   | none     | Running      | ''
CREATE  | no route | false | false   | none     | CreateFailed | no route
CREATE  | no route | true  | true    | none     | CreateFailed | no route
CREATE  | no route | true  | true    | timedOut | CreateFailed | no route
CREATE  | -        | false | false   | waiting  | Creating     | waiting for Patroni to elect a leader: ...
CREATE  | -        | true  | true    | waiting  | Creating     | waiting for Patroni to elect a leader: ...
CREATE  | -        | true  | false   | waiting  | Creating     | waiting for Patroni to elect a leader: ...
CREATE  | -        | true  | true    | timedOut | CreateFailed | waiting for Patroni to elect a leader: ...
UPDATE  | -        | false | false   | none     | Updating     | waiting for pods to be ready
UPDATE  | -        | true  | false   | none     | Running      | ''
UPDATE  | no route | true  | false   | none     | UpdateFailed | no route
UPDATE  | -        | true  | true    | timedOut | UpdateFailed | waiting for Patroni to elect a leader: ...
UPDATE  | -        | true  | false   | waiting  | Updating     | waiting for Patroni to elect a leader: ...
SYNC    | -        | true  | false   | waiting  | Running      | ''
SYNC    | -        | false | true    | none     | Running      | ''
SYNC    | -        | false | true    | timedOut | Running      | ''
SYNC    | no route | true  | false   | none     | SyncFailed   | no route
""")
  void afterAReconcile(
      Phase phase,
      String failure,
      boolean ready,
      boolean pending,
      String leader,
      String status,
      String message) {
    ClusterStatusRule.LeaderWait wait =
        switch (leader) {
          case "waiting" -> new ClusterStatusRule.LeaderWait(LEADER, false);
          case "timedOut" -> new ClusterStatusRule.LeaderWait(LEADER, true);
          default -> null;
        };
    assertThat(
            ClusterStatusRule.after(
                new ClusterStatusRule.Facts(phase, failure, ready, pending, wait)))
        .isEqualTo(new ClusterStatusRule.Status(status, message));
  }

  /**
   * "keep" means nothing is written: the failed status of the flow stays until a retry is further.
   */
  @ParameterizedTest(name = "{0}, found {1} / {2} -> {3} {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # phase | found        | message         | writes       | message
          CREATE  | -            | -               | Creating     | ''
          CREATE  | Creating     | waiting for pods | Creating    | waiting for pods
          CREATE  | CreateFailed | no route        | keep         | -
          CREATE  | Invalid      | bad field       | Creating     | ''
          UPDATE  | Running      | ''              | Updating     | ''
          UPDATE  | UpdateFailed | no route        | keep         | -
          UPDATE  | SyncFailed   | no route        | Updating     | no route
          UPDATE  | Invalid      | bad field       | Updating     | ''
          SYNC    | Running      | ''              | keep         | -
          SYNC    | SyncFailed   | no route        | keep         | -
          """)
  void beforeApplying(
      Phase phase, String found, String foundMessage, String writes, String message) {
    var before = ClusterStatusRule.beforeApply(phase, found, foundMessage);
    if ("keep".equals(writes)) {
      assertThat(before).isEmpty();
    } else {
      assertThat(before).contains(new ClusterStatusRule.Status(writes, message));
    }
  }
}
