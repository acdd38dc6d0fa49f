package io.tusk.sql.sources;

import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.InfrastructureRoleSecret;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.roles.ClusterRole;
import io.tusk.spec.roles.ClusterRoles;
import io.tusk.spec.roles.RoleOrigin;
import io.tusk.sql.ConnectionTarget;
import io.tusk.sql.InvalidDesiredStateException;
import io.tusk.sql.Problem;
import io.tusk.sql.Subject;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.infra.InfrastructureRoles;
import io.tusk.sql.model.DesiredDatabase;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredPreparedSchema;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PoolerLookup;
import io.tusk.sql.password.PasswordEncryption;
import io.tusk.sql.rotation.RotationPolicy;
import io.tusk.sql.teams.HumanUsers;
import io.tusk.sql.teams.PostgresTeamMap;
import io.tusk.sql.teams.TeamMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a {@code postgresql} manifest, the operator configuration, team members, PostgresTeam
 * resources and infrastructure roles to the roles and databases one cluster wants. Pure: the
 * operator reads Secrets, ConfigMaps and the Teams API and passes what it found.
 *
 * <p>The roles are derived once, by {@link ClusterRoles} (Zalando's {@code cluster.go#initUsers},
 * v2.0.1), from the manifest, the configuration, the infrastructure roles and the team members'
 * roles ({@link HumanUsers}); the same derivation decides the credentials Secrets and the
 * manifest's validity. Where Zalando logs and skips a manifest or infrastructure role named like a
 * protected or system role, Tusk rejects the input.
 */
public final class RoleSources {

  private RoleSources() {}

  /** What the operator found outside the manifest. */
  public record Inputs(
      TeamMembers teamMembers,
      PostgresTeamMap postgresTeams,
      List<DesiredRole> infrastructureRoles) {

    public Inputs {
      teamMembers = teamMembers == null ? TeamMembers.none() : teamMembers;
      postgresTeams = postgresTeams == null ? PostgresTeamMap.empty() : postgresTeams;
      infrastructureRoles =
          infrastructureRoles == null ? List.of() : List.copyOf(infrastructureRoles);
    }

    /** No team members, no PostgresTeams, no infrastructure roles. */
    public static Inputs none() {
      return new Inputs(TeamMembers.none(), PostgresTeamMap.empty(), List.of());
    }
  }

