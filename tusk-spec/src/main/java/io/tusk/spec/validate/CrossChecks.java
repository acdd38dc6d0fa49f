package io.tusk.spec.validate;

import io.fabric8.kubernetes.api.model.Toleration;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.acid.v1.PreparedDatabase;
import io.tusk.api.acid.v1.PreparedSchema;
import io.tusk.api.acid.v1.ResourceDescription;
import io.tusk.api.acid.v1.Resources;
import io.tusk.api.acid.v1.Sidecar;
import io.tusk.config.OperatorConfig;
import io.tusk.config.Options;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.pod.Quantities;
import io.tusk.spec.roles.ClusterRole;
import io.tusk.spec.roles.ClusterRoles;
import io.tusk.spec.workload.InstanceCount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks of values that are well-formed on their own but would fail later, in the StatefulSet or
 * the database sync: names nested in maps that must be PostgreSQL identifiers, references to
 * nothing or to the cluster itself, unknown enumeration values, requests above limits, settings
 * that contradict the operator configuration. Values Zalando only warns about (it clamps, ignores
 * or falls back) are warnings.
 */
final class CrossChecks {

  /** Zalando's {@code databaseNameRegexp}, for databases and schemas. */
  static final Pattern DATABASE_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

  /** PostgreSQL's NAMEDATALEN - 1: longer names are truncated by the server. */
  static final int MAX_NAME_BYTES = 63;

  private static final Set<String> TOLERATION_OPERATORS = Set.of("Exists", "Equal");
  private static final Set<String> TOLERATION_EFFECTS =
      Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private CrossChecks() {}

  static void check(
      Postgresql cluster, OperatorConfig config, List<Violation> v, List<Violation> w) {
    PostgresSpec spec = cluster.getSpec();
    String name = cluster.getMetadata() == null ? null : cluster.getMetadata().getName();
    databases(spec, v);
    preparedDatabases(cluster, config, v, w);
    selfReferences(cluster, name, v);
    tolerations(spec.getTolerations(), v);
    requestsAboveLimits(spec.getResources(), "spec.resources", w);
    if (spec.getSidecars() != null) {
      for (int i = 0; i < spec.getSidecars().size(); i++) {
        Sidecar s = spec.getSidecars().get(i);
        if (s != null) {
          requestsAboveLimits(s.getResources(), "spec.sidecars[" + i + "].resources", w);
        }
      }
    }
    if (spec.getConnectionPooler() != null) {
      requestsAboveLimits(
          spec.getConnectionPooler().getResources(), "spec.connectionPooler.resources", w);
    }
    if (v.isEmpty()) {
      roleReferences(cluster, config, w);
      instances(cluster, config, w);
    }
  }

  private static void databases(PostgresSpec spec, List<Violation> v) {
    if (spec.getDatabases() == null) {
      return;
    }
    for (Map.Entry<String, String> e : spec.getDatabases().entrySet()) {
      String field = "spec.databases." + e.getKey();
      identifier(v, field, e.getKey(), "database");
      if (e.getKey().equals("template0") || e.getKey().equals("template1")) {
        v.add(new Violation(field, "template databases cannot be managed"));
      }
      String owner = e.getValue();
      if (owner == null
          || owner.isEmpty()
          || owner.indexOf('\0') >= 0
          || bytes(owner) > MAX_NAME_BYTES) {
        v.add(new Violation(field, "invalid owner name \"" + owner + "\""));
      }
    }
  }

