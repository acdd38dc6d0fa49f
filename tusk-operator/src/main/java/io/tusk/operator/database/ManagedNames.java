package io.tusk.operator.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The roles and databases Tusk manages inside one cluster ({@link
 * io.tusk.sql.SyncResult#managedRoles()} and {@link io.tusk.sql.SyncResult#managedDatabases()}),
 * remembered between syncs so that the next one can retire what left the manifest ({@link
 * io.tusk.sql.DatabaseDesiredState#previouslyManagedRoles()}). Zalando has no counterpart: it never
 * retires anything but team members.
 *
 * <p>Stored as two annotations on the {@code postgresql} resource, each a sorted JSON array:
 * {@value #ROLES_ANNOTATION} and {@value #DATABASES_ANNOTATION}. Not in {@code status}: the list is
 * memory, not an observation that could be rebuilt (a status wiped by a restore or rewritten by
 * another operator version would silently stop retirements), Zalando's status schema holds only
 * strings, and annotations survive {@code kubectl apply} and a move between operators. Changes to
 * these annotations alone do not trigger a reconcile ({@link #isBookkeeping}).
 */
public record ManagedNames(SortedSet<String> roles, SortedSet<String> databases) {

  public static final String ROLES_ANNOTATION = "tusk.io/managed-roles";
  public static final String DATABASES_ANNOTATION = "tusk.io/managed-databases";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  public ManagedNames {
    roles = Collections.unmodifiableSortedSet(new TreeSet<>(roles));
    databases = Collections.unmodifiableSortedSet(new TreeSet<>(databases));
  }

  /** Nothing managed yet (a new cluster, or one that came from Zalando). */
  public static ManagedNames none() {
    return new ManagedNames(new TreeSet<>(), new TreeSet<>());
  }

  public static ManagedNames of(Collection<String> roles, Collection<String> databases) {
    return new ManagedNames(new TreeSet<>(roles), new TreeSet<>(databases));
  }

  /**
   * Reads the annotations of a {@code postgresql} resource; absent annotations mean nothing.
   *
   * @throws IllegalArgumentException if an annotation is not a JSON array of strings
   */
  public static ManagedNames read(Map<String, String> annotations) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    return of(parse(a, ROLES_ANNOTATION), parse(a, DATABASES_ANNOTATION));
  }

  /** The two annotations, to be merged into the resource's metadata. */
  public Map<String, String> toAnnotations() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(ROLES_ANNOTATION, format(roles));
    out.put(DATABASES_ANNOTATION, format(databases));
    return out;
  }

  /** Both sets joined (used when inputs were incomplete, so that nothing is forgotten). */
  public ManagedNames union(ManagedNames other) {
    TreeSet<String> r = new TreeSet<>(roles);
    r.addAll(other.roles);
    TreeSet<String> d = new TreeSet<>(databases);
    d.addAll(other.databases);
    return new ManagedNames(r, d);
  }

  /** Whether an annotation key is one of these (changes to them alone need no reconcile). */
  public static boolean isBookkeeping(String annotationKey) {
    return ROLES_ANNOTATION.equals(annotationKey) || DATABASES_ANNOTATION.equals(annotationKey);
  }

  /** The annotations without the bookkeeping ones, for comparisons. */
  public static Map<String, String> withoutBookkeeping(Map<String, String> annotations) {
    if (annotations == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>(annotations);
    out.keySet().removeIf(ManagedNames::isBookkeeping);
    return out;
  }

  private static Set<String> parse(Map<String, String> annotations, String key) {
    String value = annotations.get(key);
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    try {
      List<String> names = JSON.readValue(value, STRINGS);
      if (names == null || names.stream().anyMatch(Objects::isNull)) {
        throw new IllegalArgumentException("annotation " + key + " holds a null name");
      }
      return new TreeSet<>(names);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "annotation " + key + " is not a JSON array of names: " + e.getOriginalMessage(), e);
    }
  }

  private static String format(SortedSet<String> names) {
    try {
      return JSON.writeValueAsString(List.copyOf(names));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }
}
