package io.tusk.sql.plan;

import io.tusk.sql.catalog.ActualDatabase;
import io.tusk.sql.catalog.ActualRole;
import io.tusk.sql.catalog.ClusterCatalog;
import io.tusk.sql.catalog.Membership;
import io.tusk.sql.model.RoleAttribute;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-built catalogs for planner tests. */
final class Catalogs {

  private final List<ActualRole> roles = new ArrayList<>();
  private final List<Membership> memberships = new ArrayList<>();
  private final List<ActualDatabase> databases = new ArrayList<>();
  private final Map<String, Set<String>> deps = new LinkedHashMap<>();

  static Catalogs catalog() {
    return new Catalogs();
  }

  /** A role with INHERIT (PostgreSQL's default) and the given attributes on. */
  Catalogs role(String name, String password, RoleAttribute... on) {
    Map<RoleAttribute, Boolean> a = new EnumMap<>(RoleAttribute.class);
    for (RoleAttribute x : RoleAttribute.values()) {
      a.put(x, x == RoleAttribute.INHERIT);
    }
    for (RoleAttribute x : on) {
      a.put(x, true);
    }
    roles.add(new ActualRole(name, a, password, Map.of()));
    return this;
  }

  Catalogs roleWithSettings(String name, Map<String, String> parameters, RoleAttribute... on) {
    role(name, (String) null, on);
    ActualRole r = roles.remove(roles.size() - 1);
    roles.add(new ActualRole(name, r.attributes(), null, parameters));
    return this;
  }

  Catalogs member(String member, String role, boolean admin) {
    memberships.add(new Membership(role, member, admin));
    return this;
  }

  Catalogs database(String name, String owner, int connections) {
    databases.add(new ActualDatabase(name, owner, true, false, connections));
    return this;
  }

  Catalogs objectsIn(String role, String... dbs) {
    deps.put(role, Set.of(dbs));
    return this;
  }

  ClusterCatalog build() {
    List<ActualDatabase> dbs = new ArrayList<>(databases);
    if (dbs.stream().noneMatch(d -> d.name().equals("postgres"))) {
      dbs.add(new ActualDatabase("postgres", "postgres", true, false, 0));
    }
    return ClusterCatalog.of(roles, memberships, dbs, deps);
  }
}
