package io.tusk.api.acid.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.tusk.api.schema.SchemaConstraints;
import java.util.List;

/**
 * Major version upgrade policy ({@code configuration.major_version_upgrade}). Mirrors {@code
 * operator_configuration_type.go#MajorVersionUpgradeConfiguration} (v2.0.1).
 */
public class MajorVersionUpgradeConfiguration extends UnknownPropertyHolder {

  @JsonProperty("major_version_upgrade_mode")
  @SchemaConstraints(enumValues = {"off", "manual", "full"})
  @Default("\"manual\"")
  private String majorVersionUpgradeMode;

  @JsonProperty("major_version_upgrade_team_allow_list")
  private List<String> majorVersionUpgradeTeamAllowList;

  @JsonProperty("minimal_major_version")
  @Default("\"14\"")
  private String minimalMajorVersion;

  @JsonProperty("target_major_version")
  @Default("\"18\"")
  private String targetMajorVersion;

  public String getMajorVersionUpgradeMode() {
    return majorVersionUpgradeMode;
  }

  public void setMajorVersionUpgradeMode(String majorVersionUpgradeMode) {
    this.majorVersionUpgradeMode = majorVersionUpgradeMode;
  }

  public List<String> getMajorVersionUpgradeTeamAllowList() {
    return majorVersionUpgradeTeamAllowList;
  }

  public void setMajorVersionUpgradeTeamAllowList(List<String> majorVersionUpgradeTeamAllowList) {
    this.majorVersionUpgradeTeamAllowList = majorVersionUpgradeTeamAllowList;
  }

  public String getMinimalMajorVersion() {
    return minimalMajorVersion;
  }

  public void setMinimalMajorVersion(String minimalMajorVersion) {
    this.minimalMajorVersion = minimalMajorVersion;
  }

  public String getTargetMajorVersion() {
    return targetMajorVersion;
  }

  public void setTargetMajorVersion(String targetMajorVersion) {
    this.targetMajorVersion = targetMajorVersion;
  }
}
