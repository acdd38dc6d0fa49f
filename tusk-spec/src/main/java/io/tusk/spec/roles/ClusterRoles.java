package io.tusk.spec.roles;

import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.PreparedDatabase;
import io.tusk.api.acid.v1.PreparedSchema;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.secret.UserFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The roles of one cluster, derived once from the manifest, the operator configuration and what the
 * operator found outside the manifest (infrastructure roles, team members). The credentials
 * Secrets, the manifest validation and the roles inside PostgreSQL all read this one derivation.
 *
 * <p>Mirrors Zalando's {@code cluster.go#initUsers} (v2.0.1):
 *
 * <ul>
 *   <li>system users ({@code initSystemUsers}): {@code super_username}, {@code
 *       replication_username} (LOGIN), the pooler user (LOGIN) when a pooler is requested ({@code
 *       connectionPooler.user} unless it names the superuser, a protected or a system role, else
 *       {@code connection_pooler_user}), and {@code fes_user} (LOGIN REPLICATION) when {@code
 *       spec.streams} is set;
 *   <li>infrastructure roles, prepared-database roles ({@code initPreparedDatabaseRoles}), manifest
 *       users ({@code initRobotUsers}, administered by {@code team_admin_role} with {@code
 *       enable_admin_role_for_users}), team members ({@code initHumanUsers});
 *   <li>{@code additional_owner_roles} granted to every database owner;
 *   <li>two roles with one name: the later {@link RoleOrigin} wins ({@code resolveNameConflict}).
 * </ul>
 *
 * <p>A manifest user with an invalid name or flags, or named like a protected ({@code
 * protected_role_names}) or system role, is a {@link Problem} naming {@code spec.users.<name>}: the
 * manifest is {@code Invalid} (Zalando fails on the first two and logs and skips the others). An
 * infrastructure role named like a protected or system role is a problem as well; a team member of
 * such a name is skipped with a warning, as in Zalando.
 *
 * <p>Credentials Secrets ({@code generateUserSecrets}): system users, manifest users that can log
 * in (in the namespace of a {@code namespace.user} name with {@code
 * enable_cross_namespace_secret}), infrastructure roles, and the {@code _user} roles of prepared
 * databases (in their {@code secretNamespace} with {@code enable_cross_namespace_secret}). Team
 * members and NOLOGIN roles get none.
 */
public final class ClusterRoles {

  /** Name of the role Zalando creates for event streams. */
  public static final String STREAM_USER = "fes_user";

  /** Zalando hard-codes this admin for the roles of a prepared database. */
  public static final String PREPARED_DATABASE_ADMIN = "admin";

  /** The schema a prepared database gets when the manifest names none. */
  public static final String DEFAULT_SCHEMA = "data";

  public static final String OWNER = "_owner";
  public static final String READER = "_reader";
  public static final String WRITER = "_writer";
  public static final String USER = "_user";

  private static final String DEFAULT_SEARCH_PATH = "\"$user\"";

  /** PostgreSQL's NAMEDATALEN - 1; longer names are truncated by the server. */
  private static final int MAX_NAME_BYTES = 63;

  /** Names PostgreSQL does not accept for a role. */
  private static final Set<String> POSTGRES_RESERVED =
      Set.of("public", "none", "current_user", "current_role", "session_user", "user");

  /**
   * What the operator found outside the manifest.
   *
   * @param infrastructureRoles roles of {@code infrastructure_roles_secrets} and the like
   * @param teamMembers roles of human users (Teams API, PostgresTeam)
   */
  public record Inputs(List<ClusterRole> infrastructureRoles, List<ClusterRole> teamMembers) {

    public Inputs {
      infrastructureRoles =
          infrastructureRoles == null ? List.of() : List.copyOf(infrastructureRoles);
      teamMembers = teamMembers == null ? List.of() : List.copyOf(teamMembers);
    }

    /** Neither infrastructure roles nor team members. */
    public static Inputs none() {
      return new Inputs(List.of(), List.of());
    }
  }

  /**
   * A role that cannot be had.
   *
   * @param field JSON path of the manifest field ({@code spec.users.<name>}), or null when the role
   *     does not come from the manifest
   */
  public record Problem(String role, String field, String reason) {}

  private final List<ClusterRole> roles;
  private final Set<String> systemNames;
  private final Set<String> protectedNames;
  private final String poolerUser;
  private final String poolerSchema;
  private final List<Problem> problems;
  private final List<String> warnings;

