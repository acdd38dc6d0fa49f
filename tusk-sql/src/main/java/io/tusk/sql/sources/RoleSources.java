package io.tusk.sql.sources;

import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.InfrastructureRoleSecret;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.sql.ConnectionTarget;
import io.tusk.sql.InvalidDesiredStateException;
import io.tusk.sql.Problem;
import io.tusk.sql.Subject;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.infra.InfrastructureRoles;
import io.tusk.sql.model.DesiredDatabase;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PoolerLookup;
import io.tusk.sql.model.PreparedDatabase;
import io.tusk.sql.model.PreparedRoles;
import io.tusk.sql.model.PreparedSchema;
import io.tusk.sql.model.RoleFlags;
import io.tusk.sql.model.RoleOrigin;
import io.tusk.sql.password.PasswordEncryption;
import io.tusk.sql.rotation.RotationPolicy;
import io.tusk.sql.teams.HumanUsers;
import io.tusk.sql.teams.PostgresTeamMap;
import io.tusk.sql.teams.TeamMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a {@code postgresql} manifest, the operator configuration, team members, PostgresTeam
 * resources and infrastructure roles to the roles and databases one cluster wants. Pure: the
 * operator reads Secrets, ConfigMaps and the Teams API and passes what it found.
 *
 * <p>Mirrors Zalando's {@code cluster.go#initUsers} (v2.0.1): system users (superuser,
 * replication user, connection pooler user, event stream user), infrastructure roles,
 * prepared-database roles, manifest users (with {@code team_admin_role} as admin when {@code
 * enable_admin_role_for_users}), human users, then {@code additional_owner_roles} granted to
 * database owners. Two wanted roles with one name are resolved by origin, the later {@link
 * RoleOrigin} winning ({@code resolveNameConflict}). Where Zalando logs and skips a manifest or
 * infrastructure role named like a protected or system role, Tusk rejects the input.
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
      infrastructureRoles = infrastructureRoles == null ? List.of()
          : List.copyOf(infrastructureRoles);
    }

    /** No team members, no PostgresTeams, no infrastructure roles. */
    public static Inputs none() {
      return new Inputs(TeamMembers.none(), PostgresTeamMap.empty(), List.of());
    }
  }

  /**
   * The roles and databases one cluster wants.
   *
   * @throws InvalidDesiredStateException if a manifest or infrastructure role takes the name of a
   *     protected or system role
   */
  public static WantedRoles collect(Postgresql cluster, OperatorConfig config, Inputs inputs) {
    PostgresSpec spec = cluster.getSpec();
    String clusterName = cluster.getMetadata().getName();
    String namespace = cluster.getMetadata().getNamespace();
    boolean crossNamespace = config.get(Options.ENABLE_CROSS_NAMESPACE_SECRET);
    Set<String> protectedNames = new LinkedHashSet<>(config.get(Options.PROTECTED_ROLE_NAMES));
    List<String> warnings = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();

    // System users: created by Spilo/Patroni; Tusk keeps their passwords in line with the
    // Secrets, as Zalando does.
    Map<String, DesiredRole> system = new LinkedHashMap<>();
    List<SecretUser> secretUsers = new ArrayList<>();
    String superuser = config.get(Options.SUPER_USERNAME);
    system.put(superuser, DesiredRole.builder(superuser, RoleOrigin.SYSTEM).build());
    String replication = config.get(Options.REPLICATION_USERNAME);
    system.put(replication, DesiredRole.builder(replication, RoleOrigin.SYSTEM).flags("LOGIN")
        .build());
    PoolerLookup poolerLookup = null;
    if (needsConnectionPooler(spec)) {
      ConnectionPooler pooler = spec.getConnectionPooler();
      String specUser = pooler == null ? null : pooler.getUser();
      String user = config.get(Options.CONNECTION_POOLER_USER);
      if (specUser != null && !specUser.isEmpty() && !specUser.equals(superuser)
          && !protectedNames.contains(specUser) && !system.containsKey(specUser)) {
        user = specUser;
      } else if (specUser != null && !specUser.isEmpty() && !specUser.equals(user)) {
        warnings.add("cannot use \"" + specUser + "\" as connection pooler role; using \""
            + user + "\"");
      }
      String schema = pooler == null || pooler.getSchema() == null || pooler.getSchema().isEmpty()
          ? config.get(Options.CONNECTION_POOLER_SCHEMA) : pooler.getSchema();
      system.putIfAbsent(user, DesiredRole.builder(user, RoleOrigin.CONNECTION_POOLER)
          .flags("LOGIN").build());
      poolerLookup = new PoolerLookup(schema, user);
    }
    if (spec.getStreams() != null && !spec.getStreams().isEmpty()) {
      system.putIfAbsent("fes_user", DesiredRole.builder("fes_user", RoleOrigin.STREAM)
          .flags("LOGIN", "REPLICATION").build());
    }
    for (DesiredRole r : system.values()) {
      secretUsers.add(new SecretUser(r.name(), namespace, r.origin()));
    }

    Map<String, DesiredRole> users = new LinkedHashMap<>();
    Map<String, String> secretNamespaces = new LinkedHashMap<>();

    for (DesiredRole r : inputs.infrastructureRoles()) {
      if (collides(r, protectedNames, system.keySet(), problems)) {
        continue;
      }
      merge(users, r);
    }

    // Prepared databases and their roles.
    List<PreparedDatabase> prepared = new ArrayList<>();
    Map<String, String> preparedSecretNamespaces = new LinkedHashMap<>();
    if (spec.getPreparedDatabases() != null) {
      if (spec.getPreparedDatabases().isEmpty()) {
        prepared.add(PreparedDatabase.forCluster(clusterName));
      }
      for (Map.Entry<String, io.tusk.api.acid.v1.PreparedDatabase> e
          : spec.getPreparedDatabases().entrySet()) {
        io.tusk.api.acid.v1.PreparedDatabase p = e.getValue();
        Map<String, PreparedSchema> schemas = new LinkedHashMap<>();
        if (p != null && p.getSchemas() != null) {
          p.getSchemas().forEach((name, s) -> schemas.put(name, new PreparedSchema(
              s == null || s.getDefaultRoles() == null || s.getDefaultRoles(),
              s != null && Boolean.TRUE.equals(s.getDefaultUsers()))));
        }
        prepared.add(new PreparedDatabase(e.getKey(),
            p != null && Boolean.TRUE.equals(p.getDefaultUsers()), schemas,
            p == null || p.getExtensions() == null ? Map.of() : p.getExtensions()));
        if (p != null && p.getSecretNamespace() != null && !p.getSecretNamespace().isEmpty()) {
          if (crossNamespace) {
            preparedSecretNamespaces.put(e.getKey(), p.getSecretNamespace());
          } else {
            warnings.add("secretNamespace of prepared database \"" + e.getKey()
                + "\" ignored because enable_cross_namespace_secret is off");
          }
        }
      }
    }
    for (PreparedDatabase p : prepared) {
      for (DesiredRole r : PreparedRoles.rolesFor(p, PreparedRoles.DEFAULT_ADMIN)) {
        merge(users, r);
        String ns = preparedSecretNamespaces.get(p.name());
        if (ns != null) {
          secretNamespaces.put(r.name(), ns);
        }
      }
    }

    // Manifest ("robot") users.
    Set<String> owners = new LinkedHashSet<>();
    if (spec.getDatabases() != null) {
      owners.addAll(spec.getDatabases().values());
    }
    String teamAdminRole = config.get(Options.TEAM_ADMIN_ROLE);
    boolean adminForUsers = config.get(Options.ENABLE_ADMIN_ROLE_FOR_USERS);
    if (spec.getUsers() != null) {
      for (Map.Entry<String, List<String>> e : spec.getUsers().entrySet()) {
        String name = e.getKey();
        DesiredRole.Builder b = DesiredRole.builder(name, RoleOrigin.MANIFEST)
            .flags(e.getValue() == null ? List.of() : e.getValue())
            .dbOwner(owners.contains(name));
        if (adminForUsers && teamAdminRole != null && !teamAdminRole.isEmpty()) {
          b.adminRole(teamAdminRole);
        }
        DesiredRole r = b.build();
        if (collides(r, protectedNames, system.keySet(), problems)) {
          continue;
        }
        merge(users, r);
        if (crossNamespace && name.contains(".")) {
          secretNamespaces.put(name, name.substring(0, name.indexOf('.')));
        }
      }
    }

    // Human users.
    HumanUsers.Settings teamSettings = teamSettings(config);
    Set<String> reserved = new LinkedHashSet<>(protectedNames);
    reserved.addAll(system.keySet());
    HumanUsers.Result humans = HumanUsers.roles(spec.getTeamId(), teamSettings,
        inputs.postgresTeams(), inputs.teamMembers(), reserved);
    warnings.addAll(humans.warnings());
    warnings.addAll(inputs.teamMembers().errors());
    humans.roles().forEach(r -> merge(users, r));

    // additional_owner_roles are granted to database owners.
    List<String> additionalOwnerRoles = config.get(Options.ADDITIONAL_OWNER_ROLES);
    if (!additionalOwnerRoles.isEmpty()) {
      users.replaceAll((name, r) -> r.dbOwner()
          ? r.toBuilder().memberOf(additionalOwnerRoles).build() : r);
    }

    if (!problems.isEmpty()) {
      throw new InvalidDesiredStateException(problems);
    }

    List<DesiredRole> roles = new ArrayList<>(system.values());
    roles.addAll(users.values());
    for (DesiredRole r : users.values()) {
      if (needsSecret(r)) {
        secretUsers.add(new SecretUser(r.name(),
            secretNamespaces.getOrDefault(r.name(), namespace), r.origin()));
      }
    }

    List<DesiredDatabase> databases = new ArrayList<>();
    if (spec.getDatabases() != null) {
      spec.getDatabases().forEach((db, owner) -> databases.add(new DesiredDatabase(db, owner)));
    }

    String encryption = spec.getPostgresql() == null
        || spec.getPostgresql().getParameters() == null ? null
        : spec.getPostgresql().getParameters().get("password_encryption");
    SyncOptions options = new SyncOptions(
        PasswordEncryption.fromParameter(encryption),
        protectedNames,
        config.get(Options.ROLE_DELETION_SUFFIX),
        config.get(Options.ENABLE_TEAM_MEMBER_DEPRECATION),
        config.get(Options.PAM_ROLE_NAME),
        false, false, false);
    RotationPolicy rotation = new RotationPolicy(
        config.get(Options.ENABLE_PASSWORD_ROTATION),
        config.get(Options.PASSWORD_ROTATION_INTERVAL),
        config.get(Options.PASSWORD_ROTATION_USER_RETENTION),
        Set.copyOf(orEmpty(spec.getUsersWithSecretRotation())),
        Set.copyOf(orEmpty(spec.getUsersWithInPlaceSecretRotation())),
        Set.copyOf(orEmpty(spec.getUsersIgnoringSecretRotation())),
        spec.getStandby() != null,
        superuser);
    return new WantedRoles(roles, secretUsers, databases, prepared, poolerLookup, rotation,
        options, inputs.teamMembers().complete(), warnings);
  }

  /**
   * The teams whose members the operator must fetch from the Teams API ({@code GET
   * {teams_api_url}/teams/{team}}); empty when {@code enable_teams_api} is off.
   */
  public static Set<String> teamsToFetch(Postgresql cluster, OperatorConfig config,
      PostgresTeamMap postgresTeams) {
    return HumanUsers.teamsToFetch(cluster.getSpec().getTeamId(), teamSettings(config),
        postgresTeams);
  }

  /** All PostgresTeam resources merged (use only with {@code enable_postgres_team_crd}). */
  public static PostgresTeamMap postgresTeams(Collection<PostgresTeam> teams) {
    List<PostgresTeamMap.Spec> specs = new ArrayList<>();
    for (PostgresTeam t : teams) {
      if (t.getSpec() != null) {
        specs.add(new PostgresTeamMap.Spec(t.getSpec().getAdditionalSuperuserTeams(),
            t.getSpec().getAdditionalTeams(), t.getSpec().getAdditionalMembers()));
      }
    }
    return PostgresTeamMap.of(specs);
  }

  /**
   * Where infrastructure roles are: {@code infrastructure_roles_secrets} and the deprecated
   * {@code infrastructure_roles_secret_name} (numbered keys), as {@code
   * controller/util.go#getInfrastructureRoleDefinitions}. Secret names are as configured ({@code
   * name} or {@code namespace/name}); the operator reads each Secret and the ConfigMap of the
   * same name and calls {@link InfrastructureRoles#read}.
   */
  public static List<InfrastructureRoles.Definition> infrastructureRoleDefinitions(
      OperatorConfig config) {
    List<InfrastructureRoles.Definition> defs = new ArrayList<>();
    for (InfrastructureRoleSecret s : config.get(Options.INFRASTRUCTURE_ROLES_SECRETS)) {
      if (s.secretName().isEmpty()) {
        continue;
      }
      defs.add(new InfrastructureRoles.Definition(s.secretName(), s.userKey(), s.passwordKey(),
          s.roleKey(), s.defaultUserValue(), s.defaultRoleValue(), s.details(), s.template()));
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
    return config.get(Options.ENABLE_DATABASE_ACCESS) && instances != null && instances > 0
        && spec.getStandby() == null;
  }

  /**
   * The primary as Zalando reaches it: {@code {cluster}.{namespace}.svc.{cluster_domain}:5432},
   * database {@code postgres}, as {@code super_username}.
   */
  public static ConnectionTarget connectionTarget(Postgresql cluster, OperatorConfig config,
      String superuserPassword, String sslMode) {
    String host = cluster.getMetadata().getName() + "." + cluster.getMetadata().getNamespace()
        + ".svc." + config.get(Options.CLUSTER_DOMAIN);
    return new ConnectionTarget(host, 5432, "postgres", config.get(Options.SUPER_USERNAME),
        superuserPassword, sslMode, Duration.ofSeconds(15));
  }

  /** {@code connection_pooler.go#needMasterConnectionPoolerWorker} or the replica variant. */
  static boolean needsConnectionPooler(PostgresSpec spec) {
    boolean master = Boolean.TRUE.equals(spec.getEnableConnectionPooler())
        || (spec.getConnectionPooler() != null && spec.getEnableConnectionPooler() == null);
    boolean replica = Boolean.TRUE.equals(spec.getEnableReplicaConnectionPooler());
    return master || replica;
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

  /** Zalando's {@code generateSingleUserSecret} selection. */
  private static boolean needsSecret(DesiredRole r) {
    switch (r.origin()) {
      case MANIFEST:
      case INFRASTRUCTURE:
        return true;
      case BOOTSTRAP:
        try {
          return RoleFlags.parse(r.flags()).login();
        } catch (IllegalArgumentException e) {
          return false;
        }
      default:
        return false;
    }
  }

  private static boolean collides(DesiredRole r, Set<String> protectedNames,
      Set<String> systemNames, List<Problem> problems) {
    String what = r.origin().name().toLowerCase(Locale.ROOT);
    if (protectedNames.contains(r.name())) {
      problems.add(new Problem(Subject.role(r.name()), what
          + " role collides with the protected role \"" + r.name() + "\" (protected_role_names)"));
      return true;
    }
    if (systemNames.contains(r.name())) {
      problems.add(new Problem(Subject.role(r.name()), what
          + " role collides with the system role \"" + r.name() + "\""));
      return true;
    }
    return false;
  }

  /** {@code resolveNameConflict}: the later origin wins; the same origin: the newer wins. */
  private static void merge(Map<String, DesiredRole> users, DesiredRole r) {
    DesiredRole current = users.get(r.name());
    if (current == null || r.origin().ordinal() >= current.origin().ordinal()) {
      users.put(r.name(), r);
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