  /**
   * The roles and databases one cluster wants. The roles are those of the cluster's one derivation
   * ({@link ClusterRoles}), fed with the team members' roles and the infrastructure roles.
   *
   * @throws InvalidDesiredStateException if a manifest user is invalid or a manifest or
   *     infrastructure role takes the name of a protected or system role
   */
  public static WantedRoles collect(Postgresql cluster, OperatorConfig config, Inputs inputs) {
    PostgresSpec spec = cluster.getSpec();
    HumanUsers.Result humans =
        HumanUsers.roles(
            spec.getTeamId(), teamSettings(config), inputs.postgresTeams(), inputs.teamMembers());
    Map<String, DesiredRole> infrastructure = new LinkedHashMap<>();
    inputs.infrastructureRoles().forEach(r -> infrastructure.put(r.name(), r));
    ClusterRoles derived =
        ClusterRoles.of(
            cluster,
            config,
            new ClusterRoles.Inputs(
                inputs.infrastructureRoles().stream().map(RoleSources::clusterRole).toList(),
                humans.roles().stream().map(RoleSources::clusterRole).toList()));
    if (!derived.problems().isEmpty()) {
      throw new InvalidDesiredStateException(
          derived.problems().stream()
              .map(p -> new Problem(Subject.role(p.role()), p.reason()))
              .toList());
    }
    List<String> warnings = new ArrayList<>(derived.warnings());
    warnings.addAll(humans.warnings());
    warnings.addAll(inputs.teamMembers().errors());

    List<DesiredRole> roles = new ArrayList<>();
    for (ClusterRole r : derived.roles()) {
      DesiredRole input = infrastructure.get(r.name());
      // Infrastructure roles keep their password; the derivation may have added memberships.
      roles.add(
          r.origin() == RoleOrigin.INFRASTRUCTURE && input != null
              ? input.toBuilder().memberOf(r.memberOf()).build()
              : DesiredRole.from(r).build());
    }
    List<SecretUser> secretUsers =
        derived.withSecrets().stream()
            .map(r -> new SecretUser(r.name(), r.secretNamespace(), r.origin()))
            .toList();

    List<DesiredPreparedDatabase> prepared = new ArrayList<>();
    ClusterRoles.preparedDatabases(cluster)
        .forEach(
            (name, p) -> {
              Map<String, DesiredPreparedSchema> schemas = new LinkedHashMap<>();
              if (p.getSchemas() != null) {
                p.getSchemas()
                    .forEach(
                        (schema, s) ->
                            schemas.put(
                                schema,
                                new DesiredPreparedSchema(
                                    s == null || s.getDefaultRoles() == null || s.getDefaultRoles(),
                                    s != null && Boolean.TRUE.equals(s.getDefaultUsers()))));
              }
              prepared.add(
                  new DesiredPreparedDatabase(
                      name,
                      Boolean.TRUE.equals(p.getDefaultUsers()),
                      schemas,
                      p.getExtensions() == null ? Map.of() : p.getExtensions()));
            });
    PoolerLookup poolerLookup =
        derived.poolerUser() == null
            ? null
            : new PoolerLookup(derived.poolerSchema(), derived.poolerUser());

    List<DesiredDatabase> databases = new ArrayList<>();
    if (spec.getDatabases() != null) {
      spec.getDatabases().forEach((db, owner) -> databases.add(new DesiredDatabase(db, owner)));
    }

    String encryption =
        spec.getPostgresql() == null || spec.getPostgresql().getParameters() == null
            ? null
            : spec.getPostgresql().getParameters().get("password_encryption");
    SyncOptions options =
        new SyncOptions(
            PasswordEncryption.fromParameter(encryption),
            derived.protectedNames(),
            config.get(Options.ROLE_DELETION_SUFFIX),
            config.get(Options.ENABLE_TEAM_MEMBER_DEPRECATION),
            config.get(Options.PAM_ROLE_NAME),
            false,
            false,
            false);
    RotationPolicy rotation =
        new RotationPolicy(
            config.get(Options.ENABLE_PASSWORD_ROTATION),
            config.get(Options.PASSWORD_ROTATION_INTERVAL),
            config.get(Options.PASSWORD_ROTATION_USER_RETENTION),
            Set.copyOf(orEmpty(spec.getUsersWithSecretRotation())),
            Set.copyOf(orEmpty(spec.getUsersWithInPlaceSecretRotation())),
            Set.copyOf(orEmpty(spec.getUsersIgnoringSecretRotation())),
            spec.getStandby() != null,
            config.get(Options.SUPER_USERNAME));
    return new WantedRoles(
        roles,
        secretUsers,
        databases,
        prepared,
        poolerLookup,
        rotation,
        options,
        inputs.teamMembers().complete(),
        warnings);
  }

  /** A role of the operator's inputs, for the derivation. */
  private static ClusterRole clusterRole(DesiredRole r) {
    return new ClusterRole(
        r.name(),
        r.origin(),
        r.flags(),
        r.memberOf(),
        r.parameters(),
        r.adminRole(),
        r.dbOwner(),
        null);
  }

  /**
   * The teams whose members the operator must fetch from the Teams API ({@code GET
   * {teams_api_url}/teams/{team}}); empty when {@code enable_teams_api} is off.
   */
  public static Set<String> teamsToFetch(
      Postgresql cluster, OperatorConfig config, PostgresTeamMap postgresTeams) {
    return HumanUsers.teamsToFetch(
        cluster.getSpec().getTeamId(), teamSettings(config), postgresTeams);
  }

