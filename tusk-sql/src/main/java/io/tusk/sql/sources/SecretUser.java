package io.tusk.sql.sources;

import io.tusk.spec.roles.RoleOrigin;

/**
 * A role whose credentials live in a Secret ({@code secret_name_template}, by default {@code
 * {username}.{cluster}.credentials.postgresql.acid.zalan.do} with {@code _} turned into {@code -}),
 * and the namespace of that Secret: the cluster's, or another one with {@code
 * enable_cross_namespace_secret} ({@code namespace.user} manifest users, {@code secretNamespace} of
 * prepared databases). Mirrors the user selection of Zalando's {@code
 * k8sres.go#generateUserSecrets} (v2.0.1): not for team members (no password) nor NOLOGIN roles of
 * prepared databases.
 */
public record SecretUser(String roleName, String namespace, RoleOrigin origin) {}
