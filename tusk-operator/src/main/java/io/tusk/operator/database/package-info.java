/**
 * The database step: roles and databases inside a cluster's PostgreSQL, once its objects are in
 * place. {@link io.tusk.operator.database.DatabaseSync} supplies tusk-sql's {@code RoleSync} with
 * its inputs and reports its outcome:
 *
 * <ul>
 *   <li>{@link io.tusk.operator.database.SyncDecision} decides whether a reconcile connects at all,
 *       from the {@link io.tusk.operator.database.SyncFingerprint} of its inputs, the last outcome,
 *       rotation dates and {@code resync_period};
 *   <li>{@link io.tusk.operator.database.PrimaryResolver} finds a ready primary and where to
 *       connect ({@link io.tusk.operator.database.AutoPrimaryResolver}, the default, chooses
 *       between the Service's DNS name and its ClusterIP);
 *   <li>{@code ExternalRoleInputs} reads team members, PostgresTeams and infrastructure roles;
 *   <li>{@link io.tusk.operator.database.ManagedNames} remembers, in annotations, the roles and
 *       databases managed last time, so that what left the manifest is retired;
 *   <li>{@link io.tusk.operator.database.SyncReport} turns the result into Events and a status
 *       message.
 * </ul>
 *
 * Credential Secrets are written through {@code io.tusk.operator.sync.CredentialSecretWriter}; the
 * status is decided in {@code status}.
 */
package io.tusk.operator.database;
