package io.tusk.sql.teams;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A team as the Teams API returns it ({@code GET {teams_api_url}/teams/{team}}). Field names are
 * those of Zalando's {@code pkg/util/teams/teams.go#Team} (v2.0.1); the members are the {@code
 * member} array of user ids. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Team(
    @JsonProperty("dn") String dn,
    @JsonProperty("id") String id,
    @JsonProperty("id_name") String teamName,
    @JsonProperty("team_id") String teamId,
    @JsonProperty("type") String type,
    @JsonProperty("name") String fullName,
    @JsonProperty("alias") List<String> aliases,
    @JsonProperty("mail") List<String> mails,
    @JsonProperty("member") List<String> members,
    @JsonProperty("cost_center") String costCenter,
    @JsonProperty("delivery_lead") String deliveryLead,
    @JsonProperty("parent_team_id") String parentTeamId) {

  public Team {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    mails = mails == null ? List.of() : List.copyOf(mails);
    members = members == null ? List.of() : List.copyOf(members);
  }
}
