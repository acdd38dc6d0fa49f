package io.tusk.spec.patroni;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.tusk.spec.ClusterModel;
import io.tusk.spec.OwnerReferences;
import io.tusk.spec.PostgresRole;
import io.tusk.spec.labels.Annotations;
import io.tusk.spec.naming.ClusterNames;
import io.tusk.spec.spilo.DcsMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata Tusk keeps on objects others create for a cluster, as metadata-only objects to be
 * applied where the object exists (never to create one). Mirrors {@code
 * sync.go#syncPatroniResources} and, in endpoints mode, {@code syncEndpoint(Replica)} (v2.0.1):
 *
 * <ul>
 *   <li>Patroni's {@code {cluster}-config} Service;
 *   <li>configmaps mode: the ConfigMaps {@code {cluster}-leader}, {@code -config}, {@code
 *       -failover}, {@code -sync};
 *   <li>endpoints mode: the Endpoints {@code {cluster}-config}, {@code -failover}, {@code -sync}
 *       (the leader lock {@code {cluster}} is the master Endpoints Tusk creates) and the replica
 *       Endpoints {@code {cluster}-repl}.
 * </ul>
 *
 * Each carries the controller owner reference to the {@code postgresql} resource when {@code
 * enable_owner_references} is on, and the inherited annotations. Labels are left to their creators.
 *
 * <p>Difference: Zalando replaces an object's owner references with its desired list (dropping
 * references others added) and never removes an annotation; Tusk removes only what it applied
 * itself.
 */
public final class PatroniObjects {

  private PatroniObjects() {}

  public static List<HasMetadata> build(ClusterModel model) {
    ClusterNames names = ClusterNames.of(model);
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new ServiceBuilder().withMetadata(metadata(model, names.patroniConfig())).build());
    if (DcsMode.usesConfigMaps(model.config())) {
      for (String name : names.patroniDcsObjects(true)) {
        objects.add(new ConfigMapBuilder().withMetadata(metadata(model, name)).build());
      }
    } else {
      for (String name : names.patroniDcsObjects(false)) {
        if (!name.equals(names.endpoints(PostgresRole.MASTER))) {
          objects.add(new EndpointsBuilder().withMetadata(metadata(model, name)).build());
        }
      }
      objects.add(
          new EndpointsBuilder()
              .withMetadata(metadata(model, names.endpoints(PostgresRole.REPLICA)))
              .build());
    }
    return objects;
  }

  private static ObjectMeta metadata(ClusterModel model, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(model.namespace().isEmpty() ? null : model.namespace())
        .withAnnotations(Annotations.orNull(Annotations.of(model).inherited()))
        .withOwnerReferences(OwnerReferences.forChild(model))
        .build();
  }
}
