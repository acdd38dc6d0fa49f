package io.tusk.spec.secret;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.InvalidSpecException;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.roles.ClusterRole;
import io.tusk.spec.roles.ClusterRoles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One credentials Secret per role that gets one ({@link ClusterRoles#withSecrets()}): the system
 * users first, then the others sorted by name. Mirrors {@code k8sres.go#generateUserSecrets/
 * generateSingleUserSecret} with the read-back of {@code sync.go#updateSecret} (v2.0.1): name from
 * {@code secret_name_template}, type Opaque, data {@code username} and {@code password}, labels
 * base + extra (the pooler user's Secret carries the pooler labels), inherited annotations, and
 * owner references unless the Secret lives in another namespace. A password already stored in an
 * existing Secret is always kept; new ones come from the {@link io.tusk.spec.PasswordSource}.
 */
public final class UserSecrets {

  private UserSecrets() {}

  /**
   * The Secrets.
   *
   * @throws InvalidSpecException naming {@code spec.users.<name>} for a manifest user that cannot
   *     be had (invalid name or flags, named like a protected or system role)
   */
  public static List<Secret> build(ClusterModel model) {
    ClusterNames names = ClusterNames.of(model);
    List<Secret> result = new ArrayList<>();
    Map<String, String> existing = model.observed().existingPasswords();
    ClusterRoles roles = ClusterRoles.of(model.cluster(), model.config());
    if (!roles.problems().isEmpty()) {
      ClusterRoles.Problem p = roles.problems().get(0);
      throw new InvalidSpecException(p.field(), p.reason());
    }
    String poolerUser = roles.poolerUser();
    List<ClusterRole> withSecrets = new ArrayList<>();
    List<ClusterRole> others = new ArrayList<>();
    for (ClusterRole r : roles.withSecrets()) {
      (roles.systemNames().contains(r.name()) ? withSecrets : others).add(r);
    }
    others.sort(Comparator.comparing(ClusterRole::name));
    withSecrets.addAll(others);
    for (ClusterRole role : withSecrets) {
      String secretName = names.credentialSecret(role.name());
      String password = existing.get(secretName);
      if (password == null || password.isEmpty()) {
        password = model.observed().passwordSource().next();
      }
      Map<String, String> data = new TreeMap<>();
      data.put("password", base64(password));
      data.put("username", base64(role.name()));
      result.add(
          new SecretBuilder(
                  withMetadata(
                      model, role.secretNamespace(), secretName, role.name().equals(poolerUser)))
              .withData(data)
              .build());
    }
    return result;
  }

  /**
   * A credentials Secret without data, with the metadata every credentials Secret of the cluster
   * carries: the one place it is built (the database step uses it for Secrets of roles the manifest
   * does not name, e.g. infrastructure roles).
   *
   * @param poolerUser whether it is the pooler user's Secret, which carries the pooler's labels
   */
  public static Secret withMetadata(
      ClusterModel model, String namespace, String name, boolean poolerUser) {
    boolean otherNamespace = !namespace.equals(model.namespace());
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace.isEmpty() ? null : namespace)
        .withLabels(poolerUser ? poolerLabels(model) : Labels.of(model).withExtra())
        .withAnnotations(Annotations.orNull(Annotations.of(model).inherited()))
        .withOwnerReferences(otherNamespace ? List.of() : OwnerReferences.forChild(model))
        .endMetadata()
        .withType("Opaque")
        .build();
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
