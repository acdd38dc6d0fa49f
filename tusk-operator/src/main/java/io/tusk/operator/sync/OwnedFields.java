package io.tusk.operator.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Tusk's own server-side apply put into an object, as the API server records it in {@code
 * managedFields}: the entry of field manager {@value ObjectApplier#FIELD_MANAGER} with operation
 * {@code Apply}. An apply that leaves out a field this entry owns removes the field, unless another
 * manager owns it too; so a label, annotation, owner reference or other field that Tusk set and
 * that is no longer desired must be applied away, while what other controllers or people added is
 * never touched.
 *
 * <p>{@link SubsetMatcher} finds what is missing from an object; {@link #firstNoLongerDesired}
 * finds what Tusk owns in it but no longer wants. Together they decide whether an apply is needed,
 * from the informer caches alone: the caches keep Tusk's entry and drop all others ({@link
 * #keepOwnEntry}).
 *
 * <p>Fields are compared by name down through objects and maps; members of lists ({@code k:},
 * {@code v:} and {@code i:} keys) are left to the subset comparison, which compares lists whole.
 */
public final class OwnedFields {
  static final String APPLY = "Apply";
  private static final String METADATA = "f:metadata";

  private OwnedFields() {}

  /** Tusk's apply entry of the object, if the API server recorded one. */
  public static Optional<ManagedFieldsEntry> ownEntry(HasMetadata o) {
    List<ManagedFieldsEntry> entries = o.getMetadata().getManagedFields();
    if (entries == null) {
      return Optional.empty();
    }
    return entries.stream().filter(OwnedFields::isOwnApply).findFirst();
  }

  private static boolean isOwnApply(ManagedFieldsEntry e) {
    return ObjectApplier.FIELD_MANAGER.equals(e.getManager()) && APPLY.equals(e.getOperation());
  }

  /**
   * The path of the first field Tusk's apply entry owns in {@code actual} that {@code desired} (the
   * object as Tusk would apply it now, as JSON) no longer has; empty when there is none or no
   * entry. For a StatefulSet only the metadata counts: its spec is compared by {@code
   * StatefulSetComparison}, and the caches keep only the metadata part of its entry.
   */
  public static Optional<String> firstNoLongerDesired(JsonNode desired, HasMetadata actual) {
    Optional<ManagedFieldsEntry> entry = ownEntry(actual);
    if (entry.isEmpty() || entry.get().getFieldsV1() == null) {
      return Optional.empty();
    }
    Map<String, Object> owned = entry.get().getFieldsV1().getAdditionalProperties();
    if (owned == null) {
      return Optional.empty();
    }
    if (actual instanceof StatefulSet) {
      Object metadata = owned.get(METADATA);
      owned = metadata == null ? Map.of() : Map.of(METADATA, metadata);
    }
    return walk(owned, desired, "");
  }

  private static Optional<String> walk(Map<?, ?> owned, JsonNode desired, String path) {
    for (Map.Entry<?, ?> e : owned.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!key.startsWith("f:")) {
        continue; // ".": the field itself; k:, v:, i:: list members
      }
      String name = key.substring(2);
      JsonNode value = desired == null || !desired.isObject() ? null : desired.get(name);
      String here = path + "." + name;
      if (value == null || value.isNull()) {
        return Optional.of(here);
      }
      if (e.getValue() instanceof Map<?, ?> children && !children.isEmpty() && value.isObject()) {
        Optional<String> deeper = walk(children, value, here);
        if (deeper.isPresent()) {
          return deeper;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The keys of a metadata map ({@code labels} or {@code annotations}) that Tusk's apply entry owns
   * in the object; empty when it has no entry.
   */
  public static Set<String> ownedKeys(HasMetadata o, String metadataMap) {
    Set<String> keys = new HashSet<>();
    ownEntry(o)
        .map(ManagedFieldsEntry::getFieldsV1)
        .map(FieldsV1::getAdditionalProperties)
        .map(all -> all.get(METADATA))
        .filter(Map.class::isInstance)
        .map(m -> ((Map<?, ?>) m).get("f:" + metadataMap))
        .filter(Map.class::isInstance)
        .ifPresent(
            m ->
                ((Map<?, ?>) m)
                    .keySet()
                    .forEach(
                        k -> {
                          String key = String.valueOf(k);
                          if (key.startsWith("f:")) {
                            keys.add(key.substring(2));
                          }
                        }));
    return keys;
  }

  /**
   * For the informer caches: the object with Tusk's apply entry as its only {@code managedFields}
   * (the other entries are often the larger part of an object and nothing reads them); for a
   * StatefulSet only the entry's metadata part.
   */
  public static <R extends HasMetadata> R keepOwnEntry(R r) {
    List<ManagedFieldsEntry> entries = r.getMetadata().getManagedFields();
    if (entries == null || entries.isEmpty()) {
      return r;
    }
    List<ManagedFieldsEntry> kept = new ArrayList<>(1);
    for (ManagedFieldsEntry e : entries) {
      if (isOwnApply(e)) {
        if (r instanceof StatefulSet && e.getFieldsV1() != null) {
          Map<String, Object> all = e.getFieldsV1().getAdditionalProperties();
          Map<String, Object> metadata = new LinkedHashMap<>();
          if (all != null && all.get(METADATA) != null) {
            metadata.put(METADATA, all.get(METADATA));
          }
          FieldsV1 trimmed = new FieldsV1();
          metadata.forEach(trimmed::setAdditionalProperty);
          e.setFieldsV1(trimmed);
        }
        kept.add(e);
      }
    }
    r.getMetadata().setManagedFields(kept.isEmpty() ? null : kept);
    return r;
  }
}
