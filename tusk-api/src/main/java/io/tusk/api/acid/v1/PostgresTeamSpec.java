package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * The {@code spec} of a {@code PostgresTeam} resource: extra teams and members granted access to
 * the clusters of a team. Mirrors {@code postgres_team_type.go#PostgresTeamSpec} (v2.0.1).
 */
public class PostgresTeamSpec extends UnknownPropertyHolder {

  @JsonPropertyDescription("Team id to the teams whose members become superusers of its clusters.")
  private Map<String, List<String>> additionalSuperuserTeams;

  @JsonPropertyDescription("Team id to the teams whose members also get roles in its clusters.")
  private Map<String, List<String>> additionalTeams;

  @JsonPropertyDescription("Team id to individual users who also get roles in its clusters.")
  private Map<String, List<String>> additionalMembers;

  public Map<String, List<String>> getAdditionalSuperuserTeams() {
    return additionalSuperuserTeams;
  }

  public void setAdditionalSuperuserTeams(Map<String, List<String>> additionalSuperuserTeams) {
    this.additionalSuperuserTeams = additionalSuperuserTeams;
  }

  public Map<String, List<String>> getAdditionalTeams() {
    return additionalTeams;
  }

  public void setAdditionalTeams(Map<String, List<String>> additionalTeams) {
    this.additionalTeams = additionalTeams;
  }

  public Map<String, List<String>> getAdditionalMembers() {
    return additionalMembers;
  }

  public void setAdditionalMembers(Map<String, List<String>> additionalMembers) {
    this.additionalMembers = additionalMembers;
  }
}
