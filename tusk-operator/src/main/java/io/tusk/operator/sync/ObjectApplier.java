package io.tusk.operator.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes desired objects with server-side apply under Tusk's field manager, and only when the
 * cached actual object differs (see {@link SubsetMatcher}). Conflicts with other field managers are
 * forced: the fields Tusk declares are Tusk's, while fields other writers add are left alone.
 */
public final class ObjectApplier {
  public static final String FIELD_MANAGER = "tusk";
  private static final Logger LOG = LoggerFactory.getLogger(ObjectApplier.class);

  private final KubernetesClient client;
  private final SubsetMatcher matcher;

  public ObjectApplier(KubernetesClient client) {
    this.client = client;
    this.matcher = new SubsetMatcher(client.getKubernetesSerialization());
  }

  /** What {@link #apply} did. */
  public enum Outcome {
    UNCHANGED,
    CREATED,
    UPDATED
  }

  /**
   * Brings one object to its desired state.
   *
   * @param actual the object as last seen in the informer cache, if any
   */
  public <T extends HasMetadata> Outcome apply(T desired, Optional<T> actual) {
    if (actual.isPresent()) {
      Optional<String> diff = matcher.firstDifference(desired, actual.get());
      if (diff.isEmpty()) {
        return Outcome.UNCHANGED;
      }
      LOG.debug(
          "{} {}/{} differs at {}",
          desired.getKind(),
          desired.getMetadata().getNamespace(),
          desired.getMetadata().getName(),
          diff.get());
    }
    client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    return actual.isPresent() ? Outcome.UPDATED : Outcome.CREATED;
  }

  /** Creates the object when it does not exist; never touches an existing one. */
  public <T extends HasMetadata> Outcome createIfMissing(T desired, Optional<T> actual) {
    if (actual.isPresent()) {
      return Outcome.UNCHANGED;
    }
    client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    return Outcome.CREATED;
  }

  public SubsetMatcher matcher() {
    return matcher;
  }
}
