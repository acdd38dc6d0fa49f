package io.tusk.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
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
import org.junit.jupiter.api.Test;

class CredentialSecretsTest {

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static ManagedFieldsEntry entry(String manager, String parent, String... fields) {
    Map<String, Object> children = new LinkedHashMap<>();
    for (String f : fields) {
      children.put(f, Map.of());
    }
    FieldsV1 v1 = new FieldsV1();
    v1.setAdditionalProperty(parent, children);
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation("Update")
        .withFieldsType("FieldsV1")
        .withFieldsV1(v1)
        .build();
  }

  private static Secret secret(Map<String, String> annotations, ManagedFieldsEntry... managed) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("foo-user.acid.credentials.postgresql.acid.zalan.do")
        .withAnnotations(annotations)
        .withManagedFields(List.of(managed))
        .endMetadata()
        .withData(
            Map.of(
                "username",
                b64("foo_user"),
                "password",
                b64("s3cret"),
                "nextRotation",
                b64("2025-06-13T10:00:00Z")))
        .build();
  }

  @Test
  void storedCredentialsAreDecoded() {
    StoredCredentials s =
        CredentialSecrets.stored(secret(null, entry("tusk", "f:data", "f:password", "f:username")));
    assertThat(s.username()).isEqualTo("foo_user");
    assertThat(s.password()).isEqualTo("s3cret");
    assertThat(s.nextRotation()).isEqualTo("2025-06-13T10:00:00Z");
    assertThat(s.userSupplied()).isFalse();
  }

  @Test
  void aPasswordWrittenByAnyoneButAnOperatorMakesTheSecretUserSupplied() {
    assertThat(
            CredentialSecrets.userSupplied(
                secret(null, entry("kubectl-create", "f:data", "f:password", "f:username"))))
        .isTrue();
    assertThat(
            CredentialSecrets.userSupplied(
                secret(
                    null,
                    entry("tusk", "f:data", "f:password"),
                    entry("kubectl-edit", "f:data", "f:password"))))
        .isTrue();
    // created with stringData
    assertThat(
            CredentialSecrets.userSupplied(
                secret(null, entry("argocd-controller", "f:stringData", "f:password"))))
        .isTrue();
  }

  @Test
  void secretsWrittenByTuskOrZalandoAreNotUserSupplied() {
    assertThat(
            CredentialSecrets.userSupplied(
                secret(
                    null,
                    entry("tusk", "f:data", "f:password"),
                    entry("tusk-credentials", "f:data", "f:password", "f:nextRotation"),
                    entry("postgres-operator", "f:data", "f:password"))))
        .isFalse();
    // someone else only touched labels
    assertThat(
            CredentialSecrets.userSupplied(
                secret(
                    null,
                    entry("tusk", "f:data", "f:password"),
                    entry("kubectl-label", "f:metadata", "f:labels"))))
        .isFalse();
    assertThat(CredentialSecrets.userSupplied(secret(null))).isFalse();
  }

  @Test
  void theAnnotationOverridesTheDetection() {
    assertThat(
            CredentialSecrets.userSupplied(
                secret(
                    Map.of(CredentialSecrets.USER_SUPPLIED_ANNOTATION, "true"),
                    entry("tusk", "f:data", "f:password"))))
        .isTrue();
    assertThat(
            CredentialSecrets.userSupplied(
                secret(
                    Map.of(CredentialSecrets.USER_SUPPLIED_ANNOTATION, "false"),
                    entry("kubectl-create", "f:data", "f:password"))))
        .isFalse();
  }

  @Test
  void theObjectSyncKeepsTheStoredPasswordAndADatedRotationUser() {
    Secret desired =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .withData(Map.of("username", b64("foo_user"), "password", b64("proposed")))
            .build();
    Secret rotated =
        new SecretBuilder(desired)
            .withData(Map.of("username", b64("foo_user250613"), "password", b64("p")))
            .build();
    Secret tampered =
        new SecretBuilder(desired)
            .withData(Map.of("username", b64("someone_else"), "password", b64("p")))
            .build();
    Secret notDated =
        new SecretBuilder(desired)
            .withData(Map.of("username", b64("foo_user_old"), "password", b64("proposed")))
            .build();

    Secret kept = CredentialSecrets.readBack(desired, Optional.of(rotated));
    assertThat(CredentialSecrets.value(kept, "username")).isEqualTo("foo_user250613");
    assertThat(CredentialSecrets.value(kept, "password")).isEqualTo("p");
    Secret restored = CredentialSecrets.readBack(desired, Optional.of(tampered));
    assertThat(CredentialSecrets.value(restored, "username")).isEqualTo("foo_user");
    assertThat(CredentialSecrets.value(restored, "password")).isEqualTo("p");
    assertThat(CredentialSecrets.readBack(desired, Optional.of(notDated))).isSameAs(desired);
    assertThat(CredentialSecrets.readBack(desired, Optional.empty())).isSameAs(desired);
  }

  @Test
  void dataHoldsNextRotationOnlyWhenSetOrAlreadyPresent() {
    assertThat(CredentialSecrets.data(new Credentials("u", "p", ""), false))
        .containsOnlyKeys("username", "password");
    assertThat(CredentialSecrets.data(new Credentials("u", "p", ""), true))
        .containsEntry("nextRotation", "");
    assertThat(CredentialSecrets.data(new Credentials("u", "p", "2025-06-13T10:00:00Z"), false))
        .containsEntry("nextRotation", b64("2025-06-13T10:00:00Z"))
        .containsEntry("password", b64("p"));
  }
}
