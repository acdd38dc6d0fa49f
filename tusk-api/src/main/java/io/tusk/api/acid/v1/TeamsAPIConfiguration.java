package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import java.util.List;
import java.util.Map;

/**
 * Teams API, PAM and team role settings ({@code configuration.teams_api}). Mirrors {@code
 * operator_configuration_type.go#TeamsAPIConfiguration} (v2.0.1).
 */
public class TeamsAPIConfiguration extends UnknownPropertyHolder {

  @JsonProperty("enable_admin_role_for_users")
  @Default("true")
  private Boolean enableAdminRoleForUsers;

  @JsonProperty("enable_postgres_team_crd")
  @Default("true")
  private Boolean enablePostgresTeamCrd;

  @JsonProperty("enable_postgres_team_crd_superusers")
  private Boolean enablePostgresTeamCrdSuperusers;

  @JsonProperty("enable_team_member_deprecation")
  private Boolean enableTeamMemberDeprecation;

  @JsonProperty("enable_team_superuser")
  private Boolean enableTeamSuperuser;

  @JsonProperty("enable_teams_api")
  private Boolean enableTeamsApi;

  @JsonProperty("pam_configuration")
  @Default("\"https://info.example.com/oauth2/tokeninfo?access_token= uid realm=/employees\"")
  private String pamConfiguration;

  @JsonProperty("pam_role_name")
  @Default("\"zalandos\"")
  private String pamRoleName;

  @JsonProperty("postgres_superuser_teams")
  private List<String> postgresSuperuserTeams;

  @JsonProperty("protected_role_names")
  @Default("[\"admin\", \"cron_admin\"]")
  private List<String> protectedRoleNames;

  @JsonProperty("role_deletion_suffix")
  @Default("\"_deleted\"")
  private String roleDeletionSuffix;

  @JsonProperty("team_admin_role")
  @Default("\"admin\"")
  private String teamAdminRole;

  @JsonProperty("team_api_role_configuration")
  @Default("{\"log_statement\": \"all\"}")
  private Map<String, String> teamApiRoleConfiguration;

  @JsonProperty("teams_api_url")
  @Default("\"https://teams.example.com/api/\"")
  private String teamsApiUrl;

  public Boolean getEnableAdminRoleForUsers() {
    return enableAdminRoleForUsers;
  }

  public void setEnableAdminRoleForUsers(Boolean enableAdminRoleForUsers) {
    this.enableAdminRoleForUsers = enableAdminRoleForUsers;
  }

  public Boolean getEnablePostgresTeamCrd() {
    return enablePostgresTeamCrd;
  }

  public void setEnablePostgresTeamCrd(Boolean enablePostgresTeamCrd) {
    this.enablePostgresTeamCrd = enablePostgresTeamCrd;
  }

  public Boolean getEnablePostgresTeamCrdSuperusers() {
    return enablePostgresTeamCrdSuperusers;
  }

  public void setEnablePostgresTeamCrdSuperusers(Boolean enablePostgresTeamCrdSuperusers) {
    this.enablePostgresTeamCrdSuperusers = enablePostgresTeamCrdSuperusers;
  }

  public Boolean getEnableTeamMemberDeprecation() {
    return enableTeamMemberDeprecation;
  }

  public void setEnableTeamMemberDeprecation(Boolean enableTeamMemberDeprecation) {
    this.enableTeamMemberDeprecation = enableTeamMemberDeprecation;
  }

  public Boolean getEnableTeamSuperuser() {
    return enableTeamSuperuser;
  }

  public void setEnableTeamSuperuser(Boolean enableTeamSuperuser) {
    this.enableTeamSuperuser = enableTeamSuperuser;
  }

  public Boolean getEnableTeamsApi() {
    return enableTeamsApi;
  }

  public void setEnableTeamsApi(Boolean enableTeamsApi) {
    this.enableTeamsApi = enableTeamsApi;
  }

  public String getPamConfiguration() {
    return pamConfiguration;
  }

  public void setPamConfiguration(String pamConfiguration) {
    this.pamConfiguration = pamConfiguration;
  }

  public String getPamRoleName() {
    return pamRoleName;
  }

  public void setPamRoleName(String pamRoleName) {
    this.pamRoleName = pamRoleName;
  }

  public List<String> getPostgresSuperuserTeams() {
    return postgresSuperuserTeams;
  }

  public void setPostgresSuperuserTeams(List<String> postgresSuperuserTeams) {
    this.postgresSuperuserTeams = postgresSuperuserTeams;
  }

  public List<String> getProtectedRoleNames() {
    return protectedRoleNames;
  }

  public void setProtectedRoleNames(List<String> protectedRoleNames) {
    this.protectedRoleNames = protectedRoleNames;
  }

  public String getRoleDeletionSuffix() {
    return roleDeletionSuffix;
  }

  public void setRoleDeletionSuffix(String roleDeletionSuffix) {
    this.roleDeletionSuffix = roleDeletionSuffix;
  }

  public String getTeamAdminRole() {
    return teamAdminRole;
  }

  public void setTeamAdminRole(String teamAdminRole) {
    this.teamAdminRole = teamAdminRole;
  }

  public Map<String, String> getTeamApiRoleConfiguration() {
    return teamApiRoleConfiguration;
  }

  public void setTeamApiRoleConfiguration(Map<String, String> teamApiRoleConfiguration) {
    this.teamApiRoleConfiguration = teamApiRoleConfiguration;
  }

  public String getTeamsApiUrl() {
    return teamsApiUrl;
  }

  public void setTeamsApiUrl(String teamsApiUrl) {
    this.teamsApiUrl = teamsApiUrl;
  }
}
