package io.tusk.sql.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the cluster has now: roles, memberships and databases, read once per sync.
 *
 * @param dependentDatabases role name to the databases in which it owns objects or holds privileges
 *     ({@code pg_shdepend}); where {@code REASSIGN OWNED}/{@code DROP OWNED} must run before the
 *     role can be dropped
 */
public record ClusterCatalog(
    Map<String, ActualRole> roles,
    Set<Membership> memberships,
    Map<String, ActualDatabase> databases,
    Map<String, Set<String>> dependentDatabases) {

  public ClusterCatalog {
    roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    memberships = Collections.unmodifiableSet(new LinkedHashSet<>(memberships));
    databases = Collections.unmodifiableMap(new LinkedHashMap<>(databases));
    Map<String, Set<String>> deps = new LinkedHashMap<>();
    dependentDatabases.forEach((k, v) -> deps.put(k, Set.copyOf(v)));
    dependentDatabases = Collections.unmodifiableMap(deps);
  }

  /** A catalog from lists (tests and the reader). */
  public static ClusterCatalog of(
      List<ActualRole> roles, List<Membership> memberships, List<ActualDatabase> databases) {
    return of(roles, memberships, databases, Map.of());
  }

  /** A catalog from lists, with the databases each role has objects in. */
  public static ClusterCatalog of(
      List<ActualRole> roles,
      List<Membership> memberships,
      List<ActualDatabase> databases,
      Map<String, Set<String>> dependentDatabases) {
    Map<String, ActualRole> r = new LinkedHashMap<>();
    roles.forEach(x -> r.put(x.name(), x));
    Map<String, ActualDatabase> d = new LinkedHashMap<>();
    databases.forEach(x -> d.put(x.name(), x));
    return new ClusterCatalog(r, new LinkedHashSet<>(memberships), d, dependentDatabases);
  }

  /** Databases in which the role owns objects or holds privileges. */
  public Set<String> dependentDatabases(String role) {
    return dependentDatabases.getOrDefault(role, Set.of());
  }

  public ActualRole role(String name) {
    return roles.get(name);
  }

  public boolean hasRole(String name) {
    return roles.containsKey(name);
  }

  /** Roles {@code member} is granted directly. */
  public Set<String> memberOf(String member) {
    return memberships.stream()
        .filter(m -> m.member().equals(member))
        .map(Membership::role)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** True if {@code member} is granted {@code role} directly. */
  public boolean isMember(String member, String role) {
    return memberships.stream().anyMatch(m -> m.member().equals(member) && m.role().equals(role));
  }

  /** True if {@code member} is granted {@code role} directly with ADMIN OPTION. */
  public boolean hasAdmin(String member, String role) {
    return memberships.stream()
        .anyMatch(m -> m.member().equals(member) && m.role().equals(role) && m.adminOption());
  }
}
