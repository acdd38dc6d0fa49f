package io.tusk.operator.secrets;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tusk.sql.rotation.Credentials;
import io.tusk.sql.rotation.StoredCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a credentials Secret holds and who wrote it: the pure part of Zalando's {@code
 * sync.go#updateSecret} read-back (v2.0.1), with the keys {@code username}, {@code password} and
 * {@code nextRotation} (RFC 3339).
 *
 * <p><b>User-supplied Secrets.</b> Zalando uses the password of any existing Secret, which lets a
 * user choose a password by creating the Secret before the cluster, but its rotation then
 * overwrites it. Tusk tells such Secrets apart and never rotates, resets or overwrites them. A
 * Secret is user-supplied when its password was written by someone other than an operator: the
 * Secret's {@code managedFields} name a field manager other than Tusk's ({@code tusk}, {@code
 * tusk-*}) or Zalando's ({@code postgres-operator}) as an owner of {@code data.password} (or of
 * {@code stringData.password}). This covers a Secret created before the cluster as well as a
 * password edited later with {@code kubectl}. The annotation {@value #USER_SUPPLIED_ANNOTATION}
 * overrides the detection: {@code "true"} marks a Secret as user-supplied, {@code "false"} hands it
 * back to Tusk (rotation resumes). Tusk writes credentials Secrets only under its own field
 * managers, so its own writes never look user-supplied.
 */
public final class CredentialSecrets {

  /** Field manager of the Secret writes of the database sync. */
  public static final String FIELD_MANAGER = "tusk-credentials";

  /** Explicit marker; see the class comment. */
  public static final String USER_SUPPLIED_ANNOTATION = "tusk.io/user-supplied";

  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String NEXT_ROTATION = "nextRotation";

  /** Zalando's operator binary: client-go names the field manager after it. */
  private static final String ZALANDO_MANAGER = "postgres-operator";

  /** A dated rotation user {@code {role}YYMMDD} ({@code constants.RotationUserDateFormat}). */
  private static final Pattern ROTATION_SUFFIX = Pattern.compile("\\d{6}");

  private CredentialSecrets() {}

  /** The Secret's contents for the credential planner. */
  public static StoredCredentials stored(Secret secret) {
    return new StoredCredentials(
        value(secret, USERNAME),
        value(secret, PASSWORD),
        value(secret, NEXT_ROTATION),
        userSupplied(secret));
  }

  /** Whether the Secret's password comes from a user (see the class comment). */
  public static boolean userSupplied(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String marker = annotations == null ? null : annotations.get(USER_SUPPLIED_ANNOTATION);
    if ("true".equalsIgnoreCase(marker)) {
      return true;
    }
    if ("false".equalsIgnoreCase(marker)) {
      return false;
    }
    List<ManagedFieldsEntry> entries = secret.getMetadata().getManagedFields();
    if (entries == null) {
      return false;
    }
    for (ManagedFieldsEntry e : entries) {
      if (!isOperator(e.getManager())
          && (owns(e.getFieldsV1(), "f:data", "f:password")
              || owns(e.getFieldsV1(), "f:stringData", "f:password"))) {
        return true;
      }
    }
    return false;
  }

  /** Tusk's field managers and Zalando's. */
  public static boolean isOperator(String manager) {
    return manager != null
        && (manager.equals("tusk")
            || manager.startsWith("tusk-")
            || manager.equals(ZALANDO_MANAGER));
  }

  private static boolean owns(FieldsV1 fields, String parent, String child) {
    if (fields == null || fields.getAdditionalProperties() == null) {
      return false;
    }
    Object p = fields.getAdditionalProperties().get(parent);
    return p instanceof Map<?, ?> m && m.containsKey(child);
  }

  /**
   * The Secret Tusk's object sync should apply, given the one that exists, as Zalando reads an
   * existing Secret back ({@code sync.go#updateSecret}): its password is kept (the desired one is
   * only a proposal for a new Secret), and so is a dated rotation user the database sync put into
   * {@code username} ({@code {role}YYMMDD}); any other username is restored to the role's.
   */
  public static Secret readBack(Secret desired, Optional<Secret> current) {
    if (current.isEmpty()) {
      return desired;
    }
    Map<String, String> data = new TreeMap<>(desired.getData());
    String password = value(current.get(), PASSWORD);
    if (!password.isEmpty()) {
      data.put(PASSWORD, base64(password));
    }
    String wanted = value(desired, USERNAME);
    String stored = value(current.get(), USERNAME);
    if (!wanted.isEmpty()
        && stored.startsWith(wanted)
        && ROTATION_SUFFIX.matcher(stored.substring(wanted.length())).matches()) {
      data.put(USERNAME, base64(stored));
    }
    if (data.equals(desired.getData())) {
      return desired;
    }
    return new SecretBuilder(desired).withData(data).build();
  }

  /** The data keys for these credentials ({@code nextRotation} only when set or present). */
  public static Map<String, String> data(Credentials credentials, boolean keepEmptyNextRotation) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(USERNAME, base64(credentials.username()));
    data.put(PASSWORD, base64(credentials.password()));
    if (!credentials.nextRotation().isEmpty() || keepEmptyNextRotation) {
      data.put(NEXT_ROTATION, base64(credentials.nextRotation()));
    }
    return data;
  }

  /** A decoded data value, "" when absent. */
  public static String value(Secret secret, String key) {
    if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
      return "";
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  public static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