  private static void preparedDatabases(
      Postgresql cluster, OperatorConfig config, List<Violation> v, List<Violation> w) {
    Map<String, PreparedDatabase> prepared = cluster.getSpec().getPreparedDatabases();
    if (prepared == null || prepared.isEmpty()) {
      return;
    }
    for (Map.Entry<String, PreparedDatabase> e : prepared.entrySet()) {
      String db = e.getKey();
      String field = "spec.preparedDatabases." + db;
      PreparedDatabase pd = e.getValue() == null ? new PreparedDatabase() : e.getValue();
      if (!identifier(v, field, db, "prepared database")) {
        continue;
      }
      boolean schemasValid = true;
      if (pd.getSchemas() != null) {
        for (String schema : pd.getSchemas().keySet()) {
          schemasValid &= identifier(v, field + ".schemas." + schema, schema, "schema");
        }
      }
      if (pd.getExtensions() != null) {
        for (Map.Entry<String, String> x : pd.getExtensions().entrySet()) {
          String xf = field + ".extensions." + x.getKey();
          if (!DATABASE_NAME.matcher(x.getKey()).matches() || bytes(x.getKey()) > MAX_NAME_BYTES) {
            v.add(new Violation(xf, "invalid extension name \"" + x.getKey() + "\""));
          }
          if (x.getValue() == null || x.getValue().isEmpty()) {
            v.add(new Violation(xf, "no schema given for the extension"));
          } else if (!DATABASE_NAME.matcher(x.getValue()).matches()
              || bytes(x.getValue()) > MAX_NAME_BYTES) {
            v.add(new Violation(xf, "invalid schema name \"" + x.getValue() + "\""));
          }
        }
      }
      if (schemasValid) {
        Map<String, PreparedSchema> schemas = ClusterRoles.preparedSchemas(pd);
        for (ClusterRole r :
            ClusterRoles.preparedDatabaseRoles(
                db, Boolean.TRUE.equals(pd.getDefaultUsers()), schemas, "admin", null)) {
          if (bytes(r.name()) > MAX_NAME_BYTES) {
            v.add(
                new Violation(
                    field,
                    "role \""
                        + r.name()
                        + "\" of this prepared database is longer than "
                        + MAX_NAME_BYTES
                        + " bytes"));
            break;
          }
        }
      }
      if (pd.getSecretNamespace() != null
          && !pd.getSecretNamespace().isEmpty()
          && !Boolean.TRUE.equals(config.get(Options.ENABLE_CROSS_NAMESPACE_SECRET))) {
        w.add(
            new Violation(
                field + ".secretNamespace",
                "ignored because enable_cross_namespace_secret is off; the Secrets go to the"
                    + " cluster's namespace"));
      }
    }
  }

  /** A cluster cannot clone itself, nor follow itself as a standby. */
  private static void selfReferences(Postgresql cluster, String name, List<Violation> v) {
    PostgresSpec spec = cluster.getSpec();
    if (name == null) {
      return;
    }
    if (spec.getClone() != null
        && name.equals(spec.getClone().getCluster())
        && (spec.getClone().getTimestamp() == null || spec.getClone().getTimestamp().isEmpty())) {
      v.add(
          new Violation(
              "spec.clone.cluster",
              "names this cluster; a cluster cannot clone itself (set clone.timestamp to restore"
                  + " its own backup)"));
    }
    String host = spec.getStandby() == null ? null : spec.getStandby().getStandbyHost();
    if (host != null && !host.isEmpty()) {
      String ns = cluster.getMetadata().getNamespace();
      String first = host.split("\\.", 2)[0];
      String rest = host.contains(".") ? host.substring(host.indexOf('.') + 1) : "";
      boolean self =
          first.equals(name)
              && (rest.isEmpty() || ns == null || rest.equals(ns) || rest.startsWith(ns + "."));
      if (self) {
        v.add(
            new Violation(
                "spec.standby.standby_host",
                "\"" + host + "\" is this cluster's own service; a standby cannot follow itself"));
      }
    }
  }

  private static void tolerations(List<Toleration> tolerations, List<Violation> v) {
    if (tolerations == null) {
      return;
    }
    for (int i = 0; i < tolerations.size(); i++) {
      Toleration t = tolerations.get(i);
      if (t == null) {
        continue;
      }
      String field = "spec.tolerations[" + i + "]";
      if (t.getOperator() != null
          && !t.getOperator().isEmpty()
          && !TOLERATION_OPERATORS.contains(t.getOperator())) {
        v.add(
            new Violation(
                field + ".operator",
                "unknown operator \"" + t.getOperator() + "\", must be Exists or Equal"));
      }
      if (t.getEffect() != null
          && !t.getEffect().isEmpty()
          && !TOLERATION_EFFECTS.contains(t.getEffect())) {
        v.add(
            new Violation(
                field + ".effect",
                "unknown effect \""
                    + t.getEffect()
                    + "\", must be NoSchedule, PreferNoSchedule or NoExecute"));
      }
      if ("Exists".equals(t.getOperator()) && t.getValue() != null && !t.getValue().isEmpty()) {
        v.add(new Violation(field + ".value", "must be empty when the operator is Exists"));
      }
    }
  }

