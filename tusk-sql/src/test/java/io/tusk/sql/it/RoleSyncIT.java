package io.tusk.sql.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.Effect;
import io.tusk.sql.InvalidDesiredStateException;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.SyncResult;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PasswordSpec;
import io.tusk.sql.password.PasswordEncryption;
import io.tusk.sql.password.ScramVerifier;
import io.tusk.sql.testing.PostgresTestSupport;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Roles against a real server: creation, flags, passwords, memberships, settings, validation. */
class RoleSyncIT extends PostgresTestSupport {

  private static final SyncOptions OPTIONS = SyncOptions.defaults();

  private static DesiredRole.Builder manifest(String name) {
    return DesiredRole.builder(name, RoleOrigin.MANIFEST);
  }

  @Test
  void createsManifestUsersWithFlagsAndScramPasswordsThenDoesNothing() throws Exception {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("app").flags("createdb").password("s3cret-app").build())
            .role(manifest("reporting").flags("nologin").build())
            .role(manifest("batch").flags("Replication", "NOSUPERUSER").password("b").build())
            .build();

    long mark = pg.logMark();
    SyncResult first = sync(state, OPTIONS);

    assertThat(first.errors()).isEmpty();
    assertThat(first.createdRoles()).containsExactlyInAnyOrder("app", "reporting", "batch");
    // The server log sees the DDL, so an empty log after the second sync means something.
    assertThat(pg.ddlSince(mark)).hasSize(3).allMatch(s -> s.startsWith("CREATE ROLE"));
    assertThat(
            scalar(
                "postgres",
                "SELECT rolcreatedb AND rolcanlogin FROM pg_roles" + " WHERE rolname = 'app'"))
        .isEqualTo("t");
    assertThat(scalar("postgres", "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'reporting'"))
        .isEqualTo("f");
    assertThat(scalar("postgres", "SELECT rolreplication FROM pg_roles WHERE rolname = 'batch'"))
        .isEqualTo("t");
    assertThat(scalar("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'app'"))
        .startsWith("SCRAM-SHA-256$4096:");
    assertThat(canLogin("app", "s3cret-app")).isTrue();
    assertThat(canLogin("app", "wrong")).isFalse();

