package io.tusk.sql.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.Effect;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.SyncResult;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.RotationRetention;
import io.tusk.sql.testing.PostgresTestSupport;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What happens to roles and databases that are no longer wanted, against a real server. */
class RetirementIT extends PostgresTestSupport {

  private static final SyncOptions KEEP = SyncOptions.defaults();
  private static final SyncOptions DROP =
      KEEP.toBuilder().enableRoleDeletion(true).enableDatabaseDeletion(true).build();

  private static DesiredRole manifest(String name) {
    return DesiredRole.builder(name, RoleOrigin.MANIFEST).password("pw-" + name).build();
  }

  private static DesiredRole teamMember(String name) {
    return DesiredRole.builder(name, RoleOrigin.TEAMS_API).memberOf("zalandos").build();
  }

  @Test
  void removedRolesLoseLoginButAreNeverDroppedByDefault() throws Exception {
    DatabaseDesiredState v1 =
        DatabaseDesiredState.builder()
            .role(manifest("stays"))
            .role(manifest("goes"))
            .database("goesdb", "goes")
            .build();
    SyncResult first = sync(v1, KEEP);
    assertThat(first.managedRoles()).containsExactlyInAnyOrder("stays", "goes");
    assertThat(first.managedDatabases()).containsExactly("goesdb");

    DatabaseDesiredState v2 =
        DatabaseDesiredState.builder()
            .role(manifest("stays"))
            .previouslyManagedRoles(first.managedRoles())
            .previouslyManagedDatabases(first.managedDatabases())
            .build();
    SyncResult second = sync(v2, KEEP);

    assertThat(second.disabledRoles()).containsExactly("goes");
    assertThat(second.droppedRoles()).isEmpty();
    assertThat(second.droppedDatabases()).isEmpty();
    assertThat(second.warnings())
        .anySatisfy(w -> assertThat(w).contains("goesdb").contains("enable_database_deletion"));
    assertThat(scalar("postgres", "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'goes'"))
        .isEqualTo("f");
    assertThat(scalar("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'goesdb'"))
        .isEqualTo("1");
    assertThat(second.managedRoles()).containsExactly("stays");

    DatabaseDesiredState v3 = v2.toBuilder().previouslyManagedRoles(second.managedRoles()).build();
    assertThat(ddlOfSecondSync(v3, KEEP)).isEmpty();

    // Wanted again: LOGIN comes back.
    SyncResult back = sync(v1, KEEP);
    assertThat(back.alteredRoles()).containsExactly("goes");
    assertThat(canLogin("goes", "pw-goes")).isTrue();
  }

  @Test
  void departedTeamMembersAreRenamedAndRenamedBackWhenTheyReturn() throws Exception {
    pg.execute("postgres", "CREATE ROLE zalandos NOLOGIN");
    SyncOptions deprecation =
        KEEP.toBuilder()
            .teamMemberDeprecation(true)
            .roleDeletionSuffix("_deleted")
            .pamRoleName("zalandos")
            .build();
    DatabaseDesiredState both =
        DatabaseDesiredState.builder().role(teamMember("jdoe")).role(teamMember("amy")).build();
    sync(both, deprecation);
    pg.execute("postgres", "ALTER ROLE jdoe SET work_mem = '8MB'");

    // jdoe left the team; the operator did not even remember her (no previouslyManagedRoles):
    // membership in the PAM role identifies team members.
    DatabaseDesiredState onlyAmy = DatabaseDesiredState.builder().role(teamMember("amy")).build();
    SyncResult left = sync(onlyAmy, deprecation);

    assertThat(left.disabledRoles()).containsExactly("jdoe");
    assertThat(left.renamedRoles()).containsExactly("jdoe -> jdoe_deleted");
    assertThat(
            column(
                "postgres",
                "SELECT rolname || ':' || rolcanlogin FROM pg_roles"
                    + " WHERE rolname LIKE 'jdoe%'"))
        .containsExactly("jdoe_deleted:false");
    assertThat(ddlOfSecondSync(onlyAmy, deprecation)).isEmpty();

    // The Teams API fails: nobody is retired.
    SyncResult outage =
        sync(DatabaseDesiredState.builder().teamMembersComplete(false).build(), deprecation);
    assertThat(outage.statements()).isEmpty();

    SyncResult returned = sync(both, deprecation);
    assertThat(returned.renamedRoles()).containsExactly("jdoe_deleted -> jdoe");
    assertThat(returned.alteredRoles()).containsExactly("jdoe");
    assertThat(
            column(
                "postgres",
                "SELECT rolname || ':' || rolcanlogin FROM pg_roles"
                    + " WHERE rolname LIKE 'jdoe%'"))
        .containsExactly("jdoe:true");
    assertThat(
            column(
                "postgres",
                "SELECT unnest(setconfig) FROM pg_db_role_setting s"
                    + " JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'jdoe'"))
        .containsExactly("work_mem=8MB");
  }

