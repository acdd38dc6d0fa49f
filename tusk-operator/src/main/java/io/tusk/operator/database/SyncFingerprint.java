package io.tusk.operator.database;

import io.fabric8.kubernetes.api.model.Secret;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import io.tusk.operator.secrets.CredentialSecrets;
import io.tusk.operator.sync.Fingerprint;
import io.tusk.spec.roles.ClusterRoles;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The database step's {@link Fingerprint}: everything the roles and databases of a cluster are
 * built from that Tusk can see without leaving its caches, as the canonical JSON of the inputs the
 * step uses: the cluster's roles as derived once ({@link ClusterRoles}: names, origins, flags,
 * memberships, Secrets), the databases and prepared databases, the rotation lists, {@code
 * password_encryption}, the operator configuration, and the contents of the cluster's Secrets (a
 * changed password must reach the database). Equal digests mean a sync would find nothing new to
 * do, unless something changed inside PostgreSQL or outside the cluster (Teams API, infrastructure
 * roles, PostgresTeams when they are not watched); the periodic verification covers those. Watched
 * PostgresTeams are part of the fingerprint. Only the digest is kept, never a password.
 */
public final class SyncFingerprint {

  private SyncFingerprint() {}

  /**
   * @param secrets decoded contents of the cluster's Secrets by name (see {@link #contents})
   */
  public static String of(
      Postgresql cluster, OperatorConfig config, Map<String, Map<String, String>> secrets) {
    return of(cluster, config, secrets, null);
  }

  /**
   * @param postgresTeams the watched PostgresTeams by name and resourceVersion, or null when they
   *     are not watched (then only the periodic verification picks up their changes)
   */
  public static String of(
      Postgresql cluster,
      OperatorConfig config,
      Map<String, Map<String, String>> secrets,
      List<String> postgresTeams) {
    PostgresSpec spec = cluster.getSpec() == null ? new PostgresSpec() : cluster.getSpec();
    ClusterRoles roles = ClusterRoles.of(cluster, config);
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put(
        "cluster", cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName());
    parts.put("roles", roles.roles());
    parts.put("poolerSchema", roles.poolerSchema());
    parts.put("teamId", spec.getTeamId());
    parts.put("databases", spec.getDatabases());
    parts.put("preparedDatabases", spec.getPreparedDatabases());
    parts.put("usersWithSecretRotation", spec.getUsersWithSecretRotation());
    parts.put("usersWithInPlaceSecretRotation", spec.getUsersWithInPlaceSecretRotation());
    parts.put("usersIgnoringSecretRotation", spec.getUsersIgnoringSecretRotation());
    parts.put(
        "passwordEncryption",
        spec.getPostgresql() == null || spec.getPostgresql().getParameters() == null
            ? null
            : spec.getPostgresql().getParameters().get("password_encryption"));
    parts.put("configuration", Fingerprint.config(config));
    parts.put("secrets", new TreeMap<>(secrets));
    if (postgresTeams != null) {
      parts.put("postgresTeams", postgresTeams);
    }
    return Fingerprint.of(parts);
  }

  /** Decoded {@code username}, {@code password}, {@code nextRotation} of each Secret, by name. */
  public static Map<String, Map<String, String>> contents(Collection<Secret> secrets) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Secret s : secrets) {
      out.put(
          s.getMetadata().getName(),
          Map.of(
              CredentialSecrets.USERNAME,
              CredentialSecrets.value(s, CredentialSecrets.USERNAME),
              CredentialSecrets.PASSWORD,
              CredentialSecrets.value(s, CredentialSecrets.PASSWORD),
              CredentialSecrets.NEXT_ROTATION,
              CredentialSecrets.value(s, CredentialSecrets.NEXT_ROTATION)));
    }
    return out;
  }

  /** The earliest {@code nextRotation} among the Secrets, if any is set. */
  public static Optional<OffsetDateTime> earliestRotation(
      Map<String, Map<String, String>> secrets) {
    Optional<OffsetDateTime> earliest = Optional.empty();
    for (Map<String, String> s : secrets.values()) {
      String text = s.getOrDefault(CredentialSecrets.NEXT_ROTATION, "");
      if (text.isEmpty()) {
        continue;
      }
      try {
        OffsetDateTime t = OffsetDateTime.parse(text);
        if (earliest.isEmpty() || t.isBefore(earliest.get())) {
          earliest = Optional.of(t);
        }
      } catch (DateTimeParseException e) {
        // an unreadable date is set anew by the next sync
      }
    }
    return earliest;
  }
}
