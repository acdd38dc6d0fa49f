package io.tusk.sql.teams;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All PostgresTeam resources merged by team: additional superuser teams, additional teams and
 * additional members. Mirrors Zalando's {@code pkg/teams/postgres_team.go} (v2.0.1), including the
 * transitive lookup of additional teams (a team's additional teams' additional teams, without
 * cycles).
 */
public final class PostgresTeamMap {

  /** The three maps of one PostgresTeam's spec (team to list). */
  public record Spec(
      Map<String, List<String>> additionalSuperuserTeams,
      Map<String, List<String>> additionalTeams,
      Map<String, List<String>> additionalMembers) {

    public Spec {
      additionalSuperuserTeams =
          additionalSuperuserTeams == null ? Map.of() : additionalSuperuserTeams;
      additionalTeams = additionalTeams == null ? Map.of() : additionalTeams;
      additionalMembers = additionalMembers == null ? Map.of() : additionalMembers;
    }
  }

  private final Map<String, Set<String>> superuserTeams = new LinkedHashMap<>();
  private final Map<String, Set<String>> teams = new LinkedHashMap<>();
  private final Map<String, Set<String>> members = new LinkedHashMap<>();

  private PostgresTeamMap() {}

  /** No PostgresTeam resources. */
  public static PostgresTeamMap empty() {
    return new PostgresTeamMap();
  }

  /** Merges the specs of all PostgresTeam resources ({@code PostgresTeamMap.Load}). */
  public static PostgresTeamMap of(Collection<Spec> specs) {
    PostgresTeamMap map = new PostgresTeamMap();
    for (Spec s : specs) {
      merge(map.superuserTeams, s.additionalSuperuserTeams());
      merge(map.teams, s.additionalTeams());
      merge(map.members, s.additionalMembers());
    }
    return map;
  }

  /** Additional teams of {@code team}, transitively. */
  public List<String> additionalTeams(String team) {
    return fetch(teams, team, new ArrayList<>(List.of(team)));
  }

  /** Additional superuser teams of {@code team}, transitively. */
  public List<String> additionalSuperuserTeams(String team) {
    return fetch(superuserTeams, team, new ArrayList<>(List.of(team)));
  }

  /** Additional members of {@code team} (not transitive, as in Zalando). */
  public List<String> additionalMembers(String team) {
    return new ArrayList<>(members.getOrDefault(team, Set.of()));
  }

  private static List<String> fetch(
      Map<String, Set<String>> map, String team, List<String> exclude) {
    List<String> result = new ArrayList<>(map.getOrDefault(team, Set.of()));
    for (String additional : new ArrayList<>(result)) {
      if (exclude.contains(additional)) {
        continue;
      }
      exclude.add(additional);
      // The callee works on its own copy, as Go's by-value slice does in Zalando's code.
      for (String transitive : fetch(map, additional, new ArrayList<>(exclude))) {
        if (!exclude.contains(transitive)) {
          exclude.add(transitive);
          if (!result.contains(transitive)) {
            result.add(transitive);
          }
        }
      }
    }
    return result;
  }

  private static void merge(Map<String, Set<String>> into, Map<String, List<String>> from) {
    from.forEach(
        (team, list) ->
            into.computeIfAbsent(team, k -> new LinkedHashSet<>())
                .addAll(list == null ? List.of() : list));
  }
}
