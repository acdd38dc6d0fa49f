package io.tusk.sql.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.InvalidDesiredStateException;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PasswordSpec;
import io.tusk.sql.password.PasswordEncryption;
import io.tusk.sql.rotation.CredentialDecision;
import io.tusk.sql.rotation.StoredCredentials;
import io.tusk.sql.teams.PostgresTeamMap;
import io.tusk.sql.teams.TeamMembers;
import io.tusk.sql.testing.ReferenceManifests;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The upstream example manifests mapped to wanted roles and databases. */
class RoleSourcesTest {

  private static final OperatorConfig CONFIG =
      OperatorConfig.defaults(Source.CONFIGMAP).withOverride(Options.ENABLE_TEAMS_API, false);

  private static Postgresql manifest(String file) {
    Postgresql pg = ReferenceManifests.read(file, Postgresql.class);
    pg.getMetadata().setNamespace("default");
    return pg;
  }

  private static Map<String, DesiredRole> byName(WantedRoles w) {
    return w.roles().stream().collect(Collectors.toMap(DesiredRole::name, r -> r));
  }

  @Test
  void theMinimalManifest() {
    WantedRoles w =
        RoleSources.collect(
            manifest("minimal-postgres-manifest.yaml"), CONFIG, RoleSources.Inputs.none());
    Map<String, DesiredRole> roles = byName(w);

    assertThat(roles.keySet())
        .containsExactlyInAnyOrder(
            "postgres",
            "standby",
            "zalando",
            "foo_user",
            "bar_owner",
            "bar_reader",
            "bar_writer",
            "bar_data_owner",
            "bar_data_reader",
            "bar_data_writer");
    DesiredRole zalando = roles.get("zalando");
    assertThat(zalando.origin()).isEqualTo(RoleOrigin.MANIFEST);
    assertThat(zalando.flags()).containsExactly("superuser", "createdb");
    assertThat(zalando.adminRole()).isEqualTo("admin");
    assertThat(zalando.dbOwner()).isTrue();
    assertThat(roles.get("foo_user").dbOwner()).isFalse();
    assertThat(roles.get("postgres").origin()).isEqualTo(RoleOrigin.SYSTEM);
    assertThat(w.secretUsers())
        .extracting(SecretUser::roleName)
        .containsExactlyInAnyOrder("postgres", "standby", "zalando", "foo_user");
    assertThat(w.secretUsers()).allMatch(u -> u.namespace().equals("default"));
    assertThat(w.databases())
        .extracting(d -> d.name() + ":" + d.owner())
        .containsExactly("foo:zalando");
    assertThat(w.preparedDatabases()).extracting(p -> p.name()).containsExactly("bar");
    assertThat(w.poolerLookup()).isNull();
    assertThat(w.passwordEncryption()).isEqualTo(PasswordEncryption.SCRAM_SHA_256);
  }

