package io.tusk.operator.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.operator.secrets.CredentialSecrets;
import io.tusk.sql.rotation.Credentials;
import java.util.Map;
import java.util.Optional;

/**
 * The one writer of credential Secrets. Their metadata is built in one place, the desired-state
 * builder ({@code tusk-spec}'s {@code UserSecrets}); this class writes them in the three ways a
 * cluster needs, mirroring Zalando's {@code sync.go#syncSecrets/updateSecret} (v2.0.1):
 *
 * <ol>
 *   <li>{@link #apply}: the object step keeps each Secret as built (labels, annotations, owner
 *       references) and reads back what is stored ({@link CredentialSecrets#readBack}): a stored
 *       password is never replaced, only a deleted Secret is restored; server-side apply under
 *       Tusk's field manager {@value ObjectApplier#FIELD_MANAGER}, only when something differs;
 *   <li>{@link #create}: the database step creates a Secret it found missing with the passwords it
 *       decided (the builder's Secret with those credentials), without forcing: a Secret someone
 *       created meanwhile with other contents makes the write fail and the user is retried;
 *   <li>{@link #rotate}: the database step replaces {@code username}, {@code password} and {@code
 *       nextRotation} of a Secret it read, guarded by that read's {@code resourceVersion}, so a
 *       concurrent change fails the write instead of being overwritten.
 * </ol>
 *
 * <p>The database step's writes use the field manager {@value CredentialSecrets#FIELD_MANAGER}, so
 * {@code nextRotation} is not among the fields the object step applies, and that step never removes
 * it. Both managers count as Tusk's when telling user-supplied Secrets apart.
 */
public final class CredentialSecretWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final ObjectApplier applier;

  public CredentialSecretWriter(KubernetesClient client, ObjectApplier applier) {
    this.client = client;
    this.applier = applier;
  }

  /** Outcome of {@link #apply}. */
  public ObjectApplier.Outcome apply(Secret built, Optional<Secret> stored) {
    return applier.apply(CredentialSecrets.readBack(built, stored), stored);
  }

  /**
   * The Secret as stored now, read from the API server (not a cache): the {@code resourceVersion}
   * that guards {@link #rotate}.
   */
  public Secret read(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /** Creates a missing Secret: the builder's Secret with these credentials. */
  public Secret create(Secret built, Credentials credentials) {
    Secret secret =
        new SecretBuilder(built).withData(CredentialSecrets.data(credentials, false)).build();
    secret.getMetadata().setResourceVersion(null);
    return client.resource(secret).fieldManager(CredentialSecrets.FIELD_MANAGER).serverSideApply();
  }

  /** Replaces the credentials of a Secret read by {@link #read}, guarded by its resourceVersion. */
  public Secret rotate(Secret current, Credentials credentials) {
    boolean hadNextRotation =
        current.getData() != null && current.getData().containsKey(CredentialSecrets.NEXT_ROTATION);
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").put("resourceVersion", current.getMetadata().getResourceVersion());
    ObjectNode data = patch.putObject("data");
    for (Map.Entry<String, String> e :
        CredentialSecrets.data(credentials, hadNextRotation).entrySet()) {
      data.put(e.getKey(), e.getValue());
    }
    PatchContext context =
        new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(CredentialSecrets.FIELD_MANAGER)
            .build();
    return client
        .secrets()
        .inNamespace(current.getMetadata().getNamespace())
        .withName(current.getMetadata().getName())
        .patch(context, patch.toString());
  }
}
