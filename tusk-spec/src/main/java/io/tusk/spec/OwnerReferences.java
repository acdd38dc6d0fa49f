package io.tusk.spec;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.config.Options;
import java.util.List;

/**
 * Owner references for the children of a cluster. Mirrors {@code k8sres.go#ownerReferences}
 * (v2.0.1): with {@code enable_owner_references} every child (except PVCs and Secrets in other
 * namespaces) gets a controller reference to the {@code postgresql} resource, so Kubernetes
 * garbage-collects it with the cluster.
 *
 * <p>Difference: Zalando copies the {@code postgresql} resource's own owner references onto its
 * children when the option is off; Tusk leaves children without owner references then.
 */
public final class OwnerReferences {

  private OwnerReferences() {}

  /** The references for a child object, empty when {@code enable_owner_references} is off. */
  public static List<OwnerReference> forChild(ClusterModel model) {
    if (!Boolean.TRUE.equals(model.config().get(Options.ENABLE_OWNER_REFERENCES))) {
      return List.of();
    }
    return List.of(
        new OwnerReferenceBuilder()
            .withApiVersion(Postgresql.GROUP + "/" + Postgresql.VERSION)
            .withKind("postgresql")
            .withName(model.name())
            .withUid(model.uid())
            .withController(true)
            .build());
  }
}