  /** Zalando (and Tusk) raise such a limit to the request, with a log line. */
  private static void requestsAboveLimits(Resources r, String field, List<Violation> w) {
    if (r == null || r.getRequests() == null || r.getLimits() == null) {
      return;
    }
    ResourceDescription req = r.getRequests();
    ResourceDescription lim = r.getLimits();
    requestAboveLimit(w, req.getCpu(), lim.getCpu(), field, "cpu");
    requestAboveLimit(w, req.getMemory(), lim.getMemory(), field, "memory");
  }

  private static void requestAboveLimit(
      List<Violation> w, String request, String limit, String field, String resource) {
    if (request == null || request.isEmpty() || limit == null || limit.isEmpty()) {
      return;
    }
    try {
      if (Quantities.compare(Quantities.parse(request), Quantities.parse(limit)) > 0) {
        w.add(
            new Violation(
                field + ".limits." + resource,
                "limit "
                    + limit
                    + " is below the request "
                    + request
                    + "; the limit is raised to the request"));
      }
    } catch (IllegalArgumentException e) {
      // reported by the syntax check
    }
  }

  /** Owners and rotation users that name no role of the cluster. */
  private static void roleReferences(Postgresql cluster, OperatorConfig config, List<Violation> w) {
    PostgresSpec spec = cluster.getSpec();
    ClusterRoles roles = ClusterRoles.of(cluster, config);
    roles.warnings().stream()
        .filter(m -> m.startsWith("cannot use"))
        .forEach(m -> w.add(new Violation("spec.connectionPooler.user", m)));
    Set<String> names = roles.roles().stream().map(ClusterRole::name).collect(Collectors.toSet());
    if (spec.getDatabases() != null) {
      spec.getDatabases()
          .forEach(
              (db, owner) -> {
                if (owner != null && !names.contains(owner)) {
                  w.add(
                      new Violation(
                          "spec.databases." + db,
                          "owner \""
                              + owner
                              + "\" is not a role of this cluster (spec.users, prepared databases,"
                              + " system users); the sync fails unless it exists in PostgreSQL or"
                              + " comes from an infrastructure role"));
                }
              });
    }
    Set<String> users = spec.getUsers() == null ? Set.of() : spec.getUsers().keySet();
    rotationUsers(w, spec.getUsersWithSecretRotation(), "usersWithSecretRotation", users);
    rotationUsers(
        w, spec.getUsersWithInPlaceSecretRotation(), "usersWithInPlaceSecretRotation", users);
  }

  private static void rotationUsers(
      List<Violation> w, List<String> listed, String key, Set<String> users) {
    if (listed == null) {
      return;
    }
    for (int i = 0; i < listed.size(); i++) {
      if (!users.contains(listed.get(i))) {
        w.add(
            new Violation(
                "spec." + key + "[" + i + "]",
                "\"" + listed.get(i) + "\" is not a user of spec.users; nothing is rotated"));
      }
    }
  }

  /** Zalando clamps the number of instances to min_instances/max_instances, with a log line. */
  private static void instances(Postgresql cluster, OperatorConfig config, List<Violation> w) {
    Integer requested = cluster.getSpec().getNumberOfInstances();
    if (requested == null) {
      return;
    }
    int effective = InstanceCount.desired(ClusterModel.of(cluster, config));
    if (effective != requested) {
      w.add(
          new Violation(
              "spec.numberOfInstances",
              requested
                  + " is outside min_instances "
                  + config.get(Options.MIN_INSTANCES)
                  + " / max_instances "
                  + config.get(Options.MAX_INSTANCES)
                  + " of the operator configuration; the cluster runs "
                  + effective));
    }
  }

  private static boolean identifier(List<Violation> v, String field, String name, String what) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      v.add(
          new Violation(
              field,
              "invalid " + what + " name \"" + name + "\" (must match " + DATABASE_NAME + ")"));
      return false;
    }
    if (bytes(name) > MAX_NAME_BYTES) {
      v.add(new Violation(field, what + " name is longer than " + MAX_NAME_BYTES + " bytes"));
      return false;
    }
    return true;
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
