package io.tusk.sql.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.config.Source;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.SyncResult;
import io.tusk.sql.infra.InfrastructureRoles;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.rotation.CredentialDecision;
import io.tusk.sql.rotation.StoredCredentials;
import io.tusk.sql.sources.RoleSources;
import io.tusk.sql.sources.SecretUser;
import io.tusk.sql.sources.WantedRoles;
import io.tusk.sql.teams.PostgresTeamMap;
import io.tusk.sql.teams.TeamMembers;
import io.tusk.sql.testing.PostgresTestSupport;
import io.tusk.sql.testing.ReferenceManifests;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The whole path the operator takes, against a real server: manifest and configuration to wanted
 * roles, Secrets (simulated by a map) to credentials, then sync; again with nothing changed.
 */
class ManifestSyncIT extends PostgresTestSupport {

  private final Map<String, StoredCredentials> secrets = new HashMap<>();
  private final AtomicInteger generated = new AtomicInteger();

  private static Postgresql manifest(String file) {
    Postgresql pg = ReferenceManifests.read(file, Postgresql.class);
    pg.getMetadata().setNamespace("default");
    return pg;
  }

  /** What the operator does with Secrets: read, decide, write the ones that change. */
  private DatabaseDesiredState credentials(
      WantedRoles wanted, Clock clock, Set<String> previousRoles, Set<String> previousDatabases) {
    Map<String, CredentialDecision> decisions =
        wanted.decideCredentials(
            Map.copyOf(secrets), clock, () -> "generated-" + generated.incrementAndGet());
    decisions.forEach(
        (user, d) -> {
          if (d.action() != CredentialDecision.Action.NONE) {
            secrets.put(
                user,
                StoredCredentials.generated(
                    d.secret().username(), d.secret().password(), d.secret().nextRotation()));
          }
        });
    return wanted.desiredState(decisions, Set.of(), previousRoles, previousDatabases);
  }

