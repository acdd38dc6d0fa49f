/**
 * The roles of a cluster, derived once ({@link io.tusk.spec.roles.ClusterRoles}) from the manifest,
 * the operator configuration and the operator's other inputs: which roles exist, where each comes
 * from ({@link io.tusk.spec.roles.RoleOrigin}), its flags, memberships and settings, which get a
 * credentials Secret and which names are protected. The Secret builder, the manifest validator and
 * the SQL sync (tusk-sql) all read this derivation.
 */
package io.tusk.spec.roles;
