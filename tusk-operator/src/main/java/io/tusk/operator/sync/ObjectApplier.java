package io.tusk.operator.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes desired objects with server-side apply under Tusk's field manager, and only when the
 * cached actual object differs: something desired is missing ({@link SubsetMatcher}), or something
 * Tusk applied earlier is no longer desired ({@link OwnedFields}), which the apply then removes.
 * Conflicts with other field managers are forced: the fields Tusk declares are Tusk's, while fields
 * other writers add are left alone.
 */
public final class ObjectApplier {
  public static final String FIELD_MANAGER = "tusk";

  /** How old an object may be and still count as created by an apply (clock skew included). */
  static final Duration CREATED_JUST_NOW = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ObjectApplier.class);

  private final KubernetesClient client;
  private final SubsetMatcher matcher;
  private final KubernetesSerialization serialization;

  public ObjectApplier(KubernetesClient client) {
    this.client = client;
    this.serialization = client.getKubernetesSerialization();
    this.matcher = new SubsetMatcher(serialization);
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
    return applyReturning(desired, actual).outcome();
  }

  /**
   * What {@link #applyReturning} did, and the object as the API server returned it (null if not
   * written).
   */
  public record Result<T>(Outcome outcome, T applied) {}

  /** {@link #apply}, also returning the object as the API server stored it. */
  public <T extends HasMetadata> Result<T> applyReturning(T desired, Optional<T> actual) {
    if (actual.isPresent()) {
      Optional<String> diff = firstDifference(desired, actual.get());
      if (diff.isEmpty()) {
        return new Result<>(Outcome.UNCHANGED, null);
      }
      LOG.debug(
          "{} {}/{} differs at {}",
          desired.getKind(),
          desired.getMetadata().getNamespace(),
          desired.getMetadata().getName(),
          diff.get());
    }
    T applied =
        client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    if (actual.isPresent()) {
      return new Result<>(Outcome.UPDATED, applied);
    }
    // The cache may lag behind the API server (e.g. while its watch reconnects after an outage):
    // an object the cache did not show may have existed for a while, and was then only updated.
    return new Result<>(
        createdJustNow(applied, Instant.now()) ? Outcome.CREATED : Outcome.UPDATED, applied);
  }

  /**
   * Empty when {@code actual} is as desired: it has everything desired ({@link SubsetMatcher}) and
   * nothing Tusk applied earlier that is no longer desired ({@link OwnedFields}); otherwise the
   * path of the first difference.
   */
  public Optional<String> firstDifference(HasMetadata desired, HasMetadata actual) {
    Optional<String> missing = matcher.firstDifference(desired, actual);
    if (missing.isPresent()) {
      return missing;
    }
    return OwnedFields.firstNoLongerDesired(
            serialization.convertValue(desired, JsonNode.class), actual)
        .map(path -> path + " (applied earlier, no longer desired)");
  }

  /** Whether the API server created the object just now (not more than a few seconds ago). */
  static boolean createdJustNow(HasMetadata applied, Instant now) {
    String created = applied == null ? null : applied.getMetadata().getCreationTimestamp();
    if (created == null) {
      return true;
    }
    try {
      return Instant.parse(created).isAfter(now.minus(CREATED_JUST_NOW));
    } catch (DateTimeParseException e) {
      return true;
    }
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