  @Test
  void theCompleteManifest() {
    WantedRoles w =
        RoleSources.collect(
            manifest("complete-postgres-manifest.yaml"), CONFIG, RoleSources.Inputs.none());
    Map<String, DesiredRole> roles = byName(w);

    assertThat(roles)
        .containsKeys(
            "bar_owner_user",
            "bar_reader_user",
            "bar_writer_user",
            "bar_history_owner",
            "bar_data_writer");
    assertThat(w.secretUsers())
        .extracting(SecretUser::roleName)
        .contains("bar_owner_user", "bar_reader_user", "bar_writer_user")
        .doesNotContain("bar_owner", "bar_history_owner");
    assertThat(w.preparedDatabases())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.defaultUsers()).isTrue();
              assertThat(p.schemas()).containsOnlyKeys("data", "history");
              assertThat(p.extensions())
                  .containsEntry("pg_partman", "public")
                  .containsEntry("pgcrypto", "public");
            });
  }

  @Test
  void anEmptyPreparedDatabasesMapCreatesTheClusterDatabase() {
    Postgresql pg = manifest("minimal-postgres-manifest.yaml");
    pg.getSpec().setPreparedDatabases(Map.of());

    WantedRoles w = RoleSources.collect(pg, CONFIG, RoleSources.Inputs.none());

    assertThat(w.preparedDatabases())
        .extracting(p -> p.name())
        .containsExactly("acid_minimal_cluster");
    assertThat(byName(w)).containsKey("acid_minimal_cluster_owner");
  }

  @Test
  void poolerStreamsAdditionalOwnerRolesAndPasswordEncryption() {
    Postgresql pg = manifest("minimal-postgres-manifest.yaml");
    pg.getSpec().setEnableConnectionPooler(true);
    ConnectionPooler pooler = new ConnectionPooler();
    pooler.setUser("postgres"); // the superuser is never used as pooler user
    pg.getSpec().setConnectionPooler(pooler);
    pg.getSpec().getPostgresql().setParameters(Map.of("password_encryption", "md5"));
    OperatorConfig config =
        CONFIG.withOverride(Options.ADDITIONAL_OWNER_ROLES, List.of("cron_admin"));

    WantedRoles w = RoleSources.collect(pg, config, RoleSources.Inputs.none());
    Map<String, DesiredRole> roles = byName(w);

    assertThat(roles.get("pooler").origin()).isEqualTo(RoleOrigin.CONNECTION_POOLER);
    assertThat(w.poolerLookup().schema()).isEqualTo("pooler");
    assertThat(w.poolerLookup().user()).isEqualTo("pooler");
    assertThat(w.warnings()).anyMatch(x -> x.contains("\"postgres\" as connection pooler"));
    assertThat(roles.get("zalando").memberOf()).containsExactly("cron_admin");
    assertThat(roles.get("bar_owner").memberOf()).containsExactly("cron_admin");
    assertThat(roles.get("foo_user").memberOf()).isEmpty();
    assertThat(w.passwordEncryption()).isEqualTo(PasswordEncryption.MD5);
    assertThat(w.secretUsers()).extracting(SecretUser::roleName).contains("pooler");
  }

  @Test
  void teamMembersInfrastructureRolesAndPriorities() {
    Postgresql pg = manifest("minimal-postgres-manifest.yaml");
    OperatorConfig config =
        CONFIG
            .withOverride(Options.ENABLE_TEAMS_API, true)
            .withOverride(Options.ENABLE_POSTGRES_TEAM_CRD, true);
    PostgresTeamMap crd =
        PostgresTeamMap.of(
            List.of(new PostgresTeamMap.Spec(null, null, Map.of("acid", List.of("guest")))));
    TeamMembers members =
        new TeamMembers(
            Map.of("acid", List.of("jdoe", "foo_user", "admin", "postgres")), true, List.of());
    DesiredRole infra =
        DesiredRole.builder("robot_zmon", RoleOrigin.INFRASTRUCTURE)
            .password("zmon")
            .memberOf("robot")
            .build();

    assertThat(RoleSources.teamsToFetch(pg, config, crd)).containsExactly("acid");
    WantedRoles w =
        RoleSources.collect(pg, config, new RoleSources.Inputs(members, crd, List.of(infra)));
    Map<String, DesiredRole> roles = byName(w);

    assertThat(roles.get("jdoe").origin()).isEqualTo(RoleOrigin.TEAMS_API);
    assertThat(roles.get("jdoe").memberOf()).containsExactly("zalandos", "admin");
    assertThat(roles.get("guest").origin()).isEqualTo(RoleOrigin.TEAMS_API);
    // A team member beats a manifest user of the same name, as in Zalando; no Secret for it.
    assertThat(roles.get("foo_user").origin()).isEqualTo(RoleOrigin.TEAMS_API);
    assertThat(w.secretUsers())
        .extracting(SecretUser::roleName)
        .doesNotContain("foo_user", "jdoe")
        .contains("robot_zmon");
    assertThat(roles.get("robot_zmon").password()).isEqualTo(PasswordSpec.plain("zmon"));
    // Team members named like a protected or system role are skipped with a warning.
    assertThat(roles.get("admin")).isNull();
    assertThat(roles.get("postgres").origin()).isEqualTo(RoleOrigin.SYSTEM);
    assertThat(w.warnings())
        .anyMatch(m -> m.contains("protected or system role \"admin\""))
        .anyMatch(m -> m.contains("protected or system role \"postgres\""));
  }

  @Test
  void manifestUsersNamedLikeProtectedOrSystemRolesAreRejected() {
    Postgresql pg = manifest("minimal-postgres-manifest.yaml");
    pg.getSpec().setUsers(Map.of("admin", List.of(), "standby", List.of(), "ok", List.of()));

    assertThatThrownBy(() -> RoleSources.collect(pg, CONFIG, RoleSources.Inputs.none()))
        .isInstanceOf(InvalidDesiredStateException.class)
        .hasMessageContaining("role \"admin\": manifest role collides with the protected role")
        .hasMessageContaining("role \"standby\": manifest role collides with the system role");
  }

  @Test
  void crossNamespaceSecrets() {
    Postgresql pg = manifest("minimal-postgres-manifest.yaml");
    pg.getSpec().setUsers(Map.of("appspace.db-user", List.of()));

    WantedRoles off = RoleSources.collect(pg, CONFIG, RoleSources.Inputs.none());
    WantedRoles on =
        RoleSources.collect(
            pg,
            CONFIG.withOverride(Options.ENABLE_CROSS_NAMESPACE_SECRET, true),
            RoleSources.Inputs.none());

    assertThat(off.secretUsers())
        .filteredOn(u -> u.roleName().equals("appspace.db-user"))
        .extracting(SecretUser::namespace)
        .containsExactly("default");
    assertThat(on.secretUsers())
        .filteredOn(u -> u.roleName().equals("appspace.db-user"))
        .extracting(SecretUser::namespace)
        .containsExactly("appspace");
  }

  @Test
  void credentialsAndTheFinalDesiredState() {
    Postgresql pg = manifest("minimal-postgres-manifest.yaml");
    pg.getSpec().setUsersWithSecretRotation(List.of("foo_user"));
    WantedRoles w = RoleSources.collect(pg, CONFIG, RoleSources.Inputs.none());
    Clock clock = Clock.fixed(Instant.parse("2025-03-15T10:00:00Z"), ZoneOffset.UTC);

    Map<String, CredentialDecision> decisions =
        w.decideCredentials(
            Map.of(
                "postgres", StoredCredentials.generated("postgres", "superpw", ""),
                "foo_user", StoredCredentials.generated("foo_user", "old", "2025-03-01T00:00:00Z")),
            clock,
            () -> "new-password");
    DatabaseDesiredState state = w.desiredState(decisions, Set.of(), Set.of("old_role"), Set.of());

    assertThat(decisions.get("postgres").action()).isEqualTo(CredentialDecision.Action.NONE);
    assertThat(decisions.get("zalando").action()).isEqualTo(CredentialDecision.Action.CREATE);
    assertThat(decisions.get("foo_user").secret().username()).isEqualTo("foo_user250315");
    Map<String, DesiredRole> roles =
        state.roles().stream().collect(Collectors.toMap(DesiredRole::name, r -> r));
    assertThat(roles.get("postgres").password()).isEqualTo(PasswordSpec.plain("superpw"));
    assertThat(roles.get("foo_user250315").rotationOf()).isEqualTo("foo_user");
    assertThat(roles.get("foo_user").password()).isEqualTo(PasswordSpec.unmanaged());
    assertThat(roles.get("bar_owner").password()).isEqualTo(PasswordSpec.unmanaged());
    assertThat(state.rotationRetention()).extracting(r -> r.baseRole()).containsExactly("foo_user");
    assertThat(state.previouslyManagedRoles()).containsExactly("old_role");

    DatabaseDesiredState degraded =
        w.desiredState(decisions, Set.of("foo_user"), Set.of(), Set.of());
    assertThat(degraded.roles()).extracting(DesiredRole::name).doesNotContain("foo_user250315");

    SyncOptions options = w.syncOptions(true, false, false);
    assertThat(options.enableRoleDeletion()).isTrue();
    assertThat(options.protectedRoleNames()).containsExactlyInAnyOrder("admin", "cron_admin");
    assertThat(options.pamRoleName()).isEqualTo("zalandos");
  }

  @Test
  void databaseAccessAndConnectionTarget() {
    Postgresql pg = manifest("minimal-postgres-manifest.yaml");

    assertThat(RoleSources.databaseAccessWanted(pg, CONFIG)).isTrue();
    assertThat(
            RoleSources.databaseAccessWanted(
                pg, CONFIG.withOverride(Options.ENABLE_DATABASE_ACCESS, false)))
        .isFalse();
    assertThat(RoleSources.connectionTarget(pg, CONFIG, "pw", "require").toString())
        .isEqualTo(
            "ConnectionTarget[postgres@acid-minimal-cluster.default.svc.cluster.local:5432"
                + "/postgres, sslmode=require]");
    pg.getSpec().setNumberOfInstances(0);
    assertThat(RoleSources.databaseAccessWanted(pg, CONFIG)).isFalse();
  }

  @Test
  void infrastructureRoleDefinitionsFromTheConfiguration() {
    OperatorConfig config =
        CONFIG.withOverride(
            Options.INFRASTRUCTURE_ROLES_SECRET_NAME, "postgresql-infrastructure-roles");

    assertThat(RoleSources.infrastructureRoleDefinitions(config))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.template()).isTrue();
              assertThat(d.userKey()).isEqualTo("user");
              assertThat(d.secretName()).isEqualTo("postgresql-infrastructure-roles");
            });
  }
}