  private ClusterRoles(
      List<ClusterRole> roles,
      Set<String> systemNames,
      Set<String> protectedNames,
      String poolerUser,
      String poolerSchema,
      List<Problem> problems,
      List<String> warnings) {
    this.roles = List.copyOf(roles);
    this.systemNames = Collections.unmodifiableSet(new LinkedHashSet<>(systemNames));
    this.protectedNames = Collections.unmodifiableSet(new LinkedHashSet<>(protectedNames));
    this.poolerUser = poolerUser;
    this.poolerSchema = poolerSchema;
    this.problems = List.copyOf(problems);
    this.warnings = List.copyOf(warnings);
  }

  /** The roles of the manifest and the configuration alone. */
  public static ClusterRoles of(Postgresql cluster, OperatorConfig config) {
    return of(cluster, config, Inputs.none());
  }

  /** The roles of the manifest, the configuration and the operator's other inputs. */
  public static ClusterRoles of(Postgresql cluster, OperatorConfig config, Inputs inputs) {
    return new Derivation(cluster, config, inputs).run();
  }

  /**
   * All roles: system users first (superuser, replication user, pooler user, stream user), then the
   * others in the order their sources were read, each name once.
   */
  public List<ClusterRole> roles() {
    return roles;
  }

  /** The roles that get a credentials Secret, in the order of {@link #roles()}. */
  public List<ClusterRole> withSecrets() {
    return roles.stream().filter(ClusterRole::hasSecret).toList();
  }

  /** Names of the system users (superuser, replication, pooler, stream user). */
  public Set<String> systemNames() {
    return systemNames;
  }

  /** {@code protected_role_names}: roles nobody may define and the sync never changes. */
  public Set<String> protectedNames() {
    return protectedNames;
  }

  /** The connection pooler's role, or null when no pooler is requested. */
  public String poolerUser() {
    return poolerUser;
  }

  /** The schema of the pooler's lookup function, or null when no pooler is requested. */
  public String poolerSchema() {
    return poolerSchema;
  }

  /** Roles that cannot be had; the manifest or the input is invalid while there are any. */
  public List<Problem> problems() {
    return problems;
  }

  /** What was ignored, for the log. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Whether a master or replica pooler is requested ({@code
   * connection_pooler.go#needConnectionPooler}): {@code enableConnectionPooler: true}, a {@code
   * connectionPooler} section without {@code enableConnectionPooler}, or {@code
   * enableReplicaConnectionPooler: true}.
   */
  public static boolean needsConnectionPooler(PostgresSpec spec) {
    boolean master =
        Boolean.TRUE.equals(spec.getEnableConnectionPooler())
            || (spec.getConnectionPooler() != null && spec.getEnableConnectionPooler() == null);
    return master || Boolean.TRUE.equals(spec.getEnableReplicaConnectionPooler());
  }

  /**
   * The databases of {@code preparedDatabases} in manifest order; {@code {}} means one named like
   * the cluster with dashes turned into underscores.
   */
  public static Map<String, PreparedDatabase> preparedDatabases(Postgresql cluster) {
    Map<String, PreparedDatabase> prepared = cluster.getSpec().getPreparedDatabases();
    if (prepared == null) {
      return Map.of();
    }
    if (prepared.isEmpty()) {
      String name = cluster.getMetadata() == null ? null : cluster.getMetadata().getName();
      return Map.of(name == null ? "" : name.replace('-', '_'), new PreparedDatabase());
    }
    Map<String, PreparedDatabase> result = new LinkedHashMap<>();
    prepared.forEach((db, pd) -> result.put(db, pd == null ? new PreparedDatabase() : pd));
    return result;
  }

  /**
   * The schemas of a prepared database, sorted; none means {@code data} with default roles. Schemas
   * without settings get Zalando's defaults (roles yes, users no).
   */
  public static Map<String, PreparedSchema> preparedSchemas(PreparedDatabase database) {
    Map<String, PreparedSchema> schemas = new TreeMap<>();
    if (database.getSchemas() != null) {
      database.getSchemas().forEach((s, v) -> schemas.put(s, v == null ? new PreparedSchema() : v));
    }
    if (schemas.isEmpty()) {
      PreparedSchema data = new PreparedSchema();
      data.setDefaultRoles(true);
      schemas.put(DEFAULT_SCHEMA, data);
    }
    return schemas;
  }

