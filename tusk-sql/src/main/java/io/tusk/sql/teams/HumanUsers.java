package io.tusk.sql.teams;

import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.model.DesiredRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Roles for human users: members of the cluster's team, of its additional teams and of superuser
 * teams, from the Teams API and PostgresTeam resources. Pure: the members come in as {@link
 * TeamMembers}. Mirrors Zalando's {@code cluster.go#initHumanUsers} and {@code #initTeamMembers}
 * and {@code cluster/util.go#getTeamMembers} (v2.0.1):
 *
 * <ul>
 *   <li>superuser teams: {@code postgres_superuser_teams} plus, with {@code
 *       enable_postgres_team_crd_superusers}, PostgresTeam additional superuser teams;
 *   <li>additional teams from PostgresTeam ({@code enable_postgres_team_crd}), transitively;
 *   <li>the cluster's own team unless it is a superuser team;
 *   <li>each member gets LOGIN, membership in {@code pam_role_name}, and either SUPERUSER
 *       (superuser team, or {@code enable_team_superuser} for the own team) or membership in {@code
 *       team_admin_role}; settings from {@code team_api_role_configuration};
 *   <li>a later team overrides an earlier one for the same member, as Zalando's name-conflict
 *       resolution does for roles of the same origin.
 * </ul>
 */
public final class HumanUsers {

  /** The configuration that shapes human users. */
  public record Settings(
      boolean enableTeamsApi,
      boolean enableTeamSuperuser,
      String teamAdminRole,
      String pamRoleName,
      Map<String, String> roleConfiguration,
      List<String> postgresSuperuserTeams,
      boolean enablePostgresTeamCrd,
      boolean enablePostgresTeamCrdSuperusers) {

    public Settings {
      roleConfiguration =
          roleConfiguration == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roleConfiguration));
      postgresSuperuserTeams =
          postgresSuperuserTeams == null ? List.of() : List.copyOf(postgresSuperuserTeams);
    }
  }

  /** Roles plus the names that were skipped and why. */
  public record Result(List<DesiredRole> roles, List<String> warnings) {}

  private HumanUsers() {}

  /** The teams whose members must be fetched from the Teams API (empty if it is disabled). */
  public static Set<String> teamsToFetch(String teamId, Settings settings, PostgresTeamMap teams) {
    Set<String> out = new LinkedHashSet<>();
    if (!settings.enableTeamsApi()) {
      return out;
    }
    for (String t : plan(teamId, settings, teams).keySet()) {
      if (t != null && !t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * The members' roles. Names that are protected or system roles are skipped by the cluster's role
   * derivation ({@link io.tusk.spec.roles.ClusterRoles}), which knows them.
   */
  public static Result roles(
      String teamId, Settings settings, PostgresTeamMap teams, TeamMembers apiMembers) {
    Map<String, DesiredRole> roles = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, Boolean> e : plan(teamId, settings, teams).entrySet()) {
      String team = e.getKey();
      boolean superuserTeam = e.getValue();
      if (team == null || team.isEmpty()) {
        warnings.add("no teamId specified");
        continue;
      }
      List<String> members = new ArrayList<>();
      if (settings.enablePostgresTeamCrd()) {
        members.addAll(teams.additionalMembers(team));
      }
      if (settings.enableTeamsApi()) {
        for (String m : apiMembers.of(team)) {
          if (!members.contains(m)) {
            members.add(m);
          }
        }
      }
      for (String member : members) {
        DesiredRole.Builder b =
            DesiredRole.builder(member, RoleOrigin.TEAMS_API)
                .flags("LOGIN")
                .parameters(settings.roleConfiguration());
        if (settings.pamRoleName() != null && !settings.pamRoleName().isEmpty()) {
          b.memberOf(settings.pamRoleName());
        }
        if ((settings.enableTeamSuperuser() && team.equals(teamId)) || superuserTeam) {
          b.flags("SUPERUSER");
        } else if (settings.teamAdminRole() != null && !settings.teamAdminRole().isEmpty()) {
          b.memberOf(settings.teamAdminRole());
        }
        roles.remove(member); // the later team wins, and moves to the end
        roles.put(member, b.build());
      }
    }
    return new Result(new ArrayList<>(roles.values()), warnings);
  }

  /** Teams in processing order, each with whether it is a superuser team. */
  private static Map<String, Boolean> plan(
      String teamId, Settings settings, PostgresTeamMap teams) {
    Map<String, Boolean> order = new LinkedHashMap<>();
    List<String> superuserTeams = new ArrayList<>();
    if (settings.enablePostgresTeamCrd() && settings.enablePostgresTeamCrdSuperusers()) {
      superuserTeams.addAll(teams.additionalSuperuserTeams(teamId));
    }
    for (String t : settings.postgresSuperuserTeams()) {
      if (!superuserTeams.contains(t)) {
        superuserTeams.add(t);
      }
    }
    boolean ownedBySuperuserTeam = false;
    for (String t : superuserTeams) {
      order.put(t, true);
      if (t.equals(teamId)) {
        ownedBySuperuserTeam = true;
      }
    }
    if (settings.enablePostgresTeamCrd()) {
      for (String t : teams.additionalTeams(teamId)) {
        if (!superuserTeams.contains(t)) {
          order.remove(t);
          order.put(t, false);
        }
      }
    }
    if (!ownedBySuperuserTeam) {
      order.remove(teamId);
      order.put(teamId, false);
    }
    return order;
  }
}
