package io.tusk.spec.secret;

import io.tusk.api.acid.v1.ConnectionPooler;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.PreparedDatabase;
import io.tusk.api.acid.v1.PreparedSchema;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.InvalidSpecException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The roles of a cluster that log in with a password and therefore get a credentials Secret.
 * Mirrors the user initialisation of {@code cluster.go#initUsers} (v2.0.1) as far as Secrets are
 * concerned: system users ({@code initSystemUsers}: superuser, replication user, pooler user when a
 * pooler is enabled, {@code fes_user} when streams exist), prepared-database roles ({@code
 * initPreparedDatabaseRoles}; only the {@code *_user} variants log in) and manifest users ({@code
 * initRobotUsers}; names of protected and system roles are skipped). When names clash the role of
 * the later origin wins ({@code resolveNameConflict}); roles that cannot log in are dropped.
 *
 * <p>Not here yet: infrastructure roles (their passwords come from Secrets the observe step would
 * have to read) and Teams API users (they authenticate with PAM, without Secrets).
 */
public final class LoginRoles {

  /** Where a role comes from; later constants win name conflicts (Zalando's {@code RoleOrigin}). */
  public enum Origin {
    MANIFEST,
    INFRASTRUCTURE,
    TEAMS_API,
    SYSTEM,
    BOOTSTRAP,
    CONNECTION_POOLER,
    STREAM
  }

  /**
   * A role with a credentials Secret.
   *
   * @param namespace namespace of its Secret
   * @param login whether the role can log in (only those get a Secret)
   */
  public record Role(String name, String namespace, Origin origin, boolean login) {}

  /** Name of the role Zalando creates for event streams. */
  public static final String STREAM_USER = "fes_user";

  private LoginRoles() {}

  /**
   * The roles that get a Secret: superuser and replication user first, then the others sorted by
   * name.
   */
  public static List<Role> of(ClusterModel model) {
    OperatorConfig config = model.config();
    PostgresSpec spec = model.spec();
    String ns = model.namespace();

    Map<String, Role> system = new LinkedHashMap<>();
    String superuser = config.get(Options.SUPER_USERNAME);
    String replication = config.get(Options.REPLICATION_USERNAME);
    system.put(superuser, new Role(superuser, ns, Origin.SYSTEM, true));
    system.putIfAbsent(replication, new Role(replication, ns, Origin.SYSTEM, true));
    if (needsConnectionPooler(spec)) {
      String pooler = poolerUser(model);
      system.putIfAbsent(pooler, new Role(pooler, ns, Origin.CONNECTION_POOLER, true));
    }
    if (spec.getStreams() != null && !spec.getStreams().isEmpty()) {
      system.putIfAbsent(STREAM_USER, new Role(STREAM_USER, ns, Origin.STREAM, true));
    }

    Map<String, Role> users = new TreeMap<>();
    preparedDatabaseRoles(model, users);
    manifestRoles(model, system, users);

    List<Role> result = new ArrayList<>(system.values());
    for (Role r : users.values()) {
      if (r.login() && !system.containsKey(r.name())) {
        result.add(r);
      }
    }
    return result;
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
   * The pooler's role: the manifest's {@code connectionPooler.user} unless it names a system or
   * protected role, else {@code connection_pooler_user} ({@code connection_pooler.go#poolerUser}).
   */
  public static String poolerUser(ClusterModel model) {
    OperatorConfig config = model.config();
    ConnectionPooler pooler = model.spec().getConnectionPooler();
    String requested = pooler == null || pooler.getUser() == null ? "" : pooler.getUser();
    String configured = config.get(Options.CONNECTION_POOLER_USER);
    boolean superuser =
        requested.equals(config.get(Options.SUPER_USERNAME))
            || requested.equals(config.get(Options.REPLICATION_USERNAME));
    boolean protectedRole = config.get(Options.PROTECTED_ROLE_NAMES).contains(requested);
    if (!superuser && !protectedRole && !requested.isEmpty()) {
      return requested;
    }
    return configured;
  }

  /** The databases of {@code preparedDatabases}; {@code {}} means one named like the cluster. */
  public static Map<String, PreparedDatabase> preparedDatabases(ClusterModel model) {
    Map<String, PreparedDatabase> prepared = model.spec().getPreparedDatabases();
    if (prepared == null) {
      return Map.of();
    }
    if (prepared.isEmpty()) {
      return Map.of(model.name().replace('-', '_'), new PreparedDatabase());
    }
    return new TreeMap<>(prepared);
  }

  private static void preparedDatabaseRoles(ClusterModel model, Map<String, Role> users) {
    boolean crossNamespace =
        Boolean.TRUE.equals(model.config().get(Options.ENABLE_CROSS_NAMESPACE_SECRET));
    for (Map.Entry<String, PreparedDatabase> e : preparedDatabases(model).entrySet()) {
      String db = e.getKey();
      PreparedDatabase pd = e.getValue() == null ? new PreparedDatabase() : e.getValue();
      String secretNamespace = pd.getSecretNamespace();
      String ns =
          crossNamespace && secretNamespace != null && !secretNamespace.isEmpty()
              ? secretNamespace
              : model.namespace();
      defaultRoles(users, db, ns, Boolean.TRUE.equals(pd.getDefaultUsers()));
      Map<String, PreparedSchema> schemas = pd.getSchemas();
      if (schemas == null || schemas.isEmpty()) {
        PreparedSchema data = new PreparedSchema();
        data.setDefaultRoles(true);
        schemas = Map.of("data", data);
      }
      for (Map.Entry<String, PreparedSchema> s : new TreeMap<>(schemas).entrySet()) {
        PreparedSchema schema = s.getValue() == null ? new PreparedSchema() : s.getValue();
        if (schema.getDefaultRoles() == null || schema.getDefaultRoles()) {
          defaultRoles(
              users, db + "_" + s.getKey(), ns, Boolean.TRUE.equals(schema.getDefaultUsers()));
        }
      }
    }
  }

  /**
   * {@code {prefix}_owner/_reader/_writer} (NOLOGIN) and, with default users, their {@code _user}
   * forms.
   */
  private static void defaultRoles(
      Map<String, Role> users, String prefix, String ns, boolean withUsers) {
    for (String suffix : List.of("_owner", "_reader", "_writer")) {
      put(users, new Role(prefix + suffix, ns, Origin.BOOTSTRAP, false));
      if (withUsers) {
        put(users, new Role(prefix + suffix + "_user", ns, Origin.BOOTSTRAP, true));
      }
    }
  }

  private static void manifestRoles(
      ClusterModel model, Map<String, Role> system, Map<String, Role> users) {
    Map<String, List<String>> manifest = model.spec().getUsers();
    if (manifest == null) {
      return;
    }
    OperatorConfig config = model.config();
    boolean crossNamespace = Boolean.TRUE.equals(config.get(Options.ENABLE_CROSS_NAMESPACE_SECRET));
    List<String> protectedRoles = config.get(Options.PROTECTED_ROLE_NAMES);
    for (Map.Entry<String, List<String>> e : new TreeMap<>(manifest).entrySet()) {
      String name = e.getKey();
      if (!UserFlags.isValidUserName(name)) {
        throw new InvalidSpecException("spec.users." + name, "invalid username: \"" + name + "\"");
      }
      if (protectedRoles.contains(name) || system.containsKey(name)) {
        continue;
      }
      List<String> flags;
      try {
        flags = UserFlags.normalize(e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new InvalidSpecException(
            "spec.users." + name, "invalid flags for user \"" + name + "\": " + ex.getMessage());
      }
      String ns = model.namespace();
      // "namespace.user" creates the Secret in that namespace; the role keeps the dotted name.
      if (crossNamespace && name.contains(".")) {
        ns = name.substring(0, name.indexOf('.'));
      }
      put(users, new Role(name, ns, Origin.MANIFEST, flags.contains("LOGIN")));
    }
  }

  private static void put(Map<String, Role> users, Role role) {
    Role current = users.get(role.name());
    if (current == null || role.origin().compareTo(current.origin()) >= 0) {
      users.put(role.name(), role);
    }
  }
}