  /**
   * The roles of one prepared database ({@code cluster.go#initPreparedDatabaseRoles} and {@code
   * #initDefaultRoles}): {@code {db}_owner}, {@code _reader}, {@code _writer} (member of the
   * reader), NOLOGIN, the owner administered by {@code admin}, the others by the owner; with {@code
   * defaultUsers} their LOGIN {@code _user} forms, each a member of its role; the same per schema
   * (prefix {@code {db}_{schema}}, administered by {@code {db}_owner}) unless the schema sets
   * {@code defaultRoles: false}. Every role gets {@code search_path} {@code "$user"} and the
   * schemas (all of them for database roles, its own for schema roles), sorted.
   *
   * @param secretNamespace namespace of the Secrets of the {@code _user} roles
   */
  public static List<ClusterRole> preparedDatabaseRoles(
      String database,
      boolean defaultUsers,
      Map<String, PreparedSchema> schemas,
      String admin,
      String secretNamespace) {
    Map<String, PreparedSchema> sorted = new TreeMap<>(schemas);
    if (sorted.isEmpty()) {
      PreparedSchema data = new PreparedSchema();
      data.setDefaultRoles(true);
      sorted.put(DEFAULT_SCHEMA, data);
    }
    StringBuilder dbSearchPath = new StringBuilder(DEFAULT_SEARCH_PATH);
    sorted.keySet().forEach(s -> dbSearchPath.append(", \"").append(s).append('"'));
    List<ClusterRole> roles = new ArrayList<>();
    defaultRoles(roles, database, admin, dbSearchPath.toString(), defaultUsers, secretNamespace);
    for (Map.Entry<String, PreparedSchema> e : sorted.entrySet()) {
      PreparedSchema schema = e.getValue() == null ? new PreparedSchema() : e.getValue();
      if (Boolean.FALSE.equals(schema.getDefaultRoles())) {
        continue;
      }
      defaultRoles(
          roles,
          database + "_" + e.getKey(),
          database + OWNER,
          DEFAULT_SEARCH_PATH + ", \"" + e.getKey() + "\"",
          Boolean.TRUE.equals(schema.getDefaultUsers()),
          secretNamespace);
    }
    return roles;
  }

  private static void defaultRoles(
      List<ClusterRole> roles,
      String prefix,
      String admin,
      String searchPath,
      boolean users,
      String secretNamespace) {
    roles.add(prepared(prefix + OWNER, false, null, admin, true, searchPath, null));
    roles.add(prepared(prefix + READER, false, null, prefix + OWNER, false, searchPath, null));
    roles.add(
        prepared(prefix + WRITER, false, prefix + READER, prefix + OWNER, false, searchPath, null));
    if (users) {
      // Zalando treats every role whose name contains "_owner" as an owner: admin "admin" and
      // database owner (so no global rotation for it).
      roles.add(
          prepared(
              prefix + OWNER + USER,
              true,
              prefix + OWNER,
              admin,
              true,
              searchPath,
              secretNamespace));
      roles.add(
          prepared(
              prefix + READER + USER,
              true,
              prefix + READER,
              prefix + OWNER,
              false,
              searchPath,
              secretNamespace));
      roles.add(
          prepared(
              prefix + WRITER + USER,
              true,
              prefix + WRITER,
              prefix + OWNER,
              false,
              searchPath,
              secretNamespace));
    }
  }

  private static ClusterRole prepared(
      String name,
      boolean login,
      String memberOf,
      String admin,
      boolean owner,
      String searchPath,
      String secretNamespace) {
    return new ClusterRole(
        name,
        RoleOrigin.BOOTSTRAP,
        List.of(login ? "LOGIN" : "NOLOGIN"),
        memberOf == null ? List.of() : List.of(memberOf),
        Map.of("search_path", searchPath),
        admin == null || admin.isEmpty() ? null : admin,
        owner,
        login ? secretNamespace : null);
  }

