package io.tusk.sql.teams;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Members of the teams that were asked for, by team. {@code complete} is false when some team could
 * not be fetched; then retired team members are left alone (see {@link
 * io.tusk.sql.DatabaseDesiredState#teamMembersComplete()}).
 */
public record TeamMembers(
    Map<String, List<String>> members, boolean complete, List<String> errors) {

  public TeamMembers {
    Map<String, List<String>> m = new LinkedHashMap<>();
    members.forEach((k, v) -> m.put(k, List.copyOf(v)));
    members = Collections.unmodifiableMap(m);
    errors = List.copyOf(errors);
  }

  /** No Teams API: nobody from it, and nothing missing. */
  public static TeamMembers none() {
    return new TeamMembers(Map.of(), true, List.of());
  }

  public List<String> of(String team) {
    return members.getOrDefault(team, List.of());
  }
}