  @Test
  void withoutDeprecationDepartedTeamMembersOnlyLoseLoginWhenTuskKnewThem() throws Exception {
    pg.execute("postgres", "CREATE ROLE zalandos NOLOGIN");
    SyncResult first = sync(DatabaseDesiredState.builder().role(teamMember("jdoe")).build(), KEEP);

    // Not known from an earlier sync: left alone, as Zalando leaves uncached members.
    SyncResult unknown = sync(DatabaseDesiredState.builder().build(), KEEP);
    assertThat(unknown.statements()).isEmpty();
    assertThat(canLoginAttribute("jdoe")).isTrue();

    // Known: loses LOGIN, keeps its name.
    SyncResult known =
        sync(
            DatabaseDesiredState.builder().previouslyManagedRoles(first.managedRoles()).build(),
            KEEP);
    assertThat(known.disabledRoles()).containsExactly("jdoe");
    assertThat(known.renamedRoles()).isEmpty();
    assertThat(canLoginAttribute("jdoe")).isFalse();
  }

  @Test
  void aDroppedDatabaseIsNotTouchedByThePoolerStepAndOurOwnSessionsDoNotBlockIt() throws Exception {
    DesiredRole pooler =
        DesiredRole.builder("pooler", RoleOrigin.CONNECTION_POOLER).password("p").build();
    DatabaseDesiredState v1 =
        DatabaseDesiredState.builder()
            .role(pooler)
            .role(manifest("o"))
            .database("temporary", "o")
            .poolerLookup(new io.tusk.sql.model.PoolerLookup("pooler", "pooler"))
            .build();
    SyncResult first = sync(v1, DROP);
    assertThat(first.errors()).isEmpty();

    DatabaseDesiredState v2 =
        DatabaseDesiredState.builder()
            .role(pooler)
            .role(manifest("o"))
            .poolerLookup(new io.tusk.sql.model.PoolerLookup("pooler", "pooler"))
            .previouslyManagedRoles(first.managedRoles())
            .previouslyManagedDatabases(first.managedDatabases())
            .build();
    SyncResult second = sync(v2, DROP);

    assertThat(second.errors()).isEmpty();
    assertThat(second.droppedDatabases()).containsExactly("temporary");
    assertThat(ddlOfSecondSync(v2.toBuilder().previouslyManagedDatabases(Set.of()).build(), DROP))
        .isEmpty();
  }

  @Test
  void roleDeletionReassignsOwnedObjectsBeforeDroppingTheRole() throws Exception {
    DatabaseDesiredState v1 =
        DatabaseDesiredState.builder()
            .role(manifest("dbowner"))
            .role(manifest("leaver"))
            .database("work", "dbowner")
            .build();
    SyncResult first = sync(v1, DROP);
    try (Connection c = pg.connect("work");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE public.mine (v int)");
      st.execute("ALTER TABLE public.mine OWNER TO leaver");
      st.execute("CREATE TABLE public.shared (v int)");
      st.execute("GRANT SELECT ON public.shared TO leaver");
    }
    pg.execute("postgres", "GRANT CONNECT ON DATABASE work TO leaver");

    DatabaseDesiredState v2 =
        DatabaseDesiredState.builder()
            .role(manifest("dbowner"))
            .database("work", "dbowner")
            .previouslyManagedRoles(first.managedRoles())
            .previouslyManagedDatabases(first.managedDatabases())
            .build();
    SyncResult second = sync(v2, DROP);

    assertThat(second.errors()).isEmpty();
    assertThat(second.droppedRoles()).containsExactly("leaver");
    assertThat(second.effects())
        .extracting(Effect::kind)
        .contains(Effect.Kind.OWNED_OBJECTS_REASSIGNED, Effect.Kind.ROLE_DROPPED);
    assertThat(scalar("work", "SELECT tableowner FROM pg_tables WHERE tablename = 'mine'"))
        .isEqualTo("dbowner");
    assertThat(scalar("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'leaver'"))
        .isEqualTo("0");
    assertThat(second.managedRoles()).containsExactly("dbowner");
  }

  @Test
  void aDroppedRoleHandsItsDatabasesToTheNewOwnerOrTheSuperuser() throws Exception {
    DatabaseDesiredState v1 =
        DatabaseDesiredState.builder()
            .role(manifest("owner_gone"))
            .database("kept", "owner_gone")
            .build();
    SyncResult first = sync(v1, DROP);
    // A database the role owns that Tusk never managed.
    pg.execute("postgres", "CREATE DATABASE handmade OWNER owner_gone");
    try (Connection c = pg.connect("kept");
        Statement st = c.createStatement()) {
      st.execute("SET ROLE owner_gone");
      st.execute("CREATE TABLE public.t (v int)");
    }

    // The role leaves, the database stays wanted (its owner changes in the manifest).
    DatabaseDesiredState v2 =
        DatabaseDesiredState.builder()
            .role(manifest("new_boss"))
            .database("kept", "new_boss")
            .previouslyManagedRoles(first.managedRoles())
            .build();
    SyncResult second = sync(v2, DROP);

    assertThat(second.errors()).isEmpty();
    assertThat(second.droppedRoles()).containsExactly("owner_gone");
    assertThat(
            scalar(
                "postgres",
                "SELECT pg_get_userbyid(datdba) FROM pg_database" + " WHERE datname = 'kept'"))
        .isEqualTo("new_boss");
    assertThat(scalar("kept", "SELECT tableowner FROM pg_tables WHERE tablename = 't'"))
        .isEqualTo("new_boss");
    assertThat(
            scalar(
                "postgres",
                "SELECT pg_get_userbyid(datdba) FROM pg_database" + " WHERE datname = 'handmade'"))
        .isEqualTo("postgres");
  }

