/**
 * The operator's HTTP endpoints on {@code api_port} ({@link
 * io.tusk.operator.health.OperatorHttpServer}): liveness, readiness, and the read-only parts of
 * Zalando's REST API ({@code /status/}, {@code /config/} with secrets masked, {@code /clusters/}).
 * Started and stopped by {@code io.tusk.operator.TuskOperator}.
 */
package io.tusk.operator.health;
