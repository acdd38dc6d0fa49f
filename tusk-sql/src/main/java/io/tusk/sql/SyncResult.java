package io.tusk.sql;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a sync did: the effects of the statements that succeeded, the changes that failed (each
 * naming its role or database), warnings, and every write statement sent (passwords redacted).
 *
 * @param applied false for a dry run ({@link RoleSync#plan}): {@code statements} were planned, not
 *     sent, and {@code effects} are what would happen
 * @param managedRoles roles Tusk manages after this sync; store them and pass them back as {@link
 *     DatabaseDesiredState#previouslyManagedRoles()} next time
 * @param managedDatabases likewise for databases
 */
public record SyncResult(
    boolean applied,
    List<Effect> effects,
    List<SyncError> errors,
    List<String> warnings,
    List<ExecutedStatement> statements,
    Set<String> managedRoles,
    Set<String> managedDatabases) {

  public SyncResult {
    effects = List.copyOf(effects);
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    statements = List.copyOf(statements);
    managedRoles = Set.copyOf(managedRoles);
    managedDatabases = Set.copyOf(managedDatabases);
  }

  /** A write statement and the database it ran in; the SQL text has passwords redacted. */
  public record ExecutedStatement(String database, String sql) {
    @Override
    public String toString() {
      return database + ": " + sql;
    }
  }

  /** True when no change failed. */
  public boolean successful() {
    return errors.isEmpty();
  }

  /** Names of subjects with effects of this kind, in order. */
  public List<String> names(Effect.Kind kind) {
    return effects.stream()
        .filter(e -> e.kind() == kind)
        .map(e -> e.subject().name())
        .distinct()
        .collect(Collectors.toList());
  }

  public List<String> createdRoles() {
    return names(Effect.Kind.ROLE_CREATED);
  }

  public List<String> alteredRoles() {
    return names(Effect.Kind.ROLE_ALTERED);
  }

  /** {@code old -> new} for each rename. */
  public List<String> renamedRoles() {
    return effects.stream()
        .filter(e -> e.kind() == Effect.Kind.ROLE_RENAMED)
        .map(Effect::detail)
        .collect(Collectors.toList());
  }

  public List<String> disabledRoles() {
    return names(Effect.Kind.ROLE_DISABLED);
  }

  public List<String> droppedRoles() {
    return names(Effect.Kind.ROLE_DROPPED);
  }

  public List<String> createdDatabases() {
    return names(Effect.Kind.DATABASE_CREATED);
  }

  public List<String> droppedDatabases() {
    return names(Effect.Kind.DATABASE_DROPPED);
  }

  /** Errors about one role or database, by name. */
  public List<SyncError> errorsFor(String name) {
    return errors.stream()
        .filter(e -> e.subject().name().equals(name))
        .collect(Collectors.toList());
  }
}
