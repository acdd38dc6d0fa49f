package io.tusk.sql;

import io.tusk.sql.password.PasswordEncryption;
import java.util.Set;

/**
 * How a sync behaves. The Zalando settings come from the operator configuration; the three deletion
 * switches are Tusk options ({@code enable_role_deletion}, {@code enable_database_deletion}, {@code
 * force_database_deletion_with_connections}), all off by default, which keeps Zalando's "never
 * drop" behaviour.
 *
 * @param passwordEncryption from the manifest's {@code postgresql.parameters.password_encryption}
 * @param protectedRoleNames {@code protected_role_names}; no wanted role may take these names
 * @param roleDeletionSuffix {@code role_deletion_suffix}
 * @param teamMemberDeprecation {@code enable_team_member_deprecation}: rename departed team members
 *     with the suffix (and rename them back when they return)
 * @param pamRoleName {@code pam_role_name}; members of this role are team members
 * @param enableRoleDeletion drop roles that left the manifest instead of only revoking LOGIN
 * @param enableDatabaseDeletion drop databases that left the manifest
 * @param forceDatabaseDeletionWithConnections drop them even with open connections ({@code DROP
 *     DATABASE ... WITH (FORCE)}); otherwise such a database is kept and reported
 */
public record SyncOptions(
    PasswordEncryption passwordEncryption,
    Set<String> protectedRoleNames,
    String roleDeletionSuffix,
    boolean teamMemberDeprecation,
    String pamRoleName,
    boolean enableRoleDeletion,
    boolean enableDatabaseDeletion,
    boolean forceDatabaseDeletionWithConnections) {

  public SyncOptions {
    passwordEncryption =
        passwordEncryption == null ? PasswordEncryption.SCRAM_SHA_256 : passwordEncryption;
    protectedRoleNames = Set.copyOf(protectedRoleNames);
    roleDeletionSuffix = roleDeletionSuffix == null ? "" : roleDeletionSuffix;
    pamRoleName = pamRoleName == null || pamRoleName.isEmpty() ? null : pamRoleName;
  }

  /** Zalando's defaults: SCRAM, protected {@code admin, cron_admin}, suffix {@code _deleted}. */
  public static SyncOptions defaults() {
    return new SyncOptions(
        PasswordEncryption.SCRAM_SHA_256,
        Set.of("admin", "cron_admin"),
        "_deleted",
        false,
        "zalandos",
        false,
        false,
        false);
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copies of {@link SyncOptions} with some settings changed; unset ones are the original's. */
  public static final class Builder {
    private PasswordEncryption passwordEncryption;
    private Set<String> protectedRoleNames;
    private String roleDeletionSuffix;
    private boolean teamMemberDeprecation;
    private String pamRoleName;
    private boolean enableRoleDeletion;
    private boolean enableDatabaseDeletion;
    private boolean forceDatabaseDeletionWithConnections;

    private Builder(SyncOptions from) {
      passwordEncryption = from.passwordEncryption;
      protectedRoleNames = from.protectedRoleNames;
      roleDeletionSuffix = from.roleDeletionSuffix;
      teamMemberDeprecation = from.teamMemberDeprecation;
      pamRoleName = from.pamRoleName;
      enableRoleDeletion = from.enableRoleDeletion;
      enableDatabaseDeletion = from.enableDatabaseDeletion;
      forceDatabaseDeletionWithConnections = from.forceDatabaseDeletionWithConnections;
    }

    public Builder passwordEncryption(PasswordEncryption value) {
      passwordEncryption = value;
      return this;
    }

    public Builder protectedRoleNames(Set<String> value) {
      protectedRoleNames = value;
      return this;
    }

    public Builder roleDeletionSuffix(String value) {
      roleDeletionSuffix = value;
      return this;
    }

    public Builder teamMemberDeprecation(boolean value) {
      teamMemberDeprecation = value;
      return this;
    }

    public Builder pamRoleName(String value) {
      pamRoleName = value;
      return this;
    }

    public Builder enableRoleDeletion(boolean value) {
      enableRoleDeletion = value;
      return this;
    }

    public Builder enableDatabaseDeletion(boolean value) {
      enableDatabaseDeletion = value;
      return this;
    }

    public Builder forceDatabaseDeletionWithConnections(boolean value) {
      forceDatabaseDeletionWithConnections = value;
      return this;
    }

    public SyncOptions build() {
      return new SyncOptions(
          passwordEncryption,
          protectedRoleNames,
          roleDeletionSuffix,
          teamMemberDeprecation,
          pamRoleName,
          enableRoleDeletion,
          enableDatabaseDeletion,
          forceDatabaseDeletionWithConnections);
    }
  }
}
