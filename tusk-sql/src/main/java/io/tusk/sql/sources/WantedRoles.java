package io.tusk.sql.sources;

import io.tusk.spec.PasswordSource;
import io.tusk.sql.DatabaseDesiredState;
import io.tusk.sql.SyncOptions;
import io.tusk.sql.model.DesiredDatabase;
import io.tusk.sql.model.DesiredPreparedDatabase;
import io.tusk.sql.model.DesiredRole;
import io.tusk.sql.model.PoolerLookup;
import io.tusk.sql.password.PasswordEncryption;
import io.tusk.sql.rotation.CredentialDecision;
import io.tusk.sql.rotation.CredentialPlanner;
import io.tusk.sql.rotation.RotationPolicy;
import io.tusk.sql.rotation.StoredCredentials;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one cluster wants inside PostgreSQL before passwords are known, as {@link
 * RoleSources#collect} builds it, and the two steps that finish it:
 *
 * <ol>
 *   <li>{@link #decideCredentials}: for every {@link #secretUsers() user with a Secret}, from the
 *       Secret's current contents (read by the operator), what the Secret must hold and the roles
 *       that follow; the operator writes the Secrets whose action is not NONE;
 *   <li>{@link #desiredState}: the input of {@link io.tusk.sql.RoleSync#sync}.
 * </ol>
 */
public final class WantedRoles {

  private final List<DesiredRole> roles;
  private final List<SecretUser> secretUsers;
  private final List<DesiredDatabase> databases;
  private final List<DesiredPreparedDatabase> preparedDatabases;
  private final PoolerLookup poolerLookup;
  private final RotationPolicy rotationPolicy;
  private final SyncOptions syncOptions;
  private final boolean teamMembersComplete;
  private final List<String> warnings;

  WantedRoles(
      List<DesiredRole> roles,
      List<SecretUser> secretUsers,
      List<DesiredDatabase> databases,
      List<DesiredPreparedDatabase> preparedDatabases,
      PoolerLookup poolerLookup,
      RotationPolicy rotationPolicy,
      SyncOptions syncOptions,
      boolean teamMembersComplete,
      List<String> warnings) {
    this.roles = List.copyOf(roles);
    this.secretUsers = List.copyOf(secretUsers);
    this.databases = List.copyOf(databases);
    this.preparedDatabases = List.copyOf(preparedDatabases);
    this.poolerLookup = poolerLookup;
    this.rotationPolicy = rotationPolicy;
    this.syncOptions = syncOptions;
    this.teamMembersComplete = teamMembersComplete;
    this.warnings = List.copyOf(warnings);
  }

  /** All wanted roles; passwords of Secret users are not decided yet (unmanaged). */
  public List<DesiredRole> roles() {
    return roles;
  }

  /** Roles that get a Secret, with the namespace it lives in. */
  public List<SecretUser> secretUsers() {
    return secretUsers;
  }

  public List<DesiredDatabase> databases() {
    return databases;
  }

  public List<DesiredPreparedDatabase> preparedDatabases() {
    return preparedDatabases;
  }

  /** The pooler's lookup function, or null without a connection pooler. */
  public PoolerLookup poolerLookup() {
    return poolerLookup;
  }

  public RotationPolicy rotationPolicy() {
    return rotationPolicy;
  }

  public PasswordEncryption passwordEncryption() {
    return syncOptions.passwordEncryption();
  }

  /** Names skipped and other things the operator may want to log. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Sync options from the configuration and manifest, with Tusk's deletion switches ({@code
   * enable_role_deletion}, {@code enable_database_deletion}, {@code
   * force_database_deletion_with_connections}).
   */
  public SyncOptions syncOptions(
      boolean enableRoleDeletion,
      boolean enableDatabaseDeletion,
      boolean forceDatabaseDeletionWithConnections) {
    return syncOptions.toBuilder()
        .enableRoleDeletion(enableRoleDeletion)
        .enableDatabaseDeletion(enableDatabaseDeletion)
        .forceDatabaseDeletionWithConnections(forceDatabaseDeletionWithConnections)
        .build();
  }

  /**
   * Decides each Secret user's credentials.
   *
   * @param stored current Secret contents by role name; users without a Secret are absent
   * @throws IllegalStateException naming the role whose Secret belongs to another user
   */
  public Map<String, CredentialDecision> decideCredentials(
      Map<String, StoredCredentials> stored, Clock clock, PasswordSource generator) {
    CredentialPlanner planner = new CredentialPlanner(rotationPolicy, clock, generator);
    Map<String, DesiredRole> byName = new LinkedHashMap<>();
    roles.forEach(r -> byName.put(r.name(), r));
    Map<String, CredentialDecision> out = new LinkedHashMap<>();
    for (SecretUser u : secretUsers) {
      out.put(u.roleName(), planner.decide(byName.get(u.roleName()), stored.get(u.roleName())));
    }
    return out;
  }

  /**
   * The input of a sync.
   *
   * @param decisions from {@link #decideCredentials}
   * @param degraded users whose Secret could not be written: their passwords are left as they are
   * @param previouslyManagedRoles {@link io.tusk.sql.SyncResult#managedRoles()} of the last sync
   * @param previouslyManagedDatabases {@link io.tusk.sql.SyncResult#managedDatabases()} of it
   */
  public DatabaseDesiredState desiredState(
      Map<String, CredentialDecision> decisions,
      Collection<String> degraded,
      Collection<String> previouslyManagedRoles,
      Collection<String> previouslyManagedDatabases) {
    Set<String> degradedSet = new LinkedHashSet<>(degraded);
    Map<String, DesiredRole> out = new LinkedHashMap<>();
    DatabaseDesiredState.Builder b = DatabaseDesiredState.builder();
    for (DesiredRole r : roles) {
      CredentialDecision d = decisions.get(r.name());
      List<DesiredRole> resolved =
          d == null ? List.of(r) : degradedSet.contains(r.name()) ? d.degradedRoles() : d.roles();
      for (DesiredRole x : resolved) {
        out.putIfAbsent(x.name(), x);
      }
      if (d != null && d.retention() != null) {
        b.rotationRetention(d.retention());
      }
    }
    return b.roles(new ArrayList<>(out.values()))
        .databases(databases)
        .preparedDatabases(preparedDatabases)
        .poolerLookup(poolerLookup)
        .previouslyManagedRoles(previouslyManagedRoles)
        .previouslyManagedDatabases(previouslyManagedDatabases)
        .teamMembersComplete(teamMembersComplete)
        .build();
  }
}
