package io.tusk.operator.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Secret;
import io.tusk.api.acid.v1.PostgresSpec;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.OperatorConfig;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A digest of everything the roles and databases of a cluster are built from that Tusk can see
 * without leaving its caches: the manifest fields the role sources read ({@code users}, {@code
 * databases}, {@code preparedDatabases}, the rotation lists, {@code teamId}, the pooler and streams
 * settings, {@code password_encryption}), the operator configuration, and the contents of the
 * cluster's Secrets (a changed password must reach the database). Equal digests mean a sync would
 * find nothing new to do, unless something changed inside PostgreSQL or outside the cluster (Teams
 * API, PostgresTeams, infrastructure roles); the periodic verification covers those. Only the
 * SHA-256 digest is kept, never a password.
 */
public final class SyncFingerprint {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private SyncFingerprint() {}

  /**
   * @param secrets decoded contents of the cluster's Secrets by name (see {@link #contents})
   */
  public static String of(
      Postgresql cluster, OperatorConfig config, Map<String, Map<String, String>> secrets) {
    PostgresSpec spec = cluster.getSpec() == null ? new PostgresSpec() : cluster.getSpec();
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put(
        "cluster", cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName());
    parts.put("users", spec.getUsers());
    parts.put("databases", spec.getDatabases());
    parts.put("preparedDatabases", spec.getPreparedDatabases());
    parts.put("usersWithSecretRotation", spec.getUsersWithSecretRotation());
    parts.put("usersWithInPlaceSecretRotation", spec.getUsersWithInPlaceSecretRotation());
    parts.put("usersIgnoringSecretRotation", spec.getUsersIgnoringSecretRotation());
    parts.put("teamId", spec.getTeamId());
    parts.put("enableConnectionPooler", spec.getEnableConnectionPooler());
    parts.put("enableReplicaConnectionPooler", spec.getEnableReplicaConnectionPooler());
    parts.put("connectionPooler", spec.getConnectionPooler());
    parts.put("streams", spec.getStreams());
    parts.put(
        "passwordEncryption",
        spec.getPostgresql() == null || spec.getPostgresql().getParameters() == null
            ? null
            : spec.getPostgresql().getParameters().get("password_encryption"));
    parts.put("configuration", config.toString());
    parts.put("secrets", new TreeMap<>(secrets));
    try {
      byte[] text = JSON.writeValueAsBytes(parts);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("manifest fields always serialise", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
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
