package io.tusk.operator.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.operator.status.EventReason;
import io.tusk.sql.Effect;
import io.tusk.sql.Subject;
import io.tusk.sql.SyncError;
import io.tusk.sql.SyncResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncReportTest {

  private static SyncResult result(List<Effect> effects, List<SyncError> errors) {
    return new SyncResult(true, effects, errors, List.of(), List.of(), Set.of(), Set.of());
  }

  private static Effect effect(Effect.Kind kind, Subject subject, String detail) {
    return new Effect(kind, subject, detail);
  }

  @Test
  void changesAreSummarisedInOneEventOfThePhase() {
    SyncResult r =
        result(
            List.of(
                effect(Effect.Kind.ROLE_CREATED, Subject.role("foo_user"), "manifest role"),
                effect(
                    Effect.Kind.ROLE_CREATED, Subject.role("prep_owner"), "prepared database role"),
                effect(Effect.Kind.ROLE_ALTERED, Subject.role("bar"), "password"),
                effect(Effect.Kind.ROLE_DISABLED, Subject.role("old"), "no longer wanted"),
                effect(Effect.Kind.ROLE_RENAMED, Subject.role("jdoe"), "jdoe -> jdoe_deleted"),
                effect(Effect.Kind.DATABASE_CREATED, Subject.database("foo"), "owner bar"),
                effect(
                    Effect.Kind.SCHEMA_CREATED,
                    Subject.in("prep", Subject.Kind.SCHEMA, "data"),
                    "owner prep_data_owner"),
                effect(
                    Effect.Kind.PRIVILEGES_GRANTED,
                    Subject.in("prep", Subject.Kind.SCHEMA, "data"),
                    "USAGE on schema data to prep_reader"),
                effect(
                    Effect.Kind.PRIVILEGES_GRANTED,
                    Subject.in("prep", Subject.Kind.DEFAULT_PRIVILEGES, "prep_owner"),
                    "SELECT ...")),
            List.of());
    List<SyncReport.Note> notes = SyncReport.notes(r, EventReason.Create);
    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).reason()).isEqualTo(EventReason.Create);
    assertThat(notes.get(0).message())
        .isEqualTo(
            "created roles \"foo_user\", \"prep_owner\"; altered roles \"bar\" (password); revoked"
                + " LOGIN of roles \"old\" (no longer wanted); renamed roles jdoe -> jdoe_deleted;"
                + " created databases \"foo\" (owner bar); created schemas \"data\" in database"
                + " \"prep\"; granted privileges 2 in database \"prep\"");
  }

  @Test
  void nothingChangedMeansNoEvent() {
    assertThat(SyncReport.notes(result(List.of(), List.of()), EventReason.Sync)).isEmpty();
  }

  @Test
  void eachDropGetsItsOwnEventSayingWhatWasDroppedAndWhereItsObjectsWent() {
    SyncResult r =
        result(
            List.of(
                effect(
                    Effect.Kind.DATABASE_OWNER_CHANGED,
                    Subject.database("legacy"),
                    "owner gone_user is dropped; new owner postgres"),
                effect(
                    Effect.Kind.OWNED_OBJECTS_REASSIGNED,
                    Subject.role("gone_user"),
                    "objects in database foo now owned by bar"),
                effect(Effect.Kind.ROLE_DROPPED, Subject.role("gone_user"), "no longer wanted"),
                effect(
                    Effect.Kind.DATABASE_DROPPED,
                    Subject.database("old_db"),
                    "no longer wanted; 2 connection(s) terminated")),
            List.of());
    List<SyncReport.Note> notes = SyncReport.notes(r, EventReason.Sync);
    assertThat(notes)
        .extracting(SyncReport.Note::reason)
        .containsExactly(EventReason.RoleDropped, EventReason.DatabaseDropped);
    assertThat(notes.get(0).message())
        .isEqualTo(
            "dropped role \"gone_user\": no longer wanted; database \"legacy\" now owned by"
                + " postgres; objects in database foo now owned by bar");
    assertThat(notes.get(1).message())
        .isEqualTo("dropped database \"old_db\": no longer wanted; 2 connection(s) terminated");
  }

  @Test
  void failuresNameEachRoleOrDatabaseAndTheReason() {
    List<SyncError> errors =
        List.of(
            new SyncError(
                Subject.role("prep_writer"),
                "role \"prep_reader\" is a member of role" + " \"prep_writer\""),
            new SyncError(Subject.database("old_db"), "not dropped: 1 open connection(s)"));
    assertThat(SyncReport.failureMessage(SyncReport.errorTexts(errors)))
        .isEqualTo(
            "could not sync roles and databases: role \"prep_writer\": role"
                + " \"prep_reader\" is a member of role \"prep_writer\"; database \"old_db\": not"
                + " dropped: 1 open connection(s)");
    // failures are not Normal Events
    assertThat(SyncReport.notes(result(List.of(), errors), EventReason.Sync)).isEmpty();
  }

  @Test
  void longMessagesAreCut() {
    String message = SyncReport.failureMessage(List.of("x".repeat(5000)));
    assertThat(message).hasSize(SyncReport.MAX_MESSAGE).endsWith("more characters)");
    assertThat(SyncReport.cap("short")).isEqualTo("short");
  }
}