  @Test
  void databaseDeletionRefusesADatabaseWithOpenConnectionsUnlessForced() throws Exception {
    DatabaseDesiredState v1 =
        DatabaseDesiredState.builder()
            .role(manifest("o"))
            .database("busy", "o")
            .database("idle", "o")
            .build();
    SyncResult first = sync(v1, DROP);
    DatabaseDesiredState v2 =
        DatabaseDesiredState.builder()
            .role(manifest("o"))
            .previouslyManagedRoles(first.managedRoles())
            .previouslyManagedDatabases(first.managedDatabases())
            .build();

    try (Connection open = pg.connect("busy")) {
      SyncResult refused = sync(v2, DROP);

      assertThat(refused.droppedDatabases()).containsExactly("idle");
      assertThat(refused.errorsFor("busy"))
          .singleElement()
          .satisfies(e -> assertThat(e.reason()).contains("1 open connection(s)"));
      assertThat(scalar("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'busy'"))
          .isEqualTo("1");
      // Still managed, so the next sync tries again.
      assertThat(refused.managedDatabases()).containsExactly("busy");

      SyncResult forced =
          sync(
              v2.toBuilder().previouslyManagedDatabases(refused.managedDatabases()).build(),
              DROP.toBuilder().forceDatabaseDeletionWithConnections(true).build());
      assertThat(forced.droppedDatabases()).containsExactly("busy");
      assertThat(forced.statements())
          .extracting(s -> s.sql())
          .contains("DROP DATABASE \"busy\" WITH (FORCE)");
      assertThat(open.isValid(2)).isFalse();
    }
    assertThat(
            column(
                "postgres",
                "SELECT datname FROM pg_database WHERE datname IN" + " ('busy', 'idle')"))
        .isEmpty();
  }

  @Test
  void neverRetiresProtectedSystemOrUnmanagedRoles() throws Exception {
    pg.execute("postgres", "CREATE ROLE admin LOGIN", "CREATE ROLE handmade LOGIN");
    DatabaseDesiredState state =
        DatabaseDesiredState.builder().previouslyManagedRoles(Set.of("admin", "postgres")).build();

    SyncResult result = sync(state, DROP);

    assertThat(result.statements()).isEmpty();
    assertThat(
            column(
                "postgres",
                "SELECT rolname FROM pg_roles WHERE rolcanlogin"
                    + " AND rolname IN ('admin', 'handmade', 'postgres') ORDER BY 1"))
        .containsExactly("admin", "handmade", "postgres");
  }

  @Test
  void dropsRotationUsersOlderThanTheRetentionOnly() throws Exception {
    pg.execute(
        "postgres",
        "CREATE ROLE app LOGIN",
        "CREATE ROLE app240101 LOGIN IN ROLE app",
        "CREATE ROLE app250601 LOGIN IN ROLE app",
        "CREATE ROLE app230101 LOGIN", // not a member: not a rotation user
        "CREATE ROLE apple240101 LOGIN IN ROLE app");
    pg.execute(
        "postgres",
        "CREATE TABLE public.rotated_table (v int)",
        "ALTER TABLE public.rotated_table OWNER TO app240101");
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(DesiredRole.builder("app", RoleOrigin.MANIFEST).build())
            .rotationRetention(new RotationRetention("app", LocalDate.of(2025, 1, 1)))
            .build();

    SyncResult result = sync(state, KEEP);

    assertThat(result.errors()).isEmpty();
    assertThat(result.droppedRoles()).containsExactly("app240101");
    assertThat(
            scalar(
                "postgres",
                "SELECT tableowner FROM pg_tables" + " WHERE tablename = 'rotated_table'"))
        .isEqualTo("app");
    assertThat(
            column(
                "postgres",
                "SELECT rolname FROM pg_roles WHERE rolname LIKE 'app%'" + " ORDER BY 1"))
        .isEqualTo(List.of("app", "app230101", "app250601", "apple240101"));
    assertThat(ddlOfSecondSync(state, KEEP)).isEmpty();
  }

  private static boolean canLoginAttribute(String role) throws Exception {
    return "t"
        .equals(
            scalar("postgres", "SELECT rolcanlogin FROM pg_roles WHERE rolname = '" + role + "'"));
  }
}