    assertThat(ddlOfSecondSync(state, OPTIONS)).isEmpty();
  }

  @Test
  void neverSendsOrLogsThePlainPassword() throws Exception {
    String plain = "plain-text-never-leaves-1234";
    long mark = pg.logMark();
    SyncResult result =
        sync(
            DatabaseDesiredState.builder()
                .role(manifest("secretive").password(plain).build())
                .build(),
            OPTIONS);

    assertThat(result.statements()).hasSize(1);
    assertThat(result.statements().get(0).sql())
        .isEqualTo("CREATE ROLE \"secretive\" WITH LOGIN PASSWORD '********'");
    assertThat(String.join("\n", pg.ddlSince(mark)))
        .doesNotContain(plain)
        .contains("SCRAM-SHA-256$");
    assertThat(Files.readString(pg.logFile())).doesNotContain(plain);
    assertThat(canLogin("secretive", plain)).isTrue();
  }

  @Test
  void changesOnlyTheRolesWhosePasswordChanged() throws Exception {
    DatabaseDesiredState v1 =
        DatabaseDesiredState.builder()
            .role(manifest("alice").password("one").build())
            .role(manifest("bob").password("bob-pw").build())
            .build();
    sync(v1, OPTIONS);
    DatabaseDesiredState v2 =
        DatabaseDesiredState.builder()
            .role(manifest("alice").password("two").build())
            .role(manifest("bob").password("bob-pw").build())
            .build();

    SyncResult result = sync(v2, OPTIONS);

    assertThat(result.alteredRoles()).containsExactly("alice");
    assertThat(result.effects()).extracting(Effect::detail).containsExactly("password");
    assertThat(result.statements())
        .extracting(s -> s.sql())
        .containsExactly("ALTER ROLE \"alice\" WITH PASSWORD '********'");
    assertThat(canLogin("alice", "two")).isTrue();
    assertThat(canLogin("alice", "one")).isFalse();
    assertThat(ddlOfSecondSync(v2, OPTIONS)).isEmpty();
  }

  @Test
  void acceptsAVerifierTheServerComputedItself() throws Exception {
    pg.execute(
        "postgres",
        "SET password_encryption = 'scram-sha-256'",
        "CREATE ROLE legacy LOGIN PASSWORD 'from-zalando'");
    String stored = scalar("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname='legacy'");
    assertThat(ScramVerifier.matches("from-zalando", stored)).isTrue();
    assertThat(ScramVerifier.matches("something-else", stored)).isFalse();

    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("legacy").password("from-zalando").build())
            .build();
    SyncResult result = sync(state, OPTIONS);

    assertThat(result.statements()).isEmpty();
    assertThat(scalar("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname='legacy'"))
        .isEqualTo(stored);
  }

  @Test
  void usesMd5WhenThePasswordEncryptionParameterAsksForIt() throws Exception {
    SyncOptions md5 =
        OPTIONS.toBuilder().passwordEncryption(PasswordEncryption.fromParameter("md5")).build();
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("oldapp").password("md5-please").build())
            .build();

    sync(state, md5);

    assertThat(scalar("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname='oldapp'"))
        .isEqualTo("md5" + md5Hex("md5-pleaseoldapp"));
    assertThat(ddlOfSecondSync(state, md5)).isEmpty();

    // Back to SCRAM: the md5 hash no longer satisfies the wish, the password is set again.
    SyncResult back = sync(state, OPTIONS);
    assertThat(back.alteredRoles()).containsExactly("oldapp");
    assertThat(scalar("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname='oldapp'"))
        .startsWith("SCRAM-SHA-256$");
    assertThat(canLogin("oldapp", "md5-please")).isTrue();
  }

  @Test
  void takesAnAlreadyHashedPasswordVerbatim() throws Exception {
    String verifier = ScramVerifier.create("hashed-elsewhere");
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("infra").password(PasswordSpec.hashed(verifier)).build())
            .build();

    sync(state, OPTIONS);

    assertThat(scalar("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname='infra'"))
        .isEqualTo(verifier);
    assertThat(canLogin("infra", "hashed-elsewhere")).isTrue();
    assertThat(ddlOfSecondSync(state, OPTIONS)).isEmpty();
  }

  @Test
  void appliesFlagChangesIncludingNoFlagsOnlyWhenTheyDiffer() throws Exception {
    sync(
        DatabaseDesiredState.builder().role(manifest("flaggy").flags("createdb").build()).build(),
        OPTIONS);
    DatabaseDesiredState changed =
        DatabaseDesiredState.builder()
            .role(manifest("flaggy").flags("nocreatedb", "createrole", "nologin").build())
            .build();

    SyncResult result = sync(changed, OPTIONS);

    assertThat(result.statements())
        .extracting(s -> s.sql())
        .containsExactly("ALTER ROLE \"flaggy\" WITH NOLOGIN CREATEROLE NOCREATEDB");
    assertThat(
            scalar(
                "postgres",
                "SELECT rolcanlogin::text || rolcreaterole || rolcreatedb"
                    + " FROM pg_roles WHERE rolname = 'flaggy'"))
        .isEqualTo("falsetruefalse");
    assertThat(ddlOfSecondSync(changed, OPTIONS)).isEmpty();
  }

  @Test
  void grantsGroupsAdminAndSettingsAndKeepsThemStable() throws Exception {
    pg.execute("postgres", "CREATE ROLE admin NOLOGIN", "CREATE ROLE existing_group NOLOGIN");
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(
                manifest("member")
                    .memberOf("existing_group", "wanted_group")
                    .adminRole("admin")
                    .parameter("search_path", "'\"$user\", data, \"Other\"'")
                    .parameter("log_statement", "all")
                    .parameter("statement_timeout", "'30s'")
                    .build())
            .role(manifest("wanted_group").flags("nologin").build())
            .build();

    SyncResult first = sync(state, OPTIONS);

    assertThat(first.errors()).isEmpty();
    assertThat(first.warnings()).isEmpty();
    assertThat(first.createdRoles()).containsExactly("wanted_group", "member");
    assertThat(
            column(
                "postgres",
                "SELECT r.rolname FROM pg_auth_members m"
                    + " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                    + " WHERE u.rolname = 'member' ORDER BY 1"))
        .containsExactly("existing_group", "wanted_group");
    assertThat(
            scalar(
                "postgres",
                "SELECT m.admin_option FROM pg_auth_members m"
                    + " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles a ON a.oid = m.member"
                    + " WHERE r.rolname = 'member' AND a.rolname = 'admin'"))
        .isEqualTo("t");
    assertThat(
            column(
                "postgres",
                "SELECT unnest(setconfig) FROM pg_db_role_setting s"
                    + " JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'member' ORDER BY 1"))
        .containsExactly(
            "log_statement=all", "search_path=\"$user\", data, \"Other\"", "statement_timeout=30s");
    assertThat(ddlOfSecondSync(state, OPTIONS)).isEmpty();

    // A changed setting resets all and sets the wanted ones.
    DatabaseDesiredState changed =
        DatabaseDesiredState.builder()
            .role(
                manifest("member")
                    .memberOf("existing_group", "wanted_group")
                    .adminRole("admin")
                    .parameter("log_statement", "ddl")
                    .build())
            .role(manifest("wanted_group").flags("nologin").build())
            .build();
    SyncResult second = sync(changed, OPTIONS);
    assertThat(second.statements())
        .extracting(s -> s.sql())
        .containsExactly(
            "ALTER ROLE \"member\" RESET ALL",
            "ALTER ROLE \"member\" SET \"log_statement\" TO 'ddl'");
    assertThat(ddlOfSecondSync(changed, OPTIONS)).isEmpty();
  }

  @Test
  void repairsAMissingAdminOptionAndMembershipWithoutRevokingOthers() throws Exception {
    pg.execute(
        "postgres",
        "CREATE ROLE admin NOLOGIN",
        "CREATE ROLE g1 NOLOGIN",
        "CREATE ROLE extra NOLOGIN",
        "CREATE ROLE worker LOGIN IN ROLE extra");
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("worker").memberOf("g1").adminRole("admin").build())
            .build();

    SyncResult result = sync(state, OPTIONS);

    assertThat(result.statements())
        .extracting(s -> s.sql())
        .containsExactly(
            "GRANT \"g1\" TO \"worker\"", "GRANT \"worker\" TO \"admin\" WITH ADMIN OPTION");
    assertThat(
            column(
                "postgres",
                "SELECT r.rolname FROM pg_auth_members m"
                    + " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                    + " WHERE u.rolname = 'worker' ORDER BY 1"))
        .containsExactly("extra", "g1");
  }

  @Test
  void warnsAndGoesOnWhenAGroupRoleDoesNotExist() throws Exception {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("lonely").memberOf("no_such_group").adminRole("no_admin").build())
            .build();

    SyncResult result = sync(state, OPTIONS);

    assertThat(result.createdRoles()).containsExactly("lonely");
    assertThat(result.warnings())
        .hasSize(2)
        .anySatisfy(w -> assertThat(w).contains("no_such_group"))
        .anySatisfy(w -> assertThat(w).contains("no_admin"));
  }

  @Test
  void rejectsAnInvalidInputAndAppliesNothing() throws Exception {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("fine").build())
            .role(manifest("Bad Name").build())
            .role(manifest("flagged").flags("superpower").build())
            .role(manifest("admin").build())
            .role(DesiredRole.builder("postgres", RoleOrigin.SYSTEM).build())
            .role(manifest("postgres").build())
            .database("appdb", "fine")
            .build();
    long mark = pg.logMark();

    assertThatThrownBy(() -> sync(state, OPTIONS))
        .isInstanceOf(InvalidDesiredStateException.class)
        .hasMessageContaining("role \"Bad Name\": invalid user name")
        .hasMessageContaining("role \"flagged\": user flag \"superpower\" is not valid")
        .hasMessageContaining("role \"admin\": manifest role collides with the protected role")
        .hasMessageContaining("role \"postgres\": the role is wanted twice");

    assertThat(pg.ddlSince(mark)).isEmpty();
    assertThat(scalar("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'fine'"))
        .isEqualTo("0");
    assertThat(scalar("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'appdb'"))
        .isEqualTo("0");
  }

  @Test
  void rejectsADatabaseWhoseOwnerIsUnknownBeforeChangingAnything() throws Exception {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("someone").build())
            .database("orphan", "nobody")
            .build();
    long mark = pg.logMark();

    assertThatThrownBy(() -> sync(state, OPTIONS))
        .isInstanceOf(InvalidDesiredStateException.class)
        .hasMessageContaining("database \"orphan\": owner \"nobody\"");
    assertThat(pg.ddlSince(mark)).isEmpty();
    assertThat(scalar("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'someone'"))
        .isEqualTo("0");
  }

  @Test
  void reportsAPerRoleErrorAndStillAppliesTheOthers() throws Exception {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("good").build())
            .role(manifest("bad-setting").parameter("no_such_setting_anywhere", "1").build())
            .build();

    SyncResult result = sync(state, OPTIONS);

    assertThat(result.createdRoles()).containsExactly("good");
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.subject().name()).isEqualTo("bad-setting");
              assertThat(e.reason()).contains("no_such_setting_anywhere");
            });
    assertThat(result.successful()).isFalse();
    assertThat(scalar("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'bad-setting'"))
        .isEqualTo("0");
  }

  @Test
  void dryRunSendsNothing() throws Exception {
    DatabaseDesiredState state =
        DatabaseDesiredState.builder()
            .role(manifest("planned").password("x").build())
            .database("planneddb", "planned")
            .build();
    long mark = pg.logMark();

    SyncResult plan = roleSync.plan(pg.target(), state, OPTIONS);

    assertThat(plan.applied()).isFalse();
    assertThat(plan.statements())
        .extracting(s -> s.sql())
        .containsExactly(
            "CREATE ROLE \"planned\" WITH LOGIN PASSWORD '********'",
            "CREATE DATABASE \"planneddb\" OWNER \"planned\"");
    assertThat(pg.ddlSince(mark)).isEmpty();
    assertThat(scalar("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'planned'"))
        .isEqualTo("0");
  }

  private static String md5Hex(String s) throws Exception {
    byte[] d =
        java.security.MessageDigest.getInstance("MD5")
            .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    StringBuilder sb = new StringBuilder();
    for (byte b : d) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }
}