  @Test
  void theCompleteManifestWithInfrastructureRolesAndTeams() throws Exception {
    pg.execute(
        "postgres",
        "CREATE ROLE admin NOLOGIN",
        "CREATE ROLE zalandos NOLOGIN",
        "CREATE ROLE robot_zmon NOLOGIN");
    secrets.put("postgres", StoredCredentials.generated("postgres", pg.superuserPassword(), ""));
    Postgresql cluster = manifest("complete-postgres-manifest.yaml");
    OperatorConfig config =
        OperatorConfig.defaults(Source.CONFIGMAP)
            .withOverride(
                Options.INFRASTRUCTURE_ROLES_SECRET_NAME, "postgresql-infrastructure-roles");
    List<DesiredRole> infra =
        InfrastructureRoles.merge(
                RoleSources.infrastructureRoleDefinitions(config).stream()
                    .map(
                        d ->
                            InfrastructureRoles.read(
                                d,
                                ReferenceManifests.secretData("infrastructure-roles.yaml"),
                                ReferenceManifests.configMapData(
                                    "infrastructure-roles-configmap.yaml")))
                    .toList())
            .roles();
    TeamMembers team = new TeamMembers(Map.of("acid", List.of("jdoe")), true, List.of());
    WantedRoles wanted =
        RoleSources.collect(
            cluster, config, new RoleSources.Inputs(team, PostgresTeamMap.empty(), infra));
    SyncOptions options = wanted.syncOptions(false, false, false);
    Clock clock = Clock.fixed(Instant.parse("2025-03-15T10:00:00Z"), ZoneOffset.UTC);
    DatabaseDesiredState state = credentials(wanted, clock, Set.of(), Set.of());

    SyncResult result = sync(state, options);

    // pg_partman (Debian's postgresql-15-partman, which `tusk local install` adds) may be missing
    // on this server: then one error for that extension, nothing else.
    boolean partman =
        !column("postgres", "SELECT name FROM pg_available_extensions WHERE name = 'pg_partman'")
            .isEmpty();
    if (partman) {
      assertThat(result.errors()).isEmpty();
      assertThat(
              column(
                  "bar",
                  "SELECT extnamespace::regnamespace::text FROM pg_extension"
                      + " WHERE extname = 'pg_partman'"))
          .containsExactly("public");
    } else {
      assertThat(result.errors())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.subject().name()).isEqualTo("pg_partman");
                assertThat(e.subject().database()).isEqualTo("bar");
              });
    }
    assertThat(result.createdRoles())
        .contains(
            "zalando",
            "foo_user",
            "bar_owner_user",
            "bar_history_writer",
            "jdoe",
            "batman",
            "robot_zmon_acid_monitoring",
            "testuser",
            "standby");
    assertThat(result.createdDatabases()).containsExactlyInAnyOrder("foo", "bar");
    assertThat(
            scalar(
                "postgres",
                "SELECT rolsuper AND rolcreatedb FROM pg_roles" + " WHERE rolname = 'zalando'"))
        .isEqualTo("t");
    assertThat(canLogin("zalando", secrets.get("zalando").password())).isTrue();
    assertThat(canLogin("bar_owner_user", secrets.get("bar_owner_user").password())).isTrue();
    assertThat(canLogin("batman", "justice")).isTrue();
    assertThat(
            column(
                "postgres",
                "SELECT unnest(setconfig) FROM pg_db_role_setting s"
                    + " JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'jdoe'"))
        .containsExactly("log_statement=all");
    assertThat(
            column(
                "bar",
                "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'" + " ORDER BY 1"))
        .containsExactlyElementsOf(
            partman ? List.of("pg_partman", "pgcrypto") : List.of("pgcrypto"));
    assertThat(wanted.secretUsers())
        .extracting(SecretUser::roleName)
        .doesNotContain("jdoe", "bar_owner");

    // Second round, as the operator's periodic sync: the same decisions, no writes (except the
    // extension that keeps failing when pg_partman is missing).
    DatabaseDesiredState again =
        credentials(wanted, clock, result.managedRoles(), result.managedDatabases());
    long mark = pg.logMark();
    SyncResult second = sync(again, options);
    List<String> retried =
        partman
            ? List.of()
            : List.of("CREATE EXTENSION IF NOT EXISTS \"pg_partman\" SCHEMA \"public\"");
    assertThat(second.statements()).extracting(s -> s.sql()).containsExactlyElementsOf(retried);
    assertThat(pg.ddlSince(mark)).containsExactlyElementsOf(retried);
  }

  @Test
  void passwordRotationOverTime() throws Exception {
    secrets.put("postgres", StoredCredentials.generated("postgres", pg.superuserPassword(), ""));
    pg.execute("postgres", "CREATE ROLE admin NOLOGIN");
    Postgresql cluster = manifest("minimal-postgres-manifest.yaml");
    cluster.getSpec().setUsersWithSecretRotation(List.of("foo_user"));
    cluster.getSpec().setUsers(Map.of("foo_user", List.of(), "zalando", List.of("createdb")));
    OperatorConfig config =
        OperatorConfig.defaults(Source.CONFIGMAP)
            .withOverride(Options.ENABLE_TEAMS_API, false)
            .withOverride(Options.PASSWORD_ROTATION_INTERVAL, 30)
            .withOverride(Options.PASSWORD_ROTATION_USER_RETENTION, 60);
    WantedRoles wanted = RoleSources.collect(cluster, config, RoleSources.Inputs.none());
    SyncOptions options = wanted.syncOptions(false, false, false);

    // Day 0: secrets created; foo_user's Secret gets its first rotation date.
    SyncResult day0 = sync(credentials(wanted, at("2025-01-01"), Set.of(), Set.of()), options);
    assertThat(day0.errors()).isEmpty();
    String original = secrets.get("foo_user").password();
    assertThat(secrets.get("foo_user").nextRotation()).isEqualTo("2025-01-31T10:00:00Z");
    pg.execute("postgres", "ALTER ROLE foo_user SET work_mem = '2MB'");

    // Day 40: due. A dated user with a new password, member of foo_user, inheriting its settings.
    SyncResult day40 =
        sync(credentials(wanted, at("2025-02-10"), day0.managedRoles(), Set.of()), options);
    assertThat(day40.createdRoles()).containsExactly("foo_user250210");
    assertThat(secrets.get("foo_user").username()).isEqualTo("foo_user250210");
    assertThat(canLogin("foo_user250210", secrets.get("foo_user").password())).isTrue();
    assertThat(canLogin("foo_user", original)).isTrue(); // old credentials keep working
    assertThat(
            column(
                "postgres",
                "SELECT unnest(setconfig) FROM pg_db_role_setting s"
                    + " JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'foo_user250210'"))
        .containsExactly("work_mem=2MB");
    assertThat(scalar("postgres", "SELECT pg_has_role('foo_user250210', 'foo_user', 'MEMBER')"))
        .isEqualTo("t");
    // Nothing to do later the same day.
    DatabaseDesiredState sameDay =
        credentials(wanted, at("2025-02-10"), day40.managedRoles(), Set.of());
    assertThat(ddlOfSecondSync(sameDay, options)).isEmpty();

    // Day 75: rotates again; the previous rotation user stays usable (not retired).
    SyncResult day75 =
        sync(credentials(wanted, at("2025-03-17"), day40.managedRoles(), Set.of()), options);
    assertThat(day75.createdRoles()).containsExactly("foo_user250317");
    assertThat(day75.disabledRoles()).isEmpty();
    assertThat(
            scalar(
                "postgres",
                "SELECT rolcanlogin FROM pg_roles" + " WHERE rolname = 'foo_user250210'"))
        .isEqualTo("t");

    // Day 130: 250210 is older than the 60-day retention: dropped on the next rotation.
    SyncResult day130 =
        sync(credentials(wanted, at("2025-05-11"), day75.managedRoles(), Set.of()), options);
    assertThat(day130.droppedRoles()).containsExactly("foo_user250210");
    assertThat(day130.createdRoles()).containsExactly("foo_user250511");

    // Rotation switched off: the Secret goes back to foo_user with a new password.
    cluster.getSpec().setUsersWithSecretRotation(List.of());
    WantedRoles off = RoleSources.collect(cluster, config, RoleSources.Inputs.none());
    SyncResult offResult =
        sync(credentials(off, at("2025-05-12"), day130.managedRoles(), Set.of()), options);
    assertThat(offResult.errors()).isEmpty();
    assertThat(secrets.get("foo_user").username()).isEqualTo("foo_user");
    assertThat(secrets.get("foo_user").nextRotation()).isEmpty();
    assertThat(canLogin("foo_user", secrets.get("foo_user").password())).isTrue();
  }

  @Test
  void inPlaceRotationChangesOnlyThePassword() throws Exception {
    secrets.put("postgres", StoredCredentials.generated("postgres", pg.superuserPassword(), ""));
    Postgresql cluster = manifest("minimal-postgres-manifest.yaml");
    cluster.getSpec().setPreparedDatabases(null);
    cluster.getSpec().setUsersWithInPlaceSecretRotation(List.of("foo_user"));
    OperatorConfig config =
        OperatorConfig.defaults(Source.CONFIGMAP)
            .withOverride(Options.ENABLE_TEAMS_API, false)
            .withOverride(Options.ENABLE_ADMIN_ROLE_FOR_USERS, false);
    WantedRoles wanted = RoleSources.collect(cluster, config, RoleSources.Inputs.none());
    SyncOptions options = wanted.syncOptions(false, false, false);

    sync(credentials(wanted, at("2025-01-01"), Set.of(), Set.of()), options);
    String first = secrets.get("foo_user").password();
    SyncResult rotated = sync(credentials(wanted, at("2025-06-01"), Set.of(), Set.of()), options);

    assertThat(rotated.alteredRoles()).containsExactly("foo_user");
    assertThat(secrets.get("foo_user").username()).isEqualTo("foo_user");
    assertThat(secrets.get("foo_user").password()).isNotEqualTo(first);
    assertThat(canLogin("foo_user", secrets.get("foo_user").password())).isTrue();
    assertThat(canLogin("foo_user", first)).isFalse();
    assertThat(column("postgres", "SELECT rolname FROM pg_roles WHERE rolname ~ '^foo_user\\d'"))
        .isEmpty();
  }

  @Test
  void aUserSuppliedSecretKeepsItsPassword() throws Exception {
    secrets.put("postgres", StoredCredentials.generated("postgres", pg.superuserPassword(), ""));
    secrets.put("foo_user", new StoredCredentials("foo_user", "my-own-choice", "", true));
    Postgresql cluster = manifest("minimal-postgres-manifest.yaml");
    cluster.getSpec().setPreparedDatabases(null);
    OperatorConfig config =
        OperatorConfig.defaults(Source.CONFIGMAP)
            .withOverride(Options.ENABLE_TEAMS_API, false)
            .withOverride(Options.ENABLE_ADMIN_ROLE_FOR_USERS, false)
            .withOverride(Options.ENABLE_PASSWORD_ROTATION, true);
    WantedRoles wanted = RoleSources.collect(cluster, config, RoleSources.Inputs.none());

    sync(
        credentials(wanted, at("2025-01-01"), Set.of(), Set.of()),
        wanted.syncOptions(false, false, false));
    sync(
        credentials(wanted, at("2026-01-01"), Set.of(), Set.of()),
        wanted.syncOptions(false, false, false));

    assertThat(secrets.get("foo_user").password()).isEqualTo("my-own-choice");
    assertThat(canLogin("foo_user", "my-own-choice")).isTrue();
  }

  private static Clock at(String day) {
    return Clock.fixed(Instant.parse(day + "T10:00:00Z"), ZoneOffset.UTC);
  }
}
