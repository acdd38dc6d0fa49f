package io.tusk.operator.teams;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.sql.sources.RoleSources;
import io.tusk.sql.teams.PostgresTeamMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which clusters a change of a PostgresTeam concerns. */
class PostgresTeamWatchTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final OperatorConfig CONFIG =
      OperatorConfig.defaults(Source.CONFIGMAP)
          .withOverride(Options.ENABLE_POSTGRES_TEAM_CRD, true);

  private static PostgresTeam team(String spec) {
    return JSON.unmarshal(
        "apiVersion: acid.zalan.do/v1\nkind: PostgresTeam\nmetadata: {name: t}\nspec: " + spec,
        PostgresTeam.class);
  }

  private static Postgresql cluster(String teamId) {
    return JSON.unmarshal(
        "apiVersion: acid.zalan.do/v1\nkind: postgresql\nmetadata: {name: c}\nspec: {teamId: "
            + teamId
            + "}",
        Postgresql.class);
  }

  private static PostgresTeamMap.Spec spec(String yaml) {
    PostgresTeam t = team(yaml);
    return new PostgresTeamMap.Spec(
        t.getSpec().getAdditionalSuperuserTeams(),
        t.getSpec().getAdditionalTeams(),
        t.getSpec().getAdditionalMembers());
  }

  @Test
  void aNewOrDeletedResourceConcernsEveryTeamItNames() {
    PostgresTeamMap.Spec spec =
        spec(
            "{additionalSuperuserTeams: {Acid: [Ops]}, additionalTeams: {acid: [bi]},"
                + " additionalMembers: {web: [jane]}}");
    assertThat(PostgresTeamWatch.changedTeams(null, spec))
        .containsExactlyInAnyOrder("acid", "ops", "bi", "web");
    assertThat(PostgresTeamWatch.changedTeams(spec, null))
        .containsExactlyInAnyOrder("acid", "ops", "bi", "web");
  }

  @Test
  void aChangedResourceConcernsTheTeamsWhoseEntriesChanged() {
    PostgresTeamMap.Spec before =
        spec("{additionalTeams: {acid: [bi]}, additionalMembers: {web: [lee], bi: [kim]}}");
    PostgresTeamMap.Spec after =
        spec("{additionalTeams: {acid: [bi]}, additionalMembers: {web: [lee, max], bi: [kim]}}");
    assertThat(PostgresTeamWatch.changedTeams(before, after)).containsExactly("web");
    PostgresTeamMap.Spec relinked =
        spec("{additionalTeams: {acid: [data]}, additionalMembers: {web: [lee], bi: [kim]}}");
    assertThat(PostgresTeamWatch.changedTeams(before, relinked))
        .containsExactlyInAnyOrder("acid", "bi", "data");
    assertThat(PostgresTeamWatch.changedTeams(before, before)).isEmpty();
  }

  @Test
  void aClusterIsConcernedThroughItsTeamItsAdditionalTeamsAndTheSuperuserTeams() {
    PostgresTeamMap map =
        RoleSources.postgresTeams(List.of(team("{additionalTeams: {acid: [bi], bi: [data]}}")));
    assertThat(PostgresTeamWatch.concerns(cluster("acid"), Set.of("acid"), map, CONFIG)).isTrue();
    // Transitively: acid's additional team bi has the additional team data.
    assertThat(PostgresTeamWatch.concerns(cluster("acid"), Set.of("data"), map, CONFIG)).isTrue();
    assertThat(PostgresTeamWatch.concerns(cluster("web"), Set.of("data"), map, CONFIG)).isFalse();
    assertThat(PostgresTeamWatch.concerns(cluster("ACID"), Set.of("acid"), map, CONFIG)).isTrue();
    // Members of a superuser team are superusers in every cluster.
    OperatorConfig superusers =
        CONFIG.withOverride(Options.POSTGRES_SUPERUSER_TEAMS, List.of("ops"));
    assertThat(PostgresTeamWatch.concerns(cluster("web"), Set.of("ops"), map, superusers)).isTrue();
  }

  @Test
  void fingerprintListsTheWatchedResourcesOnlyWhenTheyAreUsed() {
    PostgresTeam t = team("{additionalMembers: {acid: [jane]}}");
    t.getMetadata().setNamespace("default");
    t.getMetadata().setResourceVersion("42");
    assertThat(PostgresTeamWatch.fingerprint(java.util.Optional.of(List.of(t)), CONFIG))
        .containsExactly("default/t@42");
    assertThat(PostgresTeamWatch.fingerprint(java.util.Optional.empty(), CONFIG)).isNull();
    assertThat(
            PostgresTeamWatch.fingerprint(
                java.util.Optional.of(List.of(t)),
                CONFIG.withOverride(Options.ENABLE_POSTGRES_TEAM_CRD, false)))
        .isNull();
  }
}
