/**
 * Desired state of the connection pooler (PgBouncer): per enabled role a Deployment and a Service
 * named {@code {cluster}-pooler} (primary) or {@code {cluster}-pooler-repl} (replicas), built by
 * {@link io.tusk.spec.pooler.ConnectionPoolers} as pure functions of the manifest and the operator
 * configuration, after Zalando's {@code connection_pooler.go} (v2.0.1).
 *
 * <p>{@code tusk render} shows these objects; the operator does not apply them yet (see {@link
 * io.tusk.spec.DesiredState#poolerObjects()}).
 */
package io.tusk.spec.pooler;