  /** All PostgresTeam resources merged (use only with {@code enable_postgres_team_crd}). */
  public static PostgresTeamMap postgresTeams(Collection<PostgresTeam> teams) {
    List<PostgresTeamMap.Spec> specs = new ArrayList<>();
    for (PostgresTeam t : teams) {
      if (t.getSpec() != null) {
        specs.add(
            new PostgresTeamMap.Spec(
                t.getSpec().getAdditionalSuperuserTeams(),
                t.getSpec().getAdditionalTeams(),
                t.getSpec().getAdditionalMembers()));
      }
    }
    return PostgresTeamMap.of(specs);
  }

  /**
   * Where infrastructure roles are: {@code infrastructure_roles_secrets} and the deprecated {@code
   * infrastructure_roles_secret_name} (numbered keys), as {@code
   * controller/util.go#getInfrastructureRoleDefinitions}. Secret names are as configured ({@code
   * name} or {@code namespace/name}); the operator reads each Secret and the ConfigMap of the same
   * name and calls {@link InfrastructureRoles#read}.
   */
  public static List<InfrastructureRoles.Definition> infrastructureRoleDefinitions(
      OperatorConfig config) {
    List<InfrastructureRoles.Definition> defs = new ArrayList<>();
    for (InfrastructureRoleSecret s : config.get(Options.INFRASTRUCTURE_ROLES_SECRETS)) {
      if (s.secretName().isEmpty()) {
        continue;
      }
      defs.add(
          new InfrastructureRoles.Definition(
              s.secretName(),
              s.userKey(),
              s.passwordKey(),
              s.roleKey(),
              s.defaultUserValue(),
              s.defaultRoleValue(),
              s.details(),
              s.template()));
    }
    String legacy = config.get(Options.INFRASTRUCTURE_ROLES_SECRET_NAME);
    if (legacy != null && !legacy.isEmpty()) {
      defs.add(InfrastructureRoles.Definition.legacy(legacy));
    }
    return defs;
  }

  /**
   * Whether Tusk should touch the database at all: not with {@code enable_database_access} off,
   * without instances, or on a standby cluster ({@code sync.go#Sync}).
   */
  public static boolean databaseAccessWanted(Postgresql cluster, OperatorConfig config) {
    PostgresSpec spec = cluster.getSpec();
    Integer instances = spec.getNumberOfInstances();
    return config.get(Options.ENABLE_DATABASE_ACCESS)
        && instances != null
        && instances > 0
        && spec.getStandby() == null;
  }

  /**
   * The primary as Zalando reaches it: {@code {cluster}.{namespace}.svc.{cluster_domain}:5432},
   * database {@code postgres}, as {@code super_username}.
   */
  public static ConnectionTarget connectionTarget(
      Postgresql cluster, OperatorConfig config, String superuserPassword, String sslMode) {
    String host =
        cluster.getMetadata().getName()
            + "."
            + cluster.getMetadata().getNamespace()
            + ".svc."
            + config.get(Options.CLUSTER_DOMAIN);
    return new ConnectionTarget(
        host,
        5432,
        "postgres",
        config.get(Options.SUPER_USERNAME),
        superuserPassword,
        sslMode,
        Duration.ofSeconds(15));
  }

  private static HumanUsers.Settings teamSettings(OperatorConfig config) {
    return new HumanUsers.Settings(
        config.get(Options.ENABLE_TEAMS_API),
        config.get(Options.ENABLE_TEAM_SUPERUSER),
        config.get(Options.TEAM_ADMIN_ROLE),
        config.get(Options.PAM_ROLE_NAME),
        config.get(Options.TEAM_API_ROLE_CONFIGURATION),
        config.get(Options.POSTGRES_SUPERUSER_TEAMS),
        config.get(Options.ENABLE_POSTGRES_TEAM_CRD),
        config.get(Options.ENABLE_POSTGRES_TEAM_CRD_SUPERUSERS));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
