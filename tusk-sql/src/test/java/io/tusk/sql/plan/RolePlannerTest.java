package io.tusk.sql.plan;

import static io.tusk.sql.plan.Catalogs.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.RoleAttribute;
import io.tusk.sql.password.ScramVerifier;
import io.tusk.sql.statement.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolePlannerTest {

  private static final SyncOptions OPTIONS = SyncOptions.defaults();

  private static List<String> sql(Plan plan) {
    return plan.changes().stream()
        .flatMap(c -> c.statements().stream())
        .map(Statement::display)
        .toList();
  }

  @Test
  void createsAMissingRoleWithAllItsParts() {
    DesiredRole r =
        DesiredRole.builder("app", RoleOrigin.MANIFEST)
            .flags("createdb")
            .memberOf("readers")
            .adminRole("admin")
            .password("pw")
            .parameter("log_statement", "all")
            .build();

    Plan plan =
        RolePlanner.plan(
            List.of(r), catalog().role("readers", null).role("admin", null).build(), OPTIONS);

    assertThat(sql(plan))
        .containsExactly(
            "CREATE ROLE \"app\" WITH LOGIN CREATEDB IN ROLE \"readers\" ADMIN \"admin\""
                + " PASSWORD '********'",
            "ALTER ROLE \"app\" SET \"log_statement\" TO 'all'");
    assertThat(plan.changes().get(0).statements().get(0).sql()).contains("SCRAM-SHA-256$4096:");
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void leavesARoleThatAlreadyMatchesAlone() {
    DesiredRole r =
        DesiredRole.builder("app", RoleOrigin.MANIFEST)
            .flags("createdb")
            .memberOf("readers")
            .adminRole("admin")
            .password("pw")
            .parameter("search_path", "\"$user\", \"data\"")
            .build();
    var catalog =
        catalog()
            .role("readers", null)
            .role("admin", null)
            .roleWithSettings(
                "app",
                Map.of("search_path", "\"$user\", data"),
                RoleAttribute.LOGIN,
                RoleAttribute.CREATEDB)
            .member("app", "readers", false)
            .member("admin", "app", true)
            .build();
    // the catalog role above has no password: give it one that matches
    var withPassword =
        io.tusk.sql.catalog.ClusterCatalog.of(
            catalog.roles().values().stream()
                .map(
                    a ->
                        a.name().equals("app")
                            ? new io.tusk.sql.catalog.ActualRole(
                                "app", a.attributes(), ScramVerifier.create("pw"), a.parameters())
                            : a)
                .toList(),
            List.copyOf(catalog.memberships()),
            List.copyOf(catalog.databases().values()));

    assertThat(RolePlanner.plan(List.of(r), withPassword, OPTIONS).changes()).isEmpty();
  }

  @Test
  void altersOnlyWhatDiffers() {
    DesiredRole r =
        DesiredRole.builder("app", RoleOrigin.MANIFEST)
            .flags("nocreatedb")
            .memberOf("g1", "g2")
            .password("new")
            .build();

    Plan plan =
        RolePlanner.plan(
            List.of(r),
            catalog()
                .role("g1", null)
                .role("g2", null)
                .role(
                    "app", ScramVerifier.create("old"), RoleAttribute.LOGIN, RoleAttribute.CREATEDB)
                .member("app", "g1", false)
                .build(),
            OPTIONS);

    assertThat(sql(plan))
        .containsExactly(
            "ALTER ROLE \"app\" WITH NOCREATEDB PASSWORD '********'", "GRANT \"g2\" TO \"app\"");
    assertThat(plan.changes().get(0).effects().get(0).detail())
        .isEqualTo("flags NOCREATEDB; password; granted g2");
  }

  @Test
  void createsGroupsBeforeTheirMembers() {
    DesiredRole member =
        DesiredRole.builder("member", RoleOrigin.MANIFEST)
            .memberOf("group")
            .adminRole("boss")
            .build();
    DesiredRole group = DesiredRole.builder("group", RoleOrigin.MANIFEST).flags("nologin").build();
    DesiredRole boss = DesiredRole.builder("boss", RoleOrigin.MANIFEST).build();

    Plan plan = RolePlanner.plan(List.of(member, group, boss), catalog().build(), OPTIONS);

    assertThat(plan.changes())
        .extracting(c -> c.subject().name())
        .containsExactly("group", "boss", "member");
  }

  @Test
  void renamesADeprecatedTeamMemberBackAndGrantsLogin() {
    DesiredRole jdoe =
        DesiredRole.builder("jdoe", RoleOrigin.TEAMS_API).memberOf("zalandos").build();

    Plan plan =
        RolePlanner.plan(
            List.of(jdoe),
            catalog()
                .role("zalandos", null)
                .role("jdoe_deleted", null)
                .member("jdoe_deleted", "zalandos", false)
                .build(),
            OPTIONS);

    assertThat(sql(plan))
        .containsExactly(
            "ALTER ROLE \"jdoe_deleted\" RENAME TO \"jdoe\"", "ALTER ROLE \"jdoe\" WITH LOGIN");
  }

  @Test
  void revokesACircularMembershipOfADatabaseOwnerFirst() {
    DesiredRole owner =
        DesiredRole.builder("db_owner", RoleOrigin.BOOTSTRAP)
            .flags("nologin")
            .memberOf("cron_admin")
            .dbOwner(true)
            .build();

    Plan plan =
        RolePlanner.plan(
            List.of(owner),
            catalog()
                .role("cron_admin", null)
                .role("db_owner", null)
                .member("cron_admin", "db_owner", false)
                .build(),
            OPTIONS);

    assertThat(sql(plan))
        .containsExactly(
            "REVOKE \"db_owner\" FROM \"cron_admin\"", "GRANT \"cron_admin\" TO \"db_owner\"");
  }

  @Test
  void rotationUsersInheritTheSettingsOfTheRoleTheyRotate() {
    DesiredRole parent = DesiredRole.builder("app", RoleOrigin.MANIFEST).build();
    DesiredRole rotation =
        DesiredRole.builder("app250101", RoleOrigin.MANIFEST)
            .memberOf("app")
            .rotationOf("app")
            .password("pw")
            .build();

    Plan plan =
        RolePlanner.plan(
            List.of(parent, rotation),
            catalog()
                .roleWithSettings("app", Map.of("work_mem", "8MB"), RoleAttribute.LOGIN)
                .build(),
            OPTIONS);

    assertThat(sql(plan))
        .containsExactly(
            "CREATE ROLE \"app250101\" WITH LOGIN IN ROLE \"app\" PASSWORD '********'",
            "ALTER ROLE \"app250101\" SET \"work_mem\" TO '8MB'");
  }

  @Test
  void settingsChangeResetsAllFirst() {
    DesiredRole r =
        DesiredRole.builder("app", RoleOrigin.MANIFEST).parameter("log_statement", "ddl").build();

    Plan plan =
        RolePlanner.plan(
            List.of(r),
            catalog()
                .roleWithSettings(
                    "app", Map.of("log_statement", "all", "work_mem", "1MB"), RoleAttribute.LOGIN)
                .build(),
            OPTIONS);

    assertThat(sql(plan))
        .containsExactly(
            "ALTER ROLE \"app\" RESET ALL", "ALTER ROLE \"app\" SET \"log_statement\" TO 'ddl'");
  }
}
