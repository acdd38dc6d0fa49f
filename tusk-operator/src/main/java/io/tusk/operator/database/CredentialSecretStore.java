package io.tusk.operator.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.labels.Labels;
import io.tusk.sql.rotation.Credentials;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the credentials Secrets for the database sync. Mirrors the writing half of
 * Zalando's {@code sync.go#updateSecret} (v2.0.1): a Secret that does not exist is created with the
 * cluster's labels, inherited annotations and owner reference (only in the cluster's own
 * namespace); an existing one gets new {@code username}, {@code password} and {@code nextRotation}
 * values.
 *
 * <p>Writes go through the API server fresh, never from a cache: an update carries the {@code
 * resourceVersion} that was read, so a concurrent change fails the write (the user is then degraded
 * for this sync and retried) instead of being overwritten. Both writes use the field manager
 * {@value CredentialSecrets#FIELD_MANAGER}, which also keeps {@code nextRotation} out of the fields
 * Tusk's object sync applies (so that sync never removes it).
 */
final class CredentialSecretStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  CredentialSecretStore(KubernetesClient client) {
    this.client = client;
  }

  /** The Secret as stored now, or null. */
  Secret read(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /**
   * Creates a Secret (server-side apply without forcing: if someone created it in the meantime with
   * other contents, the write fails and is retried next time).
   */
  Secret create(ClusterModel model, String namespace, String name, Credentials credentials) {
    boolean ownNamespace = namespace.equals(model.namespace());
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(Labels.of(model).withExtra())
            .withAnnotations(Annotations.orNull(Annotations.of(model).inherited()))
            .withOwnerReferences(ownNamespace ? OwnerReferences.forChild(model) : List.of())
            .endMetadata()
            .withType("Opaque")
            .withData(CredentialSecrets.data(credentials, false))
            .build();
    return client.resource(secret).fieldManager(CredentialSecrets.FIELD_MANAGER).serverSideApply();
  }

  /** Updates the credentials of a Secret read by {@link #read}, guarded by its resourceVersion. */
  Secret update(Secret current, Credentials credentials) {
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
