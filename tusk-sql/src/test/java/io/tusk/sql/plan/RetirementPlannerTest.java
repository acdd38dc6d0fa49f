package io.tusk.sql.plan;

import static io.tusk.sql.plan.Catalogs.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.RoleAttribute;
import io.tusk.sql.model.RotationRetention;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetirementPlannerTest {

  private static List<String> sql(Plan plan) {
    return plan.changes().stream()
        .flatMap(
            c ->
                c.statements().stream()
                    .map(s -> (c.database() == null ? "" : c.database() + ": ") + s.display()))
        .toList();
  }

  @Test
  void removedRolesLoseLoginByDefault() {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(DesiredRole.builder("kept", RoleOrigin.MANIFEST).build())
            .previouslyManagedRoles(Set.of("kept", "gone", "already_off", "vanished"))
            .build();

    var r =
        RetirementPlanner.plan(
            state,
            catalog()
                .role("kept", null, RoleAttribute.LOGIN)
                .role("gone", null, RoleAttribute.LOGIN)
                .role("already_off", null)
                .build(),
            SyncOptions.defaults(),
            "postgres",
            "postgres");

    assertThat(sql(r.disable())).containsExactly("ALTER ROLE \"gone\" WITH NOLOGIN");
    assertThat(r.dropRoles().changes()).isEmpty();
    assertThat(r.stillManagedRoles()).containsExactly("gone");
  }

  @Test
  void roleDeletionReassignsPerDatabaseThenDrops() {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder().previouslyManagedRoles(Set.of("leaver")).build();
    var catalog =
        catalog()
            .role("leaver", null, RoleAttribute.LOGIN)
            .role("alice", null)
            .database("app", "alice", 0)
            .database("own", "leaver", 0)
            .objectsIn("leaver", "app", "own")
            .build();

    var r =
        RetirementPlanner.plan(
            state,
            catalog,
            SyncOptions.defaults().toBuilder().enableRoleDeletion(true).build(),
            "postgres",
            "postgres");

    assertThat(sql(r.dropRoles()))
        .containsExactly(
            "ALTER DATABASE \"own\" OWNER TO \"postgres\"",
            "app: REASSIGN OWNED BY \"leaver\" TO \"alice\"",
            "app: DROP OWNED BY \"leaver\"",
            "own: REASSIGN OWNED BY \"leaver\" TO \"postgres\"",
            "own: DROP OWNED BY \"leaver\"",
            "DROP ROLE \"leaver\"");
    assertThat(r.dropRoles().changes()).allMatch(c -> c.subject().name().equals("leaver"));
  }

  @Test
  void databasesAreKeptUnlessDeletionIsOnAndIdle() {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .previouslyManagedDatabases(Set.of("idle", "busy", "postgres"))
            .build();
    var catalog = catalog().database("idle", "postgres", 0).database("busy", "postgres", 2).build();

    var keep =
        RetirementPlanner.plan(state, catalog, SyncOptions.defaults(), "postgres", "postgres");
    SyncOptions dropOptions =
        SyncOptions.defaults().toBuilder().enableDatabaseDeletion(true).build();
    var drop = RetirementPlanner.plan(state, catalog, dropOptions, "postgres", "postgres");
    var force =
        RetirementPlanner.plan(
            state,
            catalog,
            dropOptions.toBuilder().forceDatabaseDeletionWithConnections(true).build(),
            "postgres",
            "postgres");

    assertThat(keep.dropDatabases().changes()).isEmpty();
    assertThat(keep.disable().warnings()).hasSize(2);
    assertThat(sql(drop.dropDatabases())).containsExactly("DROP DATABASE \"idle\"");
    assertThat(drop.refused())
        .singleElement()
        .satisfies(e -> assertThat(e.toString()).contains("busy").contains("2 open"));
    assertThat(drop.stillManagedDatabases()).containsExactly("busy");
    assertThat(sql(force.dropDatabases()))
        .containsExactly("DROP DATABASE \"busy\" WITH (FORCE)", "DROP DATABASE \"idle\"");
  }

  @Test
  void teamMembersAreFoundThroughThePamRoleAndRenamed() {
    var catalog =
        catalog()
            .role("zalandos", null)
            .role("jdoe", null, RoleAttribute.LOGIN)
            .role("amy", null, RoleAttribute.LOGIN)
            .member("jdoe", "zalandos", false)
            .member("amy", "zalandos", false)
            .build();
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(DesiredRole.builder("amy", RoleOrigin.TEAMS_API).build())
            .build();
    SyncOptions deprecation =
        SyncOptions.defaults().toBuilder()
            .teamMemberDeprecation(true)
            .roleDeletionSuffix("_deleted")
            .pamRoleName("zalandos")
            .build();

    var r = RetirementPlanner.plan(state, catalog, deprecation, "postgres", "postgres");
    var unknown =
        RetirementPlanner.plan(
            state.toBuilder().teamMembersComplete(false).build(),
            catalog,
            deprecation,
            "postgres",
            "postgres");

    assertThat(sql(r.disable()))
        .containsExactly(
            "ALTER ROLE \"jdoe\" WITH NOLOGIN", "ALTER ROLE \"jdoe\" RENAME TO \"jdoe_deleted\"");
    assertThat(unknown.disable().changes()).isEmpty();
  }

  @Test
  void olderRotationUsersAreNotRetiredButDroppedByRetention() {
    var catalog =
        catalog()
            .role("app", null, RoleAttribute.LOGIN)
            .role("app240101", null, RoleAttribute.LOGIN)
            .role("app250301", null, RoleAttribute.LOGIN)
            .member("app240101", "app", false)
            .member("app250301", "app", false)
            .build();
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(DesiredRole.builder("app", RoleOrigin.MANIFEST).build())
            .role(DesiredRole.builder("app250315", RoleOrigin.MANIFEST).rotationOf("app").build())
            .previouslyManagedRoles(Set.of("app", "app250301"))
            .rotationRetention(new RotationRetention("app", LocalDate.of(2024, 9, 16)))
            .build();

    var r = RetirementPlanner.plan(state, catalog, SyncOptions.defaults(), "postgres", "postgres");

    assertThat(r.disable().changes()).isEmpty();
    assertThat(sql(r.dropRoles())).containsExactly("DROP ROLE \"app240101\"");
  }
}
