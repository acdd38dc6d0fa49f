package io.tusk.sql;

import io.tusk.sql.model.DesiredDatabase;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PoolerLookup;
import io.tusk.sql.model.RotationRetention;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one cluster should have inside PostgreSQL (roles, databases, prepared databases),
 * built by {@link io.tusk.sql.sources.RoleSources} from the manifest, the configuration, team
 * members, infrastructure roles and the passwords in Secrets. The cluster's Kubernetes objects are
 * tusk-spec's {@code io.tusk.spec.DesiredState}.
 *
 * @param previouslyManagedRoles roles an earlier sync managed ({@link SyncResult#managedRoles()});
 *     those no longer wanted lose LOGIN (or are dropped with role deletion on). Pass an empty set
 *     when the inputs are incomplete, so nothing is retired.
 * @param previouslyManagedDatabases likewise for databases (dropped only with database deletion on;
 *     otherwise kept and reported)
 * @param teamMembersComplete true when the team member list is complete (Teams API answered); only
 *     then are members of {@code pam_role_name} that left the team retired
 * @param poolerLookup the pooler's lookup function to install in every database, or null
 */
public record DatabaseDesiredState(
    List<DesiredRole> roles,
    List<DesiredDatabase> databases,
    List<DesiredPreparedDatabase> preparedDatabases,
    PoolerLookup poolerLookup,
    List<RotationRetention> rotationRetention,
    Set<String> previouslyManagedRoles,
    Set<String> previouslyManagedDatabases,
    boolean teamMembersComplete) {

  public DatabaseDesiredState {
    roles = List.copyOf(roles);
    databases = List.copyOf(databases);
    preparedDatabases = List.copyOf(preparedDatabases);
    rotationRetention = List.copyOf(rotationRetention);
    previouslyManagedRoles = Set.copyOf(previouslyManagedRoles);
    previouslyManagedDatabases = Set.copyOf(previouslyManagedDatabases);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.roles.addAll(roles);
    b.databases.addAll(databases);
    b.prepared.addAll(preparedDatabases);
    b.poolerLookup = poolerLookup;
    b.retention.addAll(rotationRetention);
    b.previousRoles.addAll(previouslyManagedRoles);
    b.previousDatabases.addAll(previouslyManagedDatabases);
    b.teamMembersComplete = teamMembersComplete;
    return b;
  }

  /** Fluent construction; everything empty, team members complete. */
  public static final class Builder {
    private final List<DesiredRole> roles = new ArrayList<>();
    private final List<DesiredDatabase> databases = new ArrayList<>();
    private final List<DesiredPreparedDatabase> prepared = new ArrayList<>();
    private PoolerLookup poolerLookup;
    private final List<RotationRetention> retention = new ArrayList<>();
    private final Set<String> previousRoles = new LinkedHashSet<>();
    private final Set<String> previousDatabases = new LinkedHashSet<>();
    private boolean teamMembersComplete = true;

    public Builder role(DesiredRole role) {
      roles.add(role);
      return this;
    }

    public Builder roles(Collection<DesiredRole> values) {
      roles.addAll(values);
      return this;
    }

    public Builder database(String name, String owner) {
      databases.add(new DesiredDatabase(name, owner));
      return this;
    }

    public Builder databases(Collection<DesiredDatabase> values) {
      databases.addAll(values);
      return this;
    }

    public Builder preparedDatabase(DesiredPreparedDatabase db) {
      prepared.add(db);
      return this;
    }

    public Builder preparedDatabases(Collection<DesiredPreparedDatabase> values) {
      prepared.addAll(values);
      return this;
    }

    public Builder poolerLookup(PoolerLookup value) {
      poolerLookup = value;
      return this;
    }

    public Builder rotationRetention(RotationRetention value) {
      retention.add(value);
      return this;
    }

    public Builder rotationRetention(Collection<RotationRetention> values) {
      retention.addAll(values);
      return this;
    }

    public Builder previouslyManagedRoles(Collection<String> values) {
      previousRoles.addAll(values);
      return this;
    }

    public Builder previouslyManagedDatabases(Collection<String> values) {
      previousDatabases.addAll(values);
      return this;
    }

    public Builder teamMembersComplete(boolean value) {
      teamMembersComplete = value;
      return this;
    }

    public DatabaseDesiredState build() {
      return new DatabaseDesiredState(
          roles,
          databases,
          prepared,
          poolerLookup,
          retention,
          previousRoles,
          previousDatabases,
          teamMembersComplete);
    }
  }
}
