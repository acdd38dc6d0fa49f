/**
 * Desired state of the connection pooler (PgBouncer): per enabled role a Deployment and a Service
 * named {@code {cluster}-pooler} (primary) or {@code {cluster}-pooler-repl} (replicas) and the
 * userlist Secret {@code {name}-u} its pods mount, built by {@link
 * io.tusk.spec.pooler.ConnectionPoolers} as pure functions of the manifest and the operator
 * configuration, after Zalando's {@code connection_pooler.go} (v2.0.1).
 *
 * <p>They are the last of {@link io.tusk.spec.DesiredState#all()}: the operator applies them, and
 * removes those of a role whose pooler is turned off.
 */
package io.tusk.spec.pooler;