  /** Why PostgreSQL would refuse or truncate a role of this name, or null. */
  private static String reservedByPostgres(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return "role name is longer than " + MAX_NAME_BYTES + " bytes";
    }
    if (name.startsWith("pg_")) {
      return "role names starting with \"pg_\" are reserved by PostgreSQL";
    }
    if (POSTGRES_RESERVED.contains(name)) {
      return "\"" + name + "\" is reserved by PostgreSQL and cannot be a role name";
    }
    return null;
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  /** One run of the derivation. */
  private static final class Derivation {
    private final Postgresql cluster;
    private final PostgresSpec spec;
    private final OperatorConfig config;
    private final Inputs inputs;
    private final String namespace;
    private final Set<String> protectedNames;
    private final Map<String, ClusterRole> system = new LinkedHashMap<>();
    private final Map<String, ClusterRole> others = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private String poolerUser;
    private String poolerSchema;

    Derivation(Postgresql cluster, OperatorConfig config, Inputs inputs) {
      this.cluster = cluster;
      this.spec = cluster.getSpec();
      this.config = config;
      this.inputs = inputs;
      String ns = cluster.getMetadata() == null ? null : cluster.getMetadata().getNamespace();
      this.namespace = ns == null ? "" : ns;
      this.protectedNames = new LinkedHashSet<>(config.get(Options.PROTECTED_ROLE_NAMES));
    }

    ClusterRoles run() {
      systemUsers();
      for (ClusterRole r : inputs.infrastructureRoles()) {
        String collision = collision(r.name(), "infrastructure");
        if (collision != null) {
          problems.add(new Problem(r.name(), null, collision));
          continue;
        }
        merge(
            new ClusterRole(
                r.name(),
                RoleOrigin.INFRASTRUCTURE,
                r.flags(),
                r.memberOf(),
                r.parameters(),
                r.adminRole(),
                r.dbOwner(),
                namespace));
      }
      preparedDatabaseRoles();
      manifestUsers();
      for (ClusterRole r : inputs.teamMembers()) {
        if (protectedNames.contains(r.name()) || system.containsKey(r.name())) {
          warnings.add(
              "cannot initialize a new API role with the name of the protected or system role \""
                  + r.name()
                  + "\"");
          continue;
        }
        merge(
            new ClusterRole(
                r.name(),
                RoleOrigin.TEAMS_API,
                r.flags(),
                r.memberOf(),
                r.parameters(),
                r.adminRole(),
                r.dbOwner(),
                null));
      }
      List<String> ownerRoles = config.get(Options.ADDITIONAL_OWNER_ROLES);
      if (!ownerRoles.isEmpty()) {
        others.replaceAll((name, r) -> r.dbOwner() ? withMemberOf(r, ownerRoles) : r);
      }
      List<ClusterRole> all = new ArrayList<>(system.values());
      all.addAll(others.values());
      return new ClusterRoles(
          all, system.keySet(), protectedNames, poolerUser, poolerSchema, problems, warnings);
    }

    private void systemUsers() {
      String superuser = config.get(Options.SUPER_USERNAME);
      String replication = config.get(Options.REPLICATION_USERNAME);
      system.put(superuser, systemRole(superuser, RoleOrigin.SYSTEM));
      system.put(replication, systemRole(replication, RoleOrigin.SYSTEM, "LOGIN"));
      if (needsConnectionPooler(spec)) {
        ConnectionPooler pooler = spec.getConnectionPooler();
        String requested = pooler == null ? null : pooler.getUser();
        String user = config.get(Options.CONNECTION_POOLER_USER);
        if (notEmpty(requested)
            && !protectedNames.contains(requested)
            && !system.containsKey(requested)) {
          user = requested;
        } else if (notEmpty(requested) && !requested.equals(user)) {
          warnings.add(
              "cannot use \"" + requested + "\" as connection pooler role; using \"" + user + "\"");
        }
        poolerUser = user;
        poolerSchema =
            pooler != null && notEmpty(pooler.getSchema())
                ? pooler.getSchema()
                : config.get(Options.CONNECTION_POOLER_SCHEMA);
        system.putIfAbsent(user, systemRole(user, RoleOrigin.CONNECTION_POOLER, "LOGIN"));
      }
      if (spec.getStreams() != null && !spec.getStreams().isEmpty()) {
        system.putIfAbsent(
            STREAM_USER, systemRole(STREAM_USER, RoleOrigin.STREAM, "LOGIN", "REPLICATION"));
      }
    }

    private ClusterRole systemRole(String name, RoleOrigin origin, String... flags) {
      return new ClusterRole(
          name, origin, List.of(flags), List.of(), Map.of(), null, false, namespace);
    }

