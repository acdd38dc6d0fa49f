package io.tusk.spec.secret;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One credentials Secret per login role. Mirrors {@code k8sres.go#generateUserSecrets/
 * generateSingleUserSecret} with the read-back of {@code sync.go#updateSecret} (v2.0.1): name from
 * {@code secret_name_template}, type Opaque, data {@code username} and {@code password}, labels
 * base + extra (the pooler user's Secret carries the pooler labels), inherited annotations, and
 * owner references unless the Secret lives in another namespace. A password already stored in an
 * existing Secret is always kept; new ones come from the {@link io.tusk.spec.PasswordSource}.
 */
public final class UserSecrets {

  private UserSecrets() {}

  public static List<Secret> build(ClusterModel model) {
    ClusterNames names = ClusterNames.of(model);
    List<Secret> result = new ArrayList<>();
    Map<String, String> existing = model.observed().existingPasswords();
    boolean pooler = LoginRoles.needsConnectionPooler(model.spec());
    String poolerUser = pooler ? LoginRoles.poolerUser(model) : null;
    for (LoginRoles.Role role : LoginRoles.of(model)) {
      String secretName = names.credentialSecret(role.name());
      String password = existing.get(secretName);
      if (password == null || password.isEmpty()) {
        password = model.observed().passwordSource().next();
      }
      boolean otherNamespace = !role.namespace().equals(model.namespace());
      Map<String, String> labels =
          role.name().equals(poolerUser) ? poolerLabels(model) : Labels.of(model).withExtra();
      Map<String, String> data = new TreeMap<>();
      data.put("password", base64(password));
      data.put("username", base64(role.name()));
      result.add(
          new SecretBuilder()
              .withNewMetadata()
              .withName(secretName)
              .withNamespace(role.namespace().isEmpty() ? null : role.namespace())
              .withLabels(labels)
              .withAnnotations(Annotations.orNull(Annotations.of(model).inherited()))
              .withOwnerReferences(otherNamespace ? List.of() : OwnerReferences.forChild(model))
              .endMetadata()
              .withType("Opaque")
              .withData(data)
              .build());
    }
    return result;
  }

  /**
   * Labels of the pooler user's Secret ({@code connection_pooler.go#connectionPoolerLabels("",
   * false)}): base labels with {@code application: db-connection-pooler} and {@code
   * connection-pooler: {cluster}-pooler}, without team.
   */
  static Map<String, String> poolerLabels(ClusterModel model) {
    Map<String, String> labels = Labels.of(model).base();
    labels.put("application", "db-connection-pooler");
    labels.put("connection-pooler", ClusterNames.of(model).pooler(PostgresRole.MASTER));
    return labels;
  }

  /** Decodes the {@code password} of a Secret's data, or {@code null}. For the observe step. */
  public static String passwordOf(Secret secret) {
    if (secret == null || secret.getData() == null || secret.getData().get("password") == null) {
      return null;
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
