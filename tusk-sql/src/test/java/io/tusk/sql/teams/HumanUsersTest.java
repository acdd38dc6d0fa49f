package io.tusk.sql.teams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.model.DesiredRole;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HumanUsersTest {

  private static HumanUsers.Settings settings(
      boolean crd, boolean crdSuperusers, List<String> superuserTeams, boolean teamSuperuser) {
    return new HumanUsers.Settings(
        true,
        teamSuperuser,
        "admin",
        "zalandos",
        Map.of("log_statement", "all"),
        superuserTeams,
        crd,
        crdSuperusers);
  }

  private static Map<String, DesiredRole> byName(HumanUsers.Result r) {
    return r.roles().stream().collect(Collectors.toMap(DesiredRole::name, x -> x));
  }

  @Test
  void membersOfTheOwnTeamGetLoginPamRoleAdminAndSettings() {
    TeamMembers members = new TeamMembers(Map.of("acid", List.of("jdoe")), true, List.of());

    HumanUsers.Result r =
        HumanUsers.roles(
            "acid", settings(false, false, List.of(), false), PostgresTeamMap.empty(), members);

    assertThat(r.roles())
        .singleElement()
        .satisfies(
            jdoe -> {
              assertThat(jdoe.name()).isEqualTo("jdoe");
              assertThat(jdoe.origin()).isEqualTo(RoleOrigin.TEAMS_API);
              assertThat(jdoe.flags()).containsExactly("LOGIN");
              assertThat(jdoe.memberOf()).containsExactly("zalandos", "admin");
              assertThat(jdoe.parameters()).containsEntry("log_statement", "all");
            });
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void superuserTeamsAndTeamSuperuser() {
    TeamMembers members =
        new TeamMembers(
            Map.of("acid", List.of("jdoe"), "postgres_superusers", List.of("root")),
            true,
            List.of());

    Map<String, DesiredRole> roles =
        byName(
            HumanUsers.roles(
                "acid",
                settings(false, false, List.of("postgres_superusers"), false),
                PostgresTeamMap.empty(),
                members));
    Map<String, DesiredRole> teamSuper =
        byName(
            HumanUsers.roles(
                "acid", settings(false, false, List.of(), true), PostgresTeamMap.empty(), members));

    assertThat(roles.get("root").flags()).containsExactly("LOGIN", "SUPERUSER");
    assertThat(roles.get("root").memberOf()).containsExactly("zalandos");
    assertThat(roles.get("jdoe").flags()).containsExactly("LOGIN");
    assertThat(teamSuper.get("jdoe").flags()).containsExactly("LOGIN", "SUPERUSER");
  }

  @Test
  void postgresTeamsAddTeamsMembersAndSuperuserTeams() {
    PostgresTeamMap crd =
        PostgresTeamMap.of(
            List.of(
                new PostgresTeamMap.Spec(
                    Map.of("acid", List.of("sre")),
                    Map.of("acid", List.of("friends")),
                    Map.of("acid", List.of("guest"), "friends", List.of("buddy")))));
    TeamMembers api =
        new TeamMembers(
            Map.of("acid", List.of("jdoe"), "sre", List.of("oncall"), "friends", List.of("pal")),
            true,
            List.of());

    assertThat(HumanUsers.teamsToFetch("acid", settings(true, true, List.of(), false), crd))
        .containsExactly("sre", "friends", "acid");
    Map<String, DesiredRole> roles =
        byName(HumanUsers.roles("acid", settings(true, true, List.of(), false), crd, api));

    assertThat(roles.keySet()).containsExactlyInAnyOrder("oncall", "pal", "buddy", "guest", "jdoe");
    assertThat(roles.get("oncall").flags()).contains("SUPERUSER");
    assertThat(roles.get("buddy").flags()).doesNotContain("SUPERUSER");
    assertThat(roles.get("guest").memberOf()).containsExactly("zalandos", "admin");
  }

  @Test
  void withoutTheTeamsApiOnlyPostgresTeamMembersCount() {
    HumanUsers.Settings noApi =
        new HumanUsers.Settings(
            false, false, "admin", "zalandos", Map.of(), List.of(), true, false);
    PostgresTeamMap crd =
        PostgresTeamMap.of(
            List.of(new PostgresTeamMap.Spec(null, null, Map.of("acid", List.of("guest")))));

    assertThat(HumanUsers.teamsToFetch("acid", noApi, crd)).isEmpty();
    assertThat(
            HumanUsers.roles(
                    "acid",
                    noApi,
                    crd,
                    new TeamMembers(Map.of("acid", List.of("ignored")), true, List.of()))
                .roles())
        .extracting(DesiredRole::name)
        .containsExactly("guest");
  }

  @Test
  void additionalTeamsAreTransitiveWithoutLooping() {
    PostgresTeamMap crd =
        PostgresTeamMap.of(
            List.of(
                new PostgresTeamMap.Spec(
                    null, Map.of("a", List.of("b"), "b", List.of("c", "a")), null),
                new PostgresTeamMap.Spec(null, Map.of("c", List.of("d")), null)));

    assertThat(crd.additionalTeams("a")).containsExactly("b", "c", "d");
    assertThat(crd.additionalTeams("x")).isEmpty();
  }
}