    private void preparedDatabaseRoles() {
      boolean crossNamespace = config.get(Options.ENABLE_CROSS_NAMESPACE_SECRET);
      for (Map.Entry<String, PreparedDatabase> e : preparedDatabases(cluster).entrySet()) {
        PreparedDatabase pd = e.getValue();
        String secretNamespace = namespace;
        if (notEmpty(pd.getSecretNamespace())) {
          if (crossNamespace) {
            secretNamespace = pd.getSecretNamespace();
          } else {
            warnings.add(
                "secretNamespace of prepared database \""
                    + e.getKey()
                    + "\" ignored because enable_cross_namespace_secret is off");
          }
        }
        for (ClusterRole r :
            ClusterRoles.preparedDatabaseRoles(
                e.getKey(),
                Boolean.TRUE.equals(pd.getDefaultUsers()),
                preparedSchemas(pd),
                PREPARED_DATABASE_ADMIN,
                secretNamespace)) {
          merge(r);
        }
      }
    }

    private void manifestUsers() {
      Map<String, List<String>> users = spec.getUsers();
      if (users == null) {
        return;
      }
      Set<String> owners = new LinkedHashSet<>();
      if (spec.getDatabases() != null) {
        owners.addAll(spec.getDatabases().values());
      }
      String teamAdminRole = config.get(Options.TEAM_ADMIN_ROLE);
      boolean adminForUsers = config.get(Options.ENABLE_ADMIN_ROLE_FOR_USERS);
      boolean crossNamespace = config.get(Options.ENABLE_CROSS_NAMESPACE_SECRET);
      for (Map.Entry<String, List<String>> e : users.entrySet()) {
        String name = e.getKey();
        String field = "spec.users." + name;
        if (!UserFlags.isValidUserName(name)) {
          problems.add(new Problem(name, field, "invalid username: \"" + name + "\""));
          continue;
        }
        String reserved = reservedByPostgres(name);
        if (reserved != null) {
          problems.add(new Problem(name, field, reserved));
          continue;
        }
        List<String> flags = e.getValue() == null ? List.of() : e.getValue();
        String collision = collision(name, "manifest");
        if (collision != null) {
          problems.add(new Problem(name, field, collision));
        }
        boolean validFlags = true;
        try {
          UserFlags.normalize(flags);
        } catch (IllegalArgumentException ex) {
          validFlags = false;
          problems.add(
              new Problem(
                  name, field, "invalid flags for user \"" + name + "\": " + ex.getMessage()));
        }
        if (collision != null || !validFlags) {
          continue;
        }
        String secretNamespace = null;
        if (!UserFlags.isNoLogin(flags)) {
          // "namespace.user" puts the Secret into that namespace; the role keeps the dotted name.
          secretNamespace =
              crossNamespace && name.contains(".")
                  ? name.substring(0, name.indexOf('.'))
                  : namespace;
        }
        merge(
            new ClusterRole(
                name,
                RoleOrigin.MANIFEST,
                flags,
                List.of(),
                Map.of(),
                adminForUsers && notEmpty(teamAdminRole) ? teamAdminRole : null,
                owners.contains(name),
                secretNamespace));
      }
    }

    /** Why a role of {@code what} origin may not have this name, or null. */
    private String collision(String name, String what) {
      if (protectedNames.contains(name)) {
        return what
            + " role collides with the protected role \""
            + name
            + "\" (protected_role_names)";
      }
      if (system.containsKey(name)) {
        return what + " role collides with the system role \"" + name + "\"";
      }
      return null;
    }

    /** {@code resolveNameConflict}: the later origin wins; the same origin: the newer wins. */
    private void merge(ClusterRole role) {
      ClusterRole current = others.get(role.name());
      if (current == null || role.origin().compareTo(current.origin()) >= 0) {
        others.put(role.name(), role);
      }
    }

    private static ClusterRole withMemberOf(ClusterRole r, List<String> roles) {
      List<String> memberOf = new ArrayList<>(r.memberOf());
      roles.stream().filter(g -> !memberOf.contains(g)).forEach(memberOf::add);
      return new ClusterRole(
          r.name(),
          r.origin(),
          r.flags(),
          memberOf,
          r.parameters(),
          r.adminRole(),
          r.dbOwner(),
          r.secretNamespace());
    }
  }
}
